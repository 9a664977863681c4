export { DataGrid } from './DataGrid';
export { ProfilePanel } from './ProfilePanel';
export { SqlEditor } from './SqlEditor';
