/** k-means with k-means++ seeding and several restarts (Lloyd's iterations), over a row-major matrix. */
import { checkCancel, ModelInputError, type FitControl } from './errors';
import type { Matrix } from './matrix';
import { requireComplete } from './matrix';
import { seededUniform } from './random';

export interface KMeansOptions {
  k: number;
  restarts?: number;
  maxIterations?: number;
  /** Stop when inertia improves by less than this fraction. */
  tolerance?: number;
  seed?: number;
}

export interface KMeansModel {
  kind: 'kmeans';
  k: number;
  features: string[];
  /** k × d, row-major. */
  centroids: Float64Array;
  inertia: number;
  iterations: number;
  labels: Int32Array;
  sizes: number[];
}

export function kmeans(m: Matrix, options: KMeansOptions, control?: FitControl): KMeansModel {
  requireComplete(m);
  const { k } = options;
  if (!Number.isInteger(k) || k < 1) throw new ModelInputError('k', 'must be a whole number of at least 1.');
  if (k > m.rows) throw new ModelInputError('k', `asks for ${k} clusters but there are only ${m.rows} rows.`);
  const restarts = options.restarts ?? 10;
  const rand = seededUniform(options.seed ?? 0);
  let best: KMeansModel | null = null;
  for (let r = 0; r < restarts; r++) {
    checkCancel(control);
    const fit = lloyd(m, k, plusPlus(m, k, rand), options.maxIterations ?? 300, options.tolerance ?? 1e-7, control);
    if (!best || fit.inertia < best.inertia) best = fit;
    control?.onProgress?.((r + 1) / restarts, `restart ${r + 1} of ${restarts}: inertia ${fit.inertia.toPrecision(6)}`);
  }
  return best!;
}

/** k-means++ seeding with 2 + log(k) candidate draws per centre (as scikit-learn's greedy variant). */
function plusPlus(m: Matrix, k: number, rand: () => number): Float64Array {
  const { rows: n, cols: d, data } = m;
  const c = new Float64Array(k * d);
  const first = Math.floor(rand() * n);
  c.set(data.subarray(first * d, first * d + d), 0);
  const closest = new Float64Array(n);
  for (let i = 0; i < n; i++) closest[i] = dist2(data, i * d, c, 0, d);
  const trials = 2 + Math.floor(Math.log(k));
  for (let j = 1; j < k; j++) {
    let total = 0;
    for (let i = 0; i < n; i++) total += closest[i]!;
    let bestCandidate = -1;
    let bestPot = Infinity;
    for (let t = 0; t < trials; t++) {
      let target = rand() * total;
      let pick = n - 1;
      for (let i = 0; i < n; i++) {
        target -= closest[i]!;
        if (target <= 0) {
          pick = i;
          break;
        }
      }
      let pot = 0;
      for (let i = 0; i < n; i++) pot += Math.min(closest[i]!, dist2(data, i * d, data, pick * d, d));
      if (pot < bestPot) {
        bestPot = pot;
        bestCandidate = pick;
      }
    }
    c.set(data.subarray(bestCandidate * d, bestCandidate * d + d), j * d);
    for (let i = 0; i < n; i++) closest[i] = Math.min(closest[i]!, dist2(data, i * d, c, j * d, d));
  }
  return c;
}

function lloyd(m: Matrix, k: number, centroids: Float64Array, maxIter: number, tol: number, control?: FitControl): KMeansModel {
  const { rows: n, cols: d, data } = m;
  const labels = new Int32Array(n);
  const sums = new Float64Array(k * d);
  const counts = new Float64Array(k);
  let inertia = Infinity;
  let it = 0;
  for (; it < maxIter; it++) {
    if (it % 10 === 0) checkCancel(control);
    let next = 0;
    sums.fill(0);
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      let bestJ = 0;
      let bestD = Infinity;
      for (let j = 0; j < k; j++) {
        const dd = dist2(data, i * d, centroids, j * d, d);
        if (dd < bestD) {
          bestD = dd;
          bestJ = j;
        }
      }
      labels[i] = bestJ;
      next += bestD;
      counts[bestJ]!++;
      for (let f = 0; f < d; f++) sums[bestJ * d + f]! += data[i * d + f]!;
    }
    for (let j = 0; j < k; j++) {
      if (counts[j]! === 0) continue; // an empty cluster keeps its centre
      for (let f = 0; f < d; f++) centroids[j * d + f] = sums[j * d + f]! / counts[j]!;
    }
    const done = inertia - next <= tol * next;
    inertia = next;
    if (done) break;
  }
  // Final assignment against the final centres, so labels and inertia agree.
  let final = 0;
  const sizes = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++) {
    let bestJ = 0;
    let bestD = Infinity;
    for (let j = 0; j < k; j++) {
      const dd = dist2(data, i * d, centroids, j * d, d);
      if (dd < bestD) {
        bestD = dd;
        bestJ = j;
      }
    }
    labels[i] = bestJ;
    sizes[bestJ]!++;
    final += bestD;
  }
  return { kind: 'kmeans', k, features: m.names, centroids, inertia: final, iterations: it + 1, labels, sizes };
}

export function dist2(a: Float64Array, ai: number, b: Float64Array, bi: number, d: number): number {
  let s = 0;
  for (let f = 0; f < d; f++) {
    const t = a[ai + f]! - b[bi + f]!;
    s += t * t;
  }
  return s;
}

export function predictKMeans(model: KMeansModel, m: Matrix): Int32Array {
  const d = m.cols;
  const out = new Int32Array(m.rows);
  for (let i = 0; i < m.rows; i++) {
    let bestJ = 0;
    let bestD = Infinity;
    for (let j = 0; j < model.k; j++) {
      const dd = dist2(m.data, i * d, model.centroids, j * d, d);
      if (dd < bestD) {
        bestD = dd;
        bestJ = j;
      }
    }
    out[i] = bestJ;
  }
  return out;
}

/** Mean silhouette coefficient over all rows, or over a seeded sample of rows for large n. */
export function silhouette(m: Matrix, labels: Int32Array, k: number, sampleSize?: number, seed = 0): number {
  const n = m.rows;
  const d = m.cols;
  let idx = Array.from({ length: n }, (_, i) => i);
  if (sampleSize && sampleSize < n) {
    const rand = seededUniform(seed);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [idx[i], idx[j]] = [idx[j]!, idx[i]!];
    }
    idx = idx.slice(0, sampleSize);
  }
  const counts = new Array<number>(k).fill(0);
  for (const i of idx) counts[labels[i]!]!++;
  let total = 0;
  const sums = new Float64Array(k);
  for (const i of idx) {
    sums.fill(0);
    for (const j of idx) if (j !== i) sums[labels[j]!]! += Math.sqrt(dist2(m.data, i * d, m.data, j * d, d));
    const own = labels[i]!;
    if (counts[own]! <= 1) continue; // a singleton cluster scores 0, as in scikit-learn
    const a = sums[own]! / (counts[own]! - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && counts[c]! > 0) b = Math.min(b, sums[c]! / counts[c]!);
    total += (b - a) / Math.max(a, b);
  }
  return total / idx.length;
}
