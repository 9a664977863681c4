import './segments.css';
import type { Feature } from '../feature';
import { createSegmentsSlice, type SegmentsSlice } from './segments-slice';
import { SegmentsPage } from './SegmentsPage';

/** Saved populations (a journey map's drop-off, a SQL query) with the rule that recomputes them. */
export const feature: Feature<SegmentsSlice, 'segments'> = {
  name: 'segments',
  slice: createSegmentsSlice,
  routes: [{ id: 'segments', label: 'Segments', shortcut: '7', needsDataset: false, Page: SegmentsPage }],
};
