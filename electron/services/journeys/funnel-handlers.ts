import type { HandlersOf } from '../../../shared/api/contract';
import type { funnelContract } from '../../../shared/journeys/funnel-contract';
import type { ServiceDeps } from '../deps';
import { runFunnel } from './funnel-service';

export function funnelHandlers({ engine, datasets }: ServiceDeps): HandlersOf<typeof funnelContract> {
  return {
    'journeys.funnel': async ({ datasetId, ...req }, ctx) => runFunnel(engine, datasets.get(datasetId), req, ctx),
  };
}
