/** Agglomerative clustering with Ward linkage (Lance–Williams updates) and the merge list a dendrogram needs. */
import { ModelInputError } from './errors';
import { dist2 } from './parallel';
import { requireComplete, type Matrix } from './matrix';

export const AGGLOMERATIVE_MAX_ROWS = 5_000;

export interface Merge {
  /** Cluster ids as scipy numbers them: rows are 0..n−1, the i-th merge creates n + i. */
  a: number;
  b: number;
  /** Ward distance (as scipy.cluster.hierarchy.linkage(method='ward')). */
  distance: number;
  size: number;
}

export function ward(m: Matrix): Merge[] {
  requireComplete(m);
  const n = m.rows;
  if (n > AGGLOMERATIVE_MAX_ROWS)
    throw new ModelInputError(
      'rows',
      `agglomerative clustering here works on up to ${AGGLOMERATIVE_MAX_ROWS.toLocaleString('en-US')} rows; take a sample first.`,
    );
  if (n < 2) throw new ModelInputError('rows', 'needs at least two rows.');
  const d = m.cols;
  // Distances between active clusters (full matrix of Euclidean distances, updated in place).
  const D = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) D[i * n + j] = D[j * n + i] = Math.sqrt(dist2(m.data, i * d, m.data, j * d, d));
  const size = new Array<number>(n).fill(1);
  const id = Array.from({ length: n }, (_, i) => i);
  const active = new Array<boolean>(n).fill(true);
  const merges: Merge[] = [];
  for (let step = 0; step < n - 1; step++) {
    let bi = -1;
    let bj = -1;
    let best = Infinity;
    for (let i = 0; i < n; i++) {
      if (!active[i]) continue;
      for (let j = i + 1; j < n; j++) {
        if (active[j] && D[i * n + j]! < best) {
          best = D[i * n + j]!;
          bi = i;
          bj = j;
        }
      }
    }
    const si = size[bi]!;
    const sj = size[bj]!;
    // Lance–Williams for Ward on distances: d(k, i∪j)² = ((sk+si)d(k,i)² + (sk+sj)d(k,j)² − sk·d(i,j)²) / (sk+si+sj)
    for (let k = 0; k < n; k++) {
      if (!active[k] || k === bi || k === bj) continue;
      const sk = size[k]!;
      const v = ((sk + si) * D[k * n + bi]! ** 2 + (sk + sj) * D[k * n + bj]! ** 2 - sk * best * best) / (sk + si + sj);
      D[k * n + bi] = D[bi * n + k] = Math.sqrt(Math.max(0, v));
    }
    merges.push({ a: Math.min(id[bi]!, id[bj]!), b: Math.max(id[bi]!, id[bj]!), distance: best, size: si + sj });
    active[bj] = false;
    size[bi] = si + sj;
    id[bi] = n + step;
  }
  return merges;
}

/** Flat clusters by cutting the tree into k groups (labels numbered by first appearance). */
export function cutTree(merges: Merge[], n: number, k: number): Int32Array {
  if (k < 1 || k > n) throw new ModelInputError('k', `must be between 1 and ${n}.`);
  const parent = Array.from({ length: 2 * n - 1 }, (_, i) => i);
  const find = (x: number): number => (parent[x] === x ? x : (parent[x] = find(parent[x]!)));
  for (let s = 0; s < n - k; s++) {
    const { a, b } = merges[s]!;
    parent[find(a)] = n + s;
    parent[find(b)] = n + s;
  }
  const labels = new Int32Array(n);
  const seen = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const r = find(i);
    if (!seen.has(r)) seen.set(r, seen.size);
    labels[i] = seen.get(r)!;
  }
  return labels;
}
