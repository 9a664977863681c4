/** Request rules of the models feature that a schema alone cannot say: which options each clustering algorithm reads. */
import type { ClusterAlgorithm } from '../ml/catalog';
import { DEFAULT_CLUSTER_ALGORITHM } from '../ml/catalog';

/** PCA's feature scaling: standardised columns (the default) or raw values. */
export const PCA_SCALES = ['standard', 'none'] as const;
export type PcaScale = (typeof PCA_SCALES)[number];
export const DEFAULT_PCA_SCALE: PcaScale = 'standard';
/** Rows of the 2-D projection returned for a scatter plot (a seeded sample beyond it). */
export const PCA_PROJECTION_ROWS = 2_000;

/** DBSCAN's default minimum neighbourhood (the point itself included), as scikit-learn's min_samples. */
export const DEFAULT_MIN_SAMPLES = 5;
/** At most this many values of k in a range. */
export const MAX_K_VALUES = 31;

export interface ClusterOptions {
  algorithm?: ClusterAlgorithm;
  name?: string;
  k?: number;
  kRange?: [number, number];
  restarts?: number;
  eps?: number;
  minSamples?: number;
  table?: string;
}

/** Which options each algorithm reads; anything else given is refused, naming the algorithm. */
const READS: Record<ClusterAlgorithm, readonly (keyof ClusterOptions)[]> = {
  kmeans: ['name', 'k', 'kRange', 'restarts', 'table'],
  gaussian_mixture: ['k', 'kRange', 'table'],
  dbscan: ['eps', 'minSamples', 'table'],
  agglomerative: ['k', 'kRange', 'table'],
};
const OPTIONS: (keyof ClusterOptions)[] = ['name', 'k', 'kRange', 'restarts', 'eps', 'minSamples', 'table'];

/** What is wrong with a clustering request for its algorithm (empty: nothing), each naming its field. */
export function clusterRequestIssues(req: ClusterOptions): { field: string; message: string }[] {
  const algorithm = req.algorithm ?? DEFAULT_CLUSTER_ALGORITHM;
  const reads = READS[algorithm];
  if (!reads) return [];
  const issues: { field: string; message: string }[] = [];
  for (const option of OPTIONS)
    if (req[option] !== undefined && !reads.includes(option))
      issues.push({ field: option, message: `${algorithm} does not read ${option} (it reads ${reads.join(', ')}).` });
  if (algorithm === 'kmeans' && !req.name)
    issues.push({ field: 'name', message: 'kmeans registers a model: give it a name (letters, digits, dots, dashes, underscores).' });
  if (algorithm !== 'kmeans' && !req.table)
    issues.push({ field: 'table', message: `${algorithm} cannot be exported as a model: give a table for its labels.` });
  if (algorithm === 'dbscan' && req.eps === undefined)
    issues.push({
      field: 'eps',
      message: 'dbscan needs eps, the neighbourhood radius (the k-distance curve in its response helps choose it).',
    });
  if (reads.includes('k') && req.k === undefined && req.kRange === undefined)
    issues.push({ field: 'k', message: 'give the number of clusters, or a range to choose from.' });
  if (req.k !== undefined && req.kRange !== undefined) issues.push({ field: 'kRange', message: 'give k or kRange, not both.' });
  if (req.kRange) {
    const [lo, hi] = req.kRange;
    if (!(Number.isInteger(lo) && Number.isInteger(hi) && lo >= 2 && hi >= lo && hi - lo < MAX_K_VALUES))
      issues.push({
        field: 'kRange',
        message: `need whole numbers 2 ≤ min ≤ max, at most ${MAX_K_VALUES} values (got ${lo}–${hi}).`,
      });
  }
  return issues;
}
