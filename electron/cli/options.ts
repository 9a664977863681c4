/** Option checks shared by commands. */
import { ALGORITHMS, CLUSTER_ALGORITHMS } from '../../shared/ml/catalog';

/** What is wrong with --algorithm for cluster (null: nothing): the wired algorithms; the catalog's other clustering algorithms are named as not wired yet. */
export function clusterAlgorithmError(value: string | undefined): string | null {
  if (value === undefined || (CLUSTER_ALGORITHMS as readonly string[]).includes(value)) return null;
  const accepted = CLUSTER_ALGORITHMS.join(', ');
  if (ALGORITHMS.some((a) => a.id === value && a.kind === 'clustering'))
    return `--algorithm ${value} is not available on the command line yet (cluster accepts ${accepted}).`;
  return `--algorithm must be one of ${accepted} (got "${value}").`;
}
