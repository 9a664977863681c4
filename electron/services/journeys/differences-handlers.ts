import type { HandlersOf } from '../../../shared/api/contract';
import type { differencesContract } from '../../../shared/journeys/differences-contract';
import type { ServiceDeps } from '../deps';
import { differences } from './differences-service';

export function differencesHandlers({ engine, datasets }: ServiceDeps): HandlersOf<typeof differencesContract> {
  return {
    'journeys.differences': async ({ datasetId, ...req }, ctx) => differences(engine, datasets.get(datasetId), req, ctx),
  };
}
