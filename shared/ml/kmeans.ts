/** k-means with k-means++ seeding and several restarts (Lloyd's iterations), over a row-major matrix. */
import { checkCancel, ModelInputError, type FitControl } from './errors';
import type { Matrix } from './matrix';
import { requireComplete } from './matrix';
import { seededUniform } from './random';

export interface KMeansOptions {
  k: number;
  restarts?: number;
  maxIterations?: number;
  /** Stop when the centres move less than this, relative to the mean feature variance (scikit-learn's tol). */
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
  const shiftTol = (options.tolerance ?? 1e-4) * meanVariance(m);
  // Seeding looks at every point several times per centre: on large data a seeded sample serves as well.
  const seedRows = m.rows > INIT_SAMPLE ? sampleRows(m, INIT_SAMPLE, rand) : m;
  let best: KMeansModel | null = null;
  for (let r = 0; r < restarts; r++) {
    checkCancel(control);
    const fit = lloyd(m, k, plusPlus(seedRows, k, rand), options.maxIterations ?? 300, shiftTol, control);
    if (!best || fit.inertia < best.inertia) best = fit;
    control?.onProgress?.((r + 1) / restarts, `restart ${r + 1} of ${restarts}: inertia ${fit.inertia.toPrecision(6)}`);
  }
  return best!;
}

const INIT_SAMPLE = 100_000;

function meanVariance(m: Matrix): number {
  let total = 0;
  for (let f = 0; f < m.cols; f++) {
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < m.rows; i++) {
      const v = m.data[i * m.cols + f]!;
      s += v;
      s2 += v * v;
    }
    const mu = s / m.rows;
    total += s2 / m.rows - mu * mu;
  }
  return total / m.cols;
}

function sampleRows(m: Matrix, n: number, rand: () => number): Matrix {
  const data = new Float64Array(n * m.cols);
  for (let i = 0; i < n; i++) {
    const r = Math.floor(rand() * m.rows);
    data.set(m.data.subarray(r * m.cols, (r + 1) * m.cols), i * m.cols);
  }
  return { ...m, data, rows: n };
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

/**
 * Lloyd's iterations with Hamerly's bounds: each point keeps an upper bound on the distance to its centre
 * and a lower bound on the distance to any other; when the bounds prove the assignment cannot change,
 * no distance is computed. The result is exactly Lloyd's.
 */
function lloyd(m: Matrix, k: number, centroids: Float64Array, maxIter: number, shiftTol: number, control?: FitControl): KMeansModel {
  const { rows: n, cols: d, data } = m;
  const labels = new Int32Array(n);
  const upper = new Float64Array(n);
  const lower = new Float64Array(n);
  const sums = new Float64Array(k * d);
  const counts = new Float64Array(k);
  const half = new Float64Array(k);
  const move = new Float64Array(k);
  const old = new Float64Array(k * d);
  // First pass: exact nearest and second-nearest distances.
  for (let i = 0; i < n; i++) {
    const j1 = nearestTwo(data, i, centroids, k, d, upper, lower);
    labels[i] = j1;
    counts[j1]!++;
    for (let f = 0; f < d; f++) sums[j1 * d + f]! += data[i * d + f]!;
  }
  let it = 0;
  for (; it < maxIter; it++) {
    if (it % 5 === 0) checkCancel(control);
    // Move the centres to the means; record how far each moved.
    old.set(centroids);
    let shift = 0;
    let maxMove = 0;
    let maxJ = -1;
    let secondMove = 0;
    for (let j = 0; j < k; j++) {
      if (counts[j]! > 0) for (let f = 0; f < d; f++) centroids[j * d + f] = sums[j * d + f]! / counts[j]!;
      const mv2 = dist2(centroids, j * d, old, j * d, d);
      shift += mv2;
      const mv = Math.sqrt(mv2);
      move[j] = mv;
      if (mv > maxMove) {
        secondMove = maxMove;
        maxMove = mv;
        maxJ = j;
      } else if (mv > secondMove) secondMove = mv;
    }
    if (shift <= shiftTol) break;
    for (let i = 0; i < n; i++) {
      upper[i]! += move[labels[i]!]!;
      lower[i]! -= labels[i] === maxJ ? secondMove : maxMove;
    }
    // Half the distance from each centre to its nearest other centre.
    for (let j = 0; j < k; j++) {
      let nearestOther = Infinity;
      for (let o = 0; o < k; o++) if (o !== j) nearestOther = Math.min(nearestOther, dist2(centroids, j * d, centroids, o * d, d));
      half[j] = Math.sqrt(nearestOther) / 2;
    }
    for (let i = 0; i < n; i++) {
      const a = labels[i]!;
      const bound = Math.max(half[a]!, lower[i]!);
      if (upper[i]! <= bound) continue;
      upper[i] = Math.sqrt(dist2(data, i * d, centroids, a * d, d));
      if (upper[i]! <= bound) continue;
      const j1 = nearestTwo(data, i, centroids, k, d, upper, lower);
      if (j1 !== a) {
        labels[i] = j1;
        counts[a]!--;
        counts[j1]!++;
        for (let f = 0; f < d; f++) {
          const v = data[i * d + f]!;
          sums[a * d + f]! -= v;
          sums[j1 * d + f]! += v;
        }
      }
    }
  }
  // Final assignment against the final centres (bounds still prove most points), so labels and inertia agree exactly.
  for (let j = 0; j < k; j++) move[j] = Math.sqrt(dist2(centroids, j * d, old, j * d, d));
  const maxAll = Math.max(...move);
  let inertia = 0;
  const sizes = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++) {
    const a = labels[i]!;
    const u = Math.sqrt(dist2(data, i * d, centroids, a * d, d));
    let j1 = a;
    let best = u * u;
    if (u > lower[i]! - maxAll) {
      for (let j = 0; j < k; j++) {
        const dd = dist2(data, i * d, centroids, j * d, d);
        if (dd < best) {
          best = dd;
          j1 = j;
        }
      }
    }
    labels[i] = j1;
    sizes[j1]!++;
    inertia += best;
  }
  return { kind: 'kmeans', k, features: m.names, centroids, inertia, iterations: it + 1, labels, sizes };
}

