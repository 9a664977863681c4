import type { HandlersOf } from '../../../shared/api/contract';
import type { pathsContract } from '../../../shared/journeys/paths-contract';
import type { ServiceDeps } from '../deps';

export function pathsHandlers(_deps: ServiceDeps): HandlersOf<typeof pathsContract> {
  return {};
}
