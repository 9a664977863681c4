import type { HandlersOf } from '../../../shared/api/contract';
import type { journeysContract } from '../../../shared/journeys/contract';
import type { ServiceDeps } from '../deps';
import { differencesHandlers } from './differences-handlers';
import { funnelHandlers } from './funnel-handlers';
import { mapsHandlers } from './maps-handlers';
import { pathsHandlers } from './paths-handlers';

export function journeysHandlers(deps: ServiceDeps): HandlersOf<typeof journeysContract> {
  return { ...mapsHandlers(deps), ...funnelHandlers(deps), ...pathsHandlers(deps), ...differencesHandlers(deps) };
}
