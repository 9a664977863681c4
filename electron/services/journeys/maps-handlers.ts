import type { HandlersOf } from '../../../shared/api/contract';
import type { mapsContract } from '../../../shared/journeys/maps-contract';
import { JOURNEY_TEMPLATES } from '../../../shared/journeys/templates';
import type { ServiceDeps } from '../deps';
import { MapStore } from './map-store';

export function mapsHandlers({ store }: ServiceDeps): HandlersOf<typeof mapsContract> {
  const maps = new MapStore(store);
  return {
    'journeys.maps.list': async () => maps.list(),
    'journeys.maps.get': async ({ id }) => maps.get(id),
    'journeys.maps.save': async ({ map }) => maps.save(map),
    'journeys.maps.delete': async ({ id }) => maps.delete(id),
    'journeys.templates': async () => JOURNEY_TEMPLATES,
  };
}
