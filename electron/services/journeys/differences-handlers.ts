import type { HandlersOf } from '../../../shared/api/contract';
import type { differencesContract } from '../../../shared/journeys/differences-contract';
import { quoteIdent } from '../../../shared/sql';
import type { ServiceDeps } from '../deps';
import { SegmentStore } from '../segments/segment-store';
import { differences } from './differences-service';
import { populationSource } from './population-source';

export function differencesHandlers({ engine, datasets, store }: ServiceDeps): HandlersOf<typeof differencesContract> {
  const segments = new SegmentStore(store);
  return {
    'journeys.differences': async ({ datasetId, population, ...req }, ctx) => {
      const d = datasets.get(datasetId);
      const restrict = (column: string) => populationSource({ engine, datasets, segments }, population, d, quoteIdent(d.relation), column);
      return differences(engine, d, req, ctx, restrict);
    },
  };
}
