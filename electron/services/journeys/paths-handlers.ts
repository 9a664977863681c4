import type { HandlersOf } from '../../../shared/api/contract';
import type { pathsContract } from '../../../shared/journeys/paths-contract';
import type { ServiceDeps } from '../deps';
import { attribution, paths } from './paths-service';

export function pathsHandlers({ engine, datasets }: ServiceDeps): HandlersOf<typeof pathsContract> {
  return {
    'journeys.paths': async ({ datasetId, ...req }, ctx) => paths(engine, datasets.get(datasetId), req, ctx),
    'journeys.attribution': async ({ datasetId, ...req }, ctx) => attribution(engine, datasets.get(datasetId), req, ctx),
  };
}