/** The nearest centre of row i; its distance goes to upper[i], the second-nearest distance to lower[i]. */
function nearestTwo(
  data: Float64Array,
  i: number,
  centroids: Float64Array,
  k: number,
  d: number,
  upper: Float64Array,
  lower: Float64Array,
): number {
  let b1 = Infinity;
  let b2 = Infinity;
  let j1 = 0;
  for (let j = 0; j < k; j++) {
    const dd = dist2(data, i * d, centroids, j * d, d);
    if (dd < b1) {
      b2 = b1;
      b1 = dd;
      j1 = j;
    } else if (dd < b2) b2 = dd;
  }
  upper[i] = Math.sqrt(b1);
  lower[i] = Math.sqrt(b2);
  return j1;
}

function centreNorms(c: Float64Array, norms: Float64Array, k: number, d: number): void {
  for (let j = 0; j < k; j++) {
    let s = 0;
    for (let f = 0; f < d; f++) s += c[j * d + f]! * c[j * d + f]!;
    norms[j] = s;
  }
}

/** argmin over centres of ‖c‖² − 2·x·c (‖x‖² is the same for every centre). */
function nearest(x: Float64Array, xi: number, c: Float64Array, norms: Float64Array, k: number, d: number): number {
  let best = 0;
  let bestV = Infinity;
  for (let j = 0; j < k; j++) {
    let dot = 0;
    const cj = j * d;
    for (let f = 0; f < d; f++) dot += x[xi + f]! * c[cj + f]!;
    const v = norms[j]! - 2 * dot;
    if (v < bestV) {
      bestV = v;
      best = j;
    }
  }
  return best;
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
  const norms = new Float64Array(model.k);
  centreNorms(model.centroids, norms, model.k, d);
  const out = new Int32Array(m.rows);
  for (let i = 0; i < m.rows; i++) out[i] = nearest(m.data, i * d, model.centroids, norms, model.k, d);
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

/**
 * The elbow of a decreasing curve (inertia over k): the point farthest below the straight line from the
 * first point to the last, both axes scaled to [0, 1] (the "kneedle" rule).
 */
export function elbow(ks: number[], inertia: number[]): number {
  if (ks.length < 3) return ks[0]!;
  const k0 = ks[0]!;
  const k1 = ks[ks.length - 1]!;
  const hi = inertia[0]!;
  const lo = inertia[inertia.length - 1]!;
  // A straight line has no elbow: then the smallest k.
  let best = ks[0]!;
  let gap = 1e-9;
  ks.forEach((k, i) => {
    const x = (k - k0) / (k1 - k0);
    const y = hi === lo ? 0 : (inertia[i]! - lo) / (hi - lo);
    // The chord runs from (0, 1) to (1, 0): distance below it is (1 − x) − y.
    if (1 - x - y > gap) [gap, best] = [1 - x - y, k];
  });
  return best;
}
