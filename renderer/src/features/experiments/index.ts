export { ExperimentsPage } from './ExperimentsPage';
export { createExperimentsSlice, type ExperimentsSlice } from './experiments-slice';
