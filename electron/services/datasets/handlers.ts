import type { HandlersOf } from '../../../shared/api/contract';
import type { datasetsContract } from '../../../shared/datasets/contract';
import type { ServiceDeps } from '../deps';

export function datasetsHandlers({ datasets, explore }: ServiceDeps): HandlersOf<typeof datasetsContract> {
  return {
    'datasets.list': async () => datasets.list(),
    'datasets.preview': async ({ path, options }) => datasets.preview(path, options),
    'datasets.open': async (req) => datasets.open(req),
    'datasets.remove': async ({ id }) => {
      explore.forget(id);
      return { removed: await datasets.remove(id) };
    },
  };
}
