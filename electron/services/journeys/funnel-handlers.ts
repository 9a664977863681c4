import type { HandlersOf } from '../../../shared/api/contract';
import type { funnelContract } from '../../../shared/journeys/funnel-contract';
import type { ServiceDeps } from '../deps';
import { SegmentStore } from '../segments/segment-store';
import { runFunnel } from './funnel-service';
import { populationSource } from './population-source';

export function funnelHandlers({ engine, datasets, store }: ServiceDeps): HandlersOf<typeof funnelContract> {
  const segments = new SegmentStore(store);
  return {
    'journeys.funnel': async ({ datasetId, population, ...req }, ctx) => {
      const d = datasets.get(datasetId);
      const restrict = (source: string) => populationSource({ engine, datasets, segments }, population, d, source, req.customerColumn);
      return runFunnel(engine, d, req, ctx, undefined, restrict);
    },
  };
}
