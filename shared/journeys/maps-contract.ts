/** Journeys: the maps methods (request schemas and response types). */
import { z } from 'zod';
import { empty, id, returns } from '../api/schemas';
import { journeyMapInputSchema, type JourneyMap, type MapVersion } from './map';
import type { JourneyTemplate } from './templates';

/** A map as stored: the map and when it was created and last saved. */
export type SavedJourneyMap = JourneyMap & { createdAt: string; updatedAt: string };

/** One line of the map list. */
export interface JourneyMapSummary {
  id: string;
  name: string;
  version: MapVersion;
  persona: string;
  stages: number;
  cards: number;
  bound: boolean;
  updatedAt: string;
}

export const mapsContract = {
  'journeys.maps.list': { request: empty, response: returns<JourneyMapSummary[]>() },
  'journeys.maps.get': { request: z.object({ id }).strict(), response: returns<SavedJourneyMap>() },
  /** Creates (no `map.id`) or replaces a map; answers with the map as saved. */
  'journeys.maps.save': { request: z.object({ map: journeyMapInputSchema }).strict(), response: returns<SavedJourneyMap>() },
  'journeys.maps.delete': { request: z.object({ id }).strict(), response: returns<{ removed: true }>() },
  'journeys.templates': { request: empty, response: returns<readonly JourneyTemplate[]>() },
} as const;
