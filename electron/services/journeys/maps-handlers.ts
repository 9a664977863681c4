import type { HandlersOf } from '../../../shared/api/contract';
import type { mapsContract } from '../../../shared/journeys/maps-contract';
import type { ServiceDeps } from '../deps';

export function mapsHandlers(_deps: ServiceDeps): HandlersOf<typeof mapsContract> {
  return {};
}
