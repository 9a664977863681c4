import type { HandlersOf } from '../../../shared/api/contract';
import type { funnelContract } from '../../../shared/journeys/funnel-contract';
import type { ServiceDeps } from '../deps';

export function funnelHandlers(_deps: ServiceDeps): HandlersOf<typeof funnelContract> {
  return {};
}
