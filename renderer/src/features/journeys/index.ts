import './journeys.css';
import type { Feature } from '../feature';
import { createJourneysSlice, type JourneysSlice } from './journeys-slice';
import { JourneysPage } from './JourneysPage';

/** Journey maps: stages × lanes of cards, bound to an event table so touchpoints show what customers did. */
export const feature: Feature<JourneysSlice, 'journeys'> = {
  name: 'journeys',
  slice: createJourneysSlice,
  routes: [{ id: 'journeys', label: 'Journeys', shortcut: '6', needsDataset: false, Page: JourneysPage }],
};
