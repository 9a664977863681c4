export { DatasetBrowser } from './DatasetBrowser';
export { JobsBar } from './JobsBar';
export { OpenDialog } from './OpenDialog';
