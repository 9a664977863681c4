/** k-means with k-means++ seeding and several restarts (Lloyd's iterations), over a row-major matrix. */
import { checkCancel, ModelInputError, type FitControl } from './errors';
import type { Matrix } from './matrix';
import { columnMoments, requireComplete } from './matrix';
import { dist2, readableByPair, runKernel, sharedArray, type Pair } from './parallel';
import { seededUniform } from './random';

/** k-means++ starts per fit (scikit-learn's n_init): a single k and every k of a range get the same. */
export const KMEANS_RESTARTS = 10;

export interface KMeansOptions {
  k: number;
  /** Default KMEANS_RESTARTS. */
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

/** With a pair, the assignment passes run on two threads. */
export function kmeans(input: Matrix, options: KMeansOptions, control?: FitControl, pair?: Pair): KMeansModel {
  const { k } = options;
  if (!Number.isInteger(k) || k < 1) throw new ModelInputError('k', 'must be a whole number of at least 1.');
  const m = { ...input, data: readableByPair(input.data, pair) };
  // One pass gives the variances and finds missing values (a NaN mean); only then is the matrix scanned to name one.
  const { mean, variance } = columnMoments(m, pair);
  if (mean.some(Number.isNaN)) requireComplete(m);
  if (k > m.rows) throw new ModelInputError('k', `asks for ${k} clusters but there are only ${m.rows} rows.`);
  const restarts = options.restarts ?? KMEANS_RESTARTS;
  const rand = seededUniform(options.seed ?? 0);
  const shiftTol = ((options.tolerance ?? 1e-4) * variance.reduce((a, v) => a + v, 0)) / m.cols;
  // Seeding looks at every point several times per centre: on large data a seeded sample serves as well.
  const seedRows = m.rows > INIT_SAMPLE ? sampleRows(m, INIT_SAMPLE, rand) : m;
  let best: KMeansModel | null = null;
  for (let r = 0; r < restarts; r++) {
    checkCancel(control);
    const fit = lloyd(m, k, plusPlus(seedRows, k, rand), options.maxIterations ?? 300, shiftTol, control, pair);
    if (!best || fit.inertia < best.inertia) best = fit;
    control?.onProgress?.((r + 1) / restarts, `restart ${r + 1} of ${restarts}: inertia ${fit.inertia.toPrecision(6)}`);
  }
  return best!;
}

const INIT_SAMPLE = 100_000;

function sampleRows(m: Matrix, n: number, rand: () => number): Matrix {
  const data = new Float64Array(n * m.cols);
  for (let i = 0; i < n; i++) {
    const r = Math.floor(rand() * m.rows);
    for (let f = 0, from = r * m.cols, to = i * m.cols; f < m.cols; f++) data[to + f] = m.data[from + f]!;
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
 * Lloyd's iterations with Hamerly's bounds (the `hamerly` kernel, on two threads with a pair): when the
 * bounds prove a row's label cannot change, no distance is computed. The result is exactly Lloyd's.
 */
function lloyd(
  m: Matrix,
  k: number,
  start: Float64Array,
  maxIter: number,
  shiftTol: number,
  control?: FitControl,
  pair?: Pair,
): KMeansModel {
  const { rows: n, cols: d, data } = m;
  const arrays = {
    X: data,
    labels: sharedArray(Int32Array, n, pair),
    upper: sharedArray(Float64Array, n, pair),
    lower: sharedArray(Float64Array, n, pair),
    centroids: sharedArray(Float64Array, k * d, pair),
    move: sharedArray(Float64Array, k, pair),
    half: sharedArray(Float64Array, k, pair),
  };
  const { centroids, move, half } = arrays;
  centroids.set(start);
  const sums = new Float64Array(k * d);
  const counts = new Float64Array(k);
  const old = new Float64Array(k * d);
  const out = new Float64Array(k * d + k + 1);
  const pass = (mode: number, maxJ = 0, maxMove = 0, secondMove = 0) => {
    out.fill(0);
    runKernel(pair, arrays, 'hamerly', [k, d, mode, maxJ, maxMove, secondMove], 0, n, out);
  };
  pair?.begin(arrays, out.length);
  try {
    pass(0);
    sums.set(out.subarray(0, k * d));
    counts.set(out.subarray(k * d, k * d + k));
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
      // Half the distance from each centre to its nearest other centre.
      for (let j = 0; j < k; j++) {
        let nearestOther = Infinity;
        for (let o = 0; o < k; o++) if (o !== j) nearestOther = Math.min(nearestOther, dist2(centroids, j * d, centroids, o * d, d));
        half[j] = Math.sqrt(nearestOther) / 2;
      }
      pass(1, maxJ, maxMove, secondMove);
      for (let q = 0; q < k * d; q++) sums[q]! += out[q]!;
      for (let j = 0; j < k; j++) counts[j]! += out[k * d + j]!;
    }
    // Final labels against the final centres (bounds still prove most rows), so labels and inertia agree exactly.
    let maxAll = 0;
    for (let j = 0; j < k; j++) maxAll = Math.max(maxAll, Math.sqrt(dist2(centroids, j * d, old, j * d, d)));
    pass(2, 0, maxAll);
    const sizes = Array.from(out.subarray(k * d, k * d + k));
    return {
      kind: 'kmeans',
      k,
      features: m.names,
      centroids: Float64Array.from(centroids),
      inertia: out[k * d + k]!,
      iterations: it + 1,
      labels: arrays.labels,
      sizes,
    };
  } finally {
    pair?.end();
  }
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
