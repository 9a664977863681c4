import type { HandlersOf } from '../../../shared/api/contract';
import type { experimentsContract } from '../../../shared/experiments/contract';
import type { ServiceDeps } from '../deps';

export function experimentsHandlers({ datasets, experiments, savedExperiments }: ServiceDeps): HandlersOf<typeof experimentsContract> {
  return {
    'experiments.analyze': async ({ datasetId, ...spec }, ctx) =>
      experiments.analyzeWithContext(datasets.get(datasetId), { datasetId, ...spec }, ctx),
    'experiments.list': async () => savedExperiments.list(),
    'experiments.save': async (req) => savedExperiments.save(req),
    'experiments.duplicate': async ({ id }) => savedExperiments.duplicate(id),
    'experiments.delete': async ({ id }) => ({ removed: savedExperiments.delete(id) }),
    'experiments.export': async ({ id, format, path }) => savedExperiments.export(id, format, path),
  };
}
