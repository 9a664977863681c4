/** The method names alone, for the preload's allow-list (the preload must stay free of dependencies). */
export const METHOD_NAMES = [
  'app.info',
  'files.list',
  'datasets.list',
  'datasets.preview',
  'datasets.open',
  'datasets.remove',
  'jobs.status',
  'jobs.cancel',
  'explore.page',
  'explore.profile',
  'query.run',
  'query.cancel',
  'query.history',
  'query.saved',
  'query.save',
  'query.deleteSaved',
  'export.result',
  'experiments.analyze',
  'experiments.list',
  'experiments.save',
  'experiments.duplicate',
  'experiments.delete',
  'experiments.export',
  'audit.list',
] as const;

export const IPC_CHANNEL = 'workbench:invoke';
