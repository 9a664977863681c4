/** DBSCAN (density clusters, noise = −1) with the k-distance curve used to choose eps; exact, O(n²) — for samples. */
import { ModelInputError } from './errors';
import { dist2 } from './parallel';
import { requireComplete, type Matrix } from './matrix';

export const DBSCAN_MAX_ROWS = 20_000;

function checkSize(m: Matrix): void {
  requireComplete(m);
  if (m.rows > DBSCAN_MAX_ROWS)
    throw new ModelInputError('rows', `DBSCAN here works on up to ${DBSCAN_MAX_ROWS.toLocaleString('en-US')} rows; take a sample first.`);
}

/** As scikit-learn's DBSCAN: a core point has at least minSamples points (itself included) within eps. */
export function dbscan(m: Matrix, eps: number, minSamples: number): { labels: Int32Array; clusters: number; noise: number } {
  checkSize(m);
  if (!(eps > 0)) throw new ModelInputError('eps', 'must be above 0.');
  const n = m.rows;
  const d = m.cols;
  const e2 = eps * eps;
  const neighbours: number[][] = [];
  for (let i = 0; i < n; i++) {
    const list: number[] = [];
    for (let j = 0; j < n; j++) if (dist2(m.data, i * d, m.data, j * d, d) <= e2) list.push(j);
    neighbours.push(list);
  }
  const core = neighbours.map((l) => l.length >= minSamples);
  const labels = new Int32Array(n).fill(-1);
  let cluster = 0;
  for (let i = 0; i < n; i++) {
    if (!core[i] || labels[i] !== -1) continue;
    const stack = [i];
    labels[i] = cluster;
    while (stack.length) {
      const p = stack.pop()!;
      if (!core[p]) continue;
      for (const q of neighbours[p]!) {
        if (labels[q] !== -1) continue;
        labels[q] = cluster;
        stack.push(q);
      }
    }
    cluster++;
  }
  let noise = 0;
  for (const l of labels) if (l < 0) noise++;
  return { labels, clusters: cluster, noise };
}

/** Distance of every row to its k-th nearest other row, sorted descending: the elbow suggests eps. */
export function kDistance(m: Matrix, k: number): number[] {
  checkSize(m);
  const n = m.rows;
  const d = m.cols;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const ds: number[] = [];
    for (let j = 0; j < n; j++) if (j !== i) ds.push(dist2(m.data, i * d, m.data, j * d, d));
    ds.sort((a, b) => a - b);
    out.push(Math.sqrt(ds[Math.min(k, ds.length) - 1]!));
  }
  return out.sort((a, b) => b - a);
}
