import './experiments.css';
import type { Feature } from '../feature';
import { createExperimentsSlice, type ExperimentsSlice } from './experiments-slice';
import { ExperimentsPage } from './ExperimentsPage';

/** Significance calculators, analyses from a loaded table, saved experiments and their reports. */
export const feature: Feature<ExperimentsSlice, 'experiments'> = {
  name: 'experiments',
  slice: createExperimentsSlice,
  routes: [{ id: 'experiments', label: 'Experiments', shortcut: '4', needsDataset: false, Page: ExperimentsPage }],
};
