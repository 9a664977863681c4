import './explore.css';
import type { Feature } from '../feature';
import { DataGrid } from './DataGrid';
import { ProfilePanel } from './ProfilePanel';
import { createSqlSlice, type SqlSlice } from './sql-slice';
import { SqlEditor } from './SqlEditor';

/** The grid, column profiles and SQL over the loaded datasets. */
export const feature: Feature<SqlSlice, 'grid' | 'profile' | 'sql'> = {
  name: 'explore',
  slice: createSqlSlice,
  routes: [
    { id: 'grid', label: 'Data', shortcut: '1', needsDataset: true, Page: DataGrid },
    { id: 'profile', label: 'Profile', shortcut: '2', needsDataset: true, Page: ProfilePanel },
    { id: 'sql', label: 'SQL', shortcut: '3', needsDataset: false, Page: SqlEditor },
  ],
};
