import type { HandlersOf } from '../../../shared/api/contract';
import type { pathsContract } from '../../../shared/journeys/paths-contract';
import { quoteIdent } from '../../../shared/sql';
import type { ServiceDeps } from '../deps';
import { SegmentStore } from '../segments/segment-store';
import { attribution, paths } from './paths-service';
import { populationSource } from './population-source';

export function pathsHandlers({ engine, datasets, store }: ServiceDeps): HandlersOf<typeof pathsContract> {
  const segments = new SegmentStore(store);
  return {
    'journeys.paths': async ({ datasetId, population, ...req }, ctx) => {
      const d = datasets.get(datasetId);
      const restrict = (column: string) => populationSource({ engine, datasets, segments }, population, d, quoteIdent(d.relation), column);
      return paths(engine, d, req, ctx, restrict);
    },
    'journeys.attribution': async ({ datasetId, population, ...req }, ctx) => {
      const d = datasets.get(datasetId);
      const restrict = (column: string) => populationSource({ engine, datasets, segments }, population, d, quoteIdent(d.relation), column);
      return attribution(engine, d, req, ctx, restrict);
    },
  };
}
