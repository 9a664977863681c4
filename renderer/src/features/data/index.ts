import './data.css';
import type { Feature } from '../feature';
import { createDataSlice, type DataSlice } from './data-slice';

/** Datasets: the catalog, loads and their jobs. No tab of its own; the shell shows its browser, jobs bar and open dialog. */
export const feature: Feature<DataSlice> = { name: 'data', slice: createDataSlice, routes: [] };

export { DatasetBrowser } from './DatasetBrowser';
export { JobsBar } from './JobsBar';
export { OpenDialog } from './OpenDialog';
