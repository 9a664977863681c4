/**
 * Two threads for the hot loops of a fit. A kernel sums a quantity over a range of rows into `out`;
 * the fit hands the range to a Pair, which gives the upper half to a helper thread and adds the
 * helper's sum into `out`. The arrays a kernel reads must be backed by SharedArrayBuffer (see
 * `sharedArray`). The Pair itself is supplied by the host (worker threads in Node); without one,
 * fits run the kernel on one thread.
 */
export type SharedArray = Float64Array | Int32Array | Uint8Array | Uint32Array;
export type Kernel = (arrays: Record<string, SharedArray>, params: Float64Array, start: number, end: number, out: Float64Array) => void;

/** The logistic function, without overflow for large |z| (kernels, boosting and logistic regression share it). */
export const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/**
 * Gradient, hessian and count histograms, feature-major with stride 3·B, for the rows at positions
 * [start, end) of a tree grower (contiguous: bins in `words`, gradient and hessian first of each
 * row's `vals`). Rows of bins are whole 32-bit words, read four bins per load (measured 25% faster
 * than byte by byte). Params: [d, B, rowWords, valsPerRow].
 */
const histogram: Kernel = (a, params, start, end, out) => {
  const bins = a.bins as Uint8Array;
  const words = a.words as Uint32Array;
  const vals = a.vals as Float64Array;
  const d = params[0]! | 0;
  const stride = (params[1]! * 3) | 0;
  const rowWords = params[2]! | 0;
  const V = params[3]! | 0;
  const full = d >> 2;
  for (let k = start; k < end; k++) {
    const gi = vals[V * k]!;
    const hi = vals[V * k + 1]!;
    let w = k * rowWords;
    let off = 0;
    for (let q = 0; q < full; q++, w++) {
      const word = words[w]!;
      let p = off + (word & 255) * 3;
      out[p]! += gi;
      out[p + 1]! += hi;
      out[p + 2]!++;
      off += stride;
      p = off + ((word >>> 8) & 255) * 3;
      out[p]! += gi;
      out[p + 1]! += hi;
      out[p + 2]!++;
      off += stride;
      p = off + ((word >>> 16) & 255) * 3;
      out[p]! += gi;
      out[p + 1]! += hi;
      out[p + 2]!++;
      off += stride;
      p = off + (word >>> 24) * 3;
      out[p]! += gi;
      out[p + 1]! += hi;
      out[p + 2]!++;
      off += stride;
    }
    // The last d mod 4 features, byte by byte (little-endian words: byte j is bits 8j..8j+7).
    const base = k * rowWords * 4;
    for (let f = full << 2; f < d; f++, off += stride) {
      const p = off + bins[base + f]! * 3;
      out[p]! += gi;
      out[p + 1]! += hi;
      out[p + 2]!++;
    }
  }
};

/**
 * Boosting's step between trees, for the rows at positions [start, end) of a tree grower, whose values
 * are [gradient, hessian, score, target]: applies the last tree's leaves (they tile the positions: leaf q
 * ends at leafEnd[q] and carries leafStep[q]) to the score, computes the gradient and hessian, and sums
 * them into the next root's histogram (stride 3·B, as `histogram`; the counts are the same for every tree
 * and left to the caller). One pass instead of three (leaf update, gradients, root histogram).
 * Squared error: the score is the raw prediction, a leaf's step its value added, and the target the plain
 * target. Log loss: the score is e^(−raw) and a leaf's step e^(−value) multiplies it, so p = 1/(1 + score)
 * needs no exponential per row (Math.exp was a third of the pass); the target is weight·(2y − 1).
 * Params: [squared, d, B, rowWords].
 */
const boostStep: Kernel = (a, params, start, end, out) => {
  const vals = a.vals as Float64Array;
  const words = a.words as Uint32Array;
  const bins = a.bins as Uint8Array;
  const leafEnd = a.leafEnd as Float64Array;
  const leafStep = a.leafStep as Float64Array;
  const squared = params[0] === 1;
  const d = params[1]! | 0;
  const stride = (params[2]! * 3) | 0;
  const rowWords = params[3]! | 0;
  const full = d >> 2;
  let leaf = 0;
  while (leafEnd[leaf]! <= start) leaf++;
  let leafStop = leafEnd[leaf]!;
  let step = leafStep[leaf]!;
  for (let k = start; k < end; k++) {
    while (k >= leafStop) {
      leaf++;
      leafStop = leafEnd[leaf]!;
      step = leafStep[leaf]!;
    }
    const at = 4 * k;
    const t = vals[at + 3]!;
    let gi: number;
    let hi: number;
    if (squared) {
      const raw = vals[at + 2]! + step;
      vals[at + 2] = raw;
      gi = raw - t;
      hi = 1;
    } else {
      const e = vals[at + 2]! * step;
      vals[at + 2] = e;
      const w = Math.abs(t);
      const p = 1 / (1 + e);
      gi = w * (p - (t > 0 ? 1 : 0));
      hi = w * Math.max(p * (1 - p), 1e-16);
    }
    vals[at] = gi;
    vals[at + 1] = hi;
    // The histogram kernel's row loop without the counts, written out again on purpose: a shared row
    // function took the whole fit from 5.4 to 5.8 s at 300k×20 (counting), or 6.4 s (a count flag).
    let w = k * rowWords;
    let off = 0;
    for (let q = 0; q < full; q++, w++) {
      const word = words[w]!;
      let p = off + (word & 255) * 3;
      out[p]! += gi;
      out[p + 1]! += hi;
      off += stride;
      p = off + ((word >>> 8) & 255) * 3;
      out[p]! += gi;
      out[p + 1]! += hi;
      off += stride;
      p = off + ((word >>> 16) & 255) * 3;
      out[p]! += gi;
      out[p + 1]! += hi;
      off += stride;
      p = off + (word >>> 24) * 3;
      out[p]! += gi;
      out[p + 1]! += hi;
      off += stride;
    }
    const base = k * rowWords * 4;
    for (let f = full << 2; f < d; f++, off += stride) {
      const p = off + bins[base + f]! * 3;
      out[p]! += gi;
      out[p + 1]! += hi;
    }
  }
};

/**
 * Logistic regression's gradient (out[0..p)) and, when asked, the lower triangle of its Hessian
 * (out[p..p + p²), row-major) over rows [start, end), both on the standardised features
 * (x − mean)·inv, which are never materialised. The intercept is the last of the p = d + 1 parameters.
 * Rows go in blocks of ROW_BLOCK: the residuals of a block first, then each sum over the block's
 * rows with four independent accumulators (the rows are still in cache). Measured at 1M×20 on one
 * thread: 55 ms a gradient pass, against 88 ms accumulating row by row into `out` (a Hessian pass 1.4× faster).
 * Params: [d, C, w0, w1, withHessian].
 */
const logistic: Kernel = (a, params, start, end, out) => {
  const X = a.X as Float64Array;
  const y = a.y as Float64Array;
  const beta = a.beta as Float64Array;
  const mean = a.mean as Float64Array;
  const inv = a.inv as Float64Array;
  const d = params[0]! | 0;
  const C = params[1]!;
  const w0 = params[2]! * C;
  const w1 = params[3]! * C;
  const dw = w1 - w0;
  if (params[4] === 1) return logisticWithHessian(X, y, beta, mean, inv, d, w0, w1, start, end, out);
  // z = b + Σ (x − m)·inv·β = b0 + Σ x·βs, with the shift folded into b0 (no subtraction per value).
  const bs = new Float64Array(d);
  let b0 = beta[d]!;
  for (let j = 0; j < d; j++) {
    bs[j] = beta[j]! * inv[j]!;
    b0 -= mean[j]! * bs[j]!;
  }
  const d4 = d & ~3;
  const r = new Float64Array(ROW_BLOCK);
  const g = new Float64Array(d + 1);
  for (let i0 = start; i0 < end; i0 += ROW_BLOCK) {
    const i1 = Math.min(end, i0 + ROW_BLOCK);
    let rs = 0;
    for (let i = i0; i < i1; i++) {
      const base = i * d;
      let z0 = b0;
      let z1 = 0;
      let z2 = 0;
      let z3 = 0;
      let j = 0;
      for (; j < d4; j += 4) {
        z0 += X[base + j]! * bs[j]!;
        z1 += X[base + j + 1]! * bs[j + 1]!;
        z2 += X[base + j + 2]! * bs[j + 2]!;
        z3 += X[base + j + 3]! * bs[j + 3]!;
      }
      for (; j < d; j++) z0 += X[base + j]! * bs[j]!;
      // Branch-free: y is 0 or 1, and random labels would mispredict a branch on it (7 ms a pass at 1M×20).
      const yi = y[i]!;
      const ri = (w0 + dw * yi) * (sigmoid(z0 + z1 + z2 + z3) - yi);
      r[i - i0] = ri;
      rs += ri;
    }
    g[d]! += rs;
    // The gradient is centred value by value (exact even when a mean dwarfs the spread).
    let j = 0;
    for (; j < d4; j += 4) {
      const m0 = mean[j]!;
      const m1 = mean[j + 1]!;
      const m2 = mean[j + 2]!;
      const m3 = mean[j + 3]!;
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      for (let i = i0, at = i0 * d + j; i < i1; i++, at += d) {
        const ri = r[i - i0]!;
        a0 += ri * (X[at]! - m0);
        a1 += ri * (X[at + 1]! - m1);
        a2 += ri * (X[at + 2]! - m2);
        a3 += ri * (X[at + 3]! - m3);
      }
      g[j]! += a0;
      g[j + 1]! += a1;
      g[j + 2]! += a2;
      g[j + 3]! += a3;
    }
    for (; j < d; j++) {
      const m0 = mean[j]!;
      let a0 = 0;
      for (let i = i0, at = i0 * d + j; i < i1; i++, at += d) a0 += r[i - i0]! * (X[at]! - m0);
      g[j]! += a0;
    }
  }
  for (let j = 0; j < d; j++) out[j]! += g[j]! * inv[j]!;
  out[d]! += g[d]!;
};

/** Rows per block in the blocked kernels (logistic, moments): a block's rows stay in cache between its sums. */
const ROW_BLOCK = 128;

/**
 * The Hessian pass: each block's standardised rows are written out once (with a last column of ones
 * for the intercept), then the gradient and every Hessian entry are sums down the block's columns.
 */
function logisticWithHessian(
  X: Float64Array,
  y: Float64Array,
  beta: Float64Array,
  mean: Float64Array,
  inv: Float64Array,
  d: number,
  w0: number,
  w1: number,
  start: number,
  end: number,
  out: Float64Array,
): void {
  const p = d + 1;
  const xs = new Float64Array(ROW_BLOCK * p);
  const r = new Float64Array(ROW_BLOCK);
  const h = new Float64Array(ROW_BLOCK);
  const g = new Float64Array(p);
  const H = new Float64Array(p * p);
  for (let i0 = start; i0 < end; i0 += ROW_BLOCK) {
    const m = Math.min(end, i0 + ROW_BLOCK) - i0;
    for (let i = 0, o = 0; i < m; i++) {
      const base = (i0 + i) * d;
      let z0 = beta[d]!;
      let z1 = 0;
      let j = 0;
      for (; j + 1 < d; j += 2, o += 2) {
        const u = (X[base + j]! - mean[j]!) * inv[j]!;
        const v = (X[base + j + 1]! - mean[j + 1]!) * inv[j + 1]!;
        xs[o] = u;
        xs[o + 1] = v;
        z0 += u * beta[j]!;
        z1 += v * beta[j + 1]!;
      }
      for (; j < d; j++, o++) {
        const u = (X[base + j]! - mean[j]!) * inv[j]!;
        xs[o] = u;
        z0 += u * beta[j]!;
      }
      xs[o++] = 1;
      const yi = y[i0 + i]!;
      const s = w0 + (w1 - w0) * yi;
      const mu = sigmoid(z0 + z1);
      r[i] = s * (mu - yi);
      h[i] = s * mu * (1 - mu);
    }
    for (let j = 0; j < p; j++) {
      let a0 = 0;
      for (let i = 0, o = j; i < m; i++, o += p) a0 += r[i]! * xs[o]!;
      g[j]! += a0;
    }
    for (let a2 = 0; a2 < p; a2++) {
      let b = 0;
      for (; b + 3 <= a2; b += 4) {
        let c0 = 0;
        let c1 = 0;
        let c2 = 0;
        let c3 = 0;
        for (let i = 0, o = 0; i < m; i++, o += p) {
          const v = h[i]! * xs[o + a2]!;
          c0 += v * xs[o + b]!;
          c1 += v * xs[o + b + 1]!;
          c2 += v * xs[o + b + 2]!;
          c3 += v * xs[o + b + 3]!;
        }
        const at = a2 * p + b;
        H[at]! += c0;
        H[at + 1]! += c1;
        H[at + 2]! += c2;
        H[at + 3]! += c3;
      }
      for (; b <= a2; b++) {
        let c0 = 0;
        for (let i = 0, o = 0; i < m; i++, o += p) c0 += h[i]! * xs[o + a2]! * xs[o + b]!;
        H[a2 * p + b]! += c0;
      }
    }
  }
  for (let j = 0; j < p; j++) out[j]! += g[j]!;
  for (let k = 0; k < p * p; k++) out[p + k]! += H[k]!;
}

/**
 * Per-column sums of (x − shift) and of its square over rows [start, end) of the row-major X
 * (out = [sums (d), sums of squares (d)]); a missing value turns its column's sums to NaN.
 * Params: [d].
 */
const moments: Kernel = (a, params, start, end, out) => {
  const X = a.X as Float64Array;
  const shift = a.shift as Float64Array;
  const d = params[0]! | 0;
  const sums = new Float64Array(2 * d);
  // Blocks of rows, four columns at a time in local sums (as the logistic kernel's gradient).
  for (let i0 = start; i0 < end; i0 += ROW_BLOCK) {
    const i1 = Math.min(end, i0 + ROW_BLOCK);
    let j = 0;
    for (; j + 3 < d; j += 4) {
      const c0 = shift[j]!;
      const c1 = shift[j + 1]!;
      const c2 = shift[j + 2]!;
      const c3 = shift[j + 3]!;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let q0 = 0;
      let q1 = 0;
      let q2 = 0;
      let q3 = 0;
      for (let i = i0, at = i0 * d + j; i < i1; i++, at += d) {
        const v0 = X[at]! - c0;
        const v1 = X[at + 1]! - c1;
        const v2 = X[at + 2]! - c2;
        const v3 = X[at + 3]! - c3;
        s0 += v0;
        s1 += v1;
        s2 += v2;
        s3 += v3;
        q0 += v0 * v0;
        q1 += v1 * v1;
        q2 += v2 * v2;
        q3 += v3 * v3;
      }
      sums[j]! += s0;
      sums[j + 1]! += s1;
      sums[j + 2]! += s2;
      sums[j + 3]! += s3;
      sums[d + j]! += q0;
      sums[d + j + 1]! += q1;
      sums[d + j + 2]! += q2;
      sums[d + j + 3]! += q3;
    }
    for (; j < d; j++) {
      const c = shift[j]!;
      let s0 = 0;
      let q0 = 0;
      for (let i = i0, at = i0 * d + j; i < i1; i++, at += d) {
        const v = X[at]! - c;
        s0 += v;
        q0 += v * v;
      }
      sums[j]! += s0;
      sums[d + j]! += q0;
    }
  }
  for (let k = 0; k < 2 * d; k++) out[k]! += sums[k]!;
};

/** Squared Euclidean distance between a[ai..ai+d) and b[bi..bi+d), in two interleaved sums (half the dependency chain). */
export function dist2(a: Float64Array, ai: number, b: Float64Array, bi: number, d: number): number {
  let s0 = 0;
  let s1 = 0;
  let f = 0;
  for (; f + 1 < d; f += 2) {
    const t0 = a[ai + f]! - b[bi + f]!;
    const t1 = a[ai + f + 1]! - b[bi + f + 1]!;
    s0 += t0 * t0;
    s1 += t1 * t1;
  }
  if (f < d) {
    const t = a[ai + f]! - b[bi + f]!;
    s0 += t * t;
  }
  return s0 + s1;
}

/**
 * One k-means assignment pass with Hamerly's bounds over rows [start, end): each row keeps an upper bound
 * on the distance to its centre and a lower bound on the distance to any other, and a distance is only
 * computed where the bounds cannot prove the label. out = [Δ sums (k × d), Δ counts (k), inertia].
 * Modes (params [k, d, mode, maxJ, maxMove, secondMove]):
 * 0, first pass: exact nearest and second-nearest distances, every row counted;
 * 1, after the centres moved (by `move`; maxMove the largest, at maxJ, secondMove the next): bounds
 *    loosened by the moves, then rows whose label changes move their values between the sums;
 * 2, final labels against the final centres (a lower bound loosened by maxMove): each row counted
 *    with its exact squared distance added to the inertia.
 */
const hamerly: Kernel = (a, params, start, end, out) => {
  const X = a.X as Float64Array;
  const labels = a.labels as Int32Array;
  const upper = a.upper as Float64Array;
  const lower = a.lower as Float64Array;
  const c = a.centroids as Float64Array;
  const move = a.move as Float64Array;
  const half = a.half as Float64Array;
  const k = params[0]! | 0;
  const d = params[1]! | 0;
  const mode = params[2]! | 0;
  const maxJ = params[3]! | 0;
  const maxMove = params[4]!;
  const secondMove = params[5]!;
  const counts = k * d;
  let inertia = 0;
  for (let i = start; i < end; i++) {
    const x = i * d;
    const was = labels[i]!;
    if (mode === 1) {
      const u = upper[i]! + move[was]!;
      const l = lower[i]! - (was === maxJ ? secondMove : maxMove);
      upper[i] = u;
      lower[i] = l;
      const bound = half[was]! > l ? half[was]! : l;
      if (u <= bound) continue;
      const exact = Math.sqrt(dist2(X, x, c, was * d, d));
      upper[i] = exact;
      if (exact <= bound) continue;
    }
    if (mode === 2) {
      const u2 = dist2(X, x, c, was * d, d);
      if (Math.sqrt(u2) <= lower[i]! - maxMove) {
        out[counts + was]!++;
        inertia += u2;
        continue;
      }
    }
    // Nearest and second-nearest centres (the first of equals wins, as in Lloyd's argmin).
    let b1 = Infinity;
    let b2 = Infinity;
    let j1 = 0;
    for (let j = 0; j < k; j++) {
      const dd = dist2(X, x, c, j * d, d);
      if (dd < b1) {
        b2 = b1;
        b1 = dd;
        j1 = j;
      } else if (dd < b2) b2 = dd;
    }
    if (mode === 2) {
      labels[i] = j1;
      out[counts + j1]!++;
      inertia += b1;
      continue;
    }
    upper[i] = Math.sqrt(b1);
    lower[i] = Math.sqrt(b2);
    if (mode === 0) {
      labels[i] = j1;
      out[counts + j1]!++;
      for (let f = 0; f < d; f++) out[j1 * d + f]! += X[x + f]!;
    } else if (j1 !== was) {
      labels[i] = j1;
      out[counts + was]!--;
      out[counts + j1]!++;
      for (let f = 0; f < d; f++) {
        const v = X[x + f]!;
        out[was * d + f]! -= v;
        out[j1 * d + f]! += v;
      }
    }
  }
  out[counts + k]! += inertia;
};

/** Sorts segments [f·L, (f + 1)·L) of `values` for f in [start, end) (NaN sorts last). Params: [L]. */
const sortSegments: Kernel = (a, params, start, end) => {
  const values = a.values as Float64Array;
  const L = params[0]! | 0;
  for (let f = start; f < end; f++) values.subarray(f * L, (f + 1) * L).sort();
};

/**
 * Lists a tree grower's rows on the wrong side of a split of positions [S, E) at W by the bin of
 * feature f ≤ bin: in [S, W) those going right (side 0, into `strayLeft`), in [W, E) those going left
 * (side 1, into `strayRight`). The kernel's range is over the sides, so two threads take one each;
 * out[side] receives the side's count. Branch-free: each position is written and the count advances
 * by 0 or 1, computed by arithmetic (V8 compiles `b <= bin ? 1 : 0` to a branch, which random splits
 * mispredict; this loop took 2.4 against 7 ns a row). Params: [f, bin, rowWords, S, W, E].
 */
const strays: Kernel = (a, params, start, end, out) => {
  const bins = a.bins as Uint8Array;
  const f = params[0]! | 0;
  const bin = params[1]! | 0;
  const rb = (params[2]! | 0) * 4;
  for (let side = start; side < end; side++) {
    const list = (side ? a.strayRight : a.strayLeft) as Int32Array;
    const from = (side ? params[4]! : params[3]!) | 0;
    const to = (side ? params[5]! : params[4]!) | 0;
    let c = 0;
    for (let k = from; k < to; k++) {
      const left = ((bin - bins[k * rb + f]!) >> 31) + 1;
      list[c] = k;
      c += side ? left : 1 - left;
    }
    out[side] = c;
  }
};

/** Swaps the grower rows listed at [start, end) of `strayLeft` and `strayRight`, pairwise (bins and values). Params: [rowWords, valsPerRow]. */
const swapRows: Kernel = (a, params, start, end) => {
  const words = a.words as Uint32Array;
  const vals = a.vals as Float64Array;
  const lefts = a.strayLeft as Int32Array;
  const rights = a.strayRight as Int32Array;
  const rw = params[0]! | 0;
  const V = params[1]! | 0;
  for (let p = start; p < end; p++) {
    const i = lefts[p]!;
    const j = rights[p]!;
    // Words four per step, as V8 runs a short loop per row about twice as slowly as straight-line code.
    let s = i * rw;
    let t = j * rw;
    const e = s + rw;
    for (; s + 4 <= e; s += 4, t += 4) {
      const w0 = words[s]!;
      const w1 = words[s + 1]!;
      const w2 = words[s + 2]!;
      const w3 = words[s + 3]!;
      words[s] = words[t]!;
      words[s + 1] = words[t + 1]!;
      words[s + 2] = words[t + 2]!;
      words[s + 3] = words[t + 3]!;
      words[t] = w0;
      words[t + 1] = w1;
      words[t + 2] = w2;
      words[t + 3] = w3;
    }
    for (; s < e; s++, t++) {
      const w = words[s]!;
      words[s] = words[t]!;
      words[t] = w;
    }
    // Values: gradient and hessian, then (for boosting) raw score and target.
    const a0 = i * V;
    const b0 = j * V;
    const g = vals[a0]!;
    const h = vals[a0 + 1]!;
    vals[a0] = vals[b0]!;
    vals[a0 + 1] = vals[b0 + 1]!;
    vals[b0] = g;
    vals[b0 + 1] = h;
    if (V === 4) {
      const r = vals[a0 + 2]!;
      const y = vals[a0 + 3]!;
      vals[a0 + 2] = vals[b0 + 2]!;
      vals[a0 + 3] = vals[b0 + 3]!;
      vals[b0 + 2] = r;
      vals[b0 + 3] = y;
    } else
      for (let v = 2; v < V; v++) {
        const x = vals[a0 + v]!;
        vals[a0 + v] = vals[b0 + v]!;
        vals[b0 + v] = x;
      }
  }
};

/**
 * Bin numbers of features [start, end): bins 1..edges+1 by the feature's edges (a binary search), 0 for
 * missing, written to `bins` (row-major, rows padded to rowBytes) and `binsByFeature`. Each feature's
 * edges fill a power-of-two span of `edges` (from offsets[f]), padded with +Infinity.
 * Params: [rows, cols, rowBytes].
 */
const binize: Kernel = (a, params, start, end) => {
  const data = a.data as Float64Array;
  const bins = a.bins as Uint8Array;
  const byFeature = a.binsByFeature as Uint8Array;
  const offsets = a.offsets as Int32Array;
  const edges = a.edges as Float64Array;
  const rows = params[0]! | 0;
  const cols = params[1]! | 0;
  const rowBytes = params[2]! | 0;
  for (let f = start; f < end; f++) {
    const first = offsets[f]!;
    const span = offsets[f + 1]! - first;
    for (let i = 0; i < rows; i++) {
      const v = data[i * cols + f]!;
      // The number of edges below v, in log2(span) fixed steps without a branch on the data (a branching
      // binary search mispredicts half its steps: 39 against 19 ns a value).
      let below = 0;
      for (let h = span >> 1; h > 0; h >>= 1) below += h & -(edges[first + below + h - 1]! < v);
      const b = Number.isNaN(v) ? 0 : below + 1;
      bins[i * rowBytes + f] = b;
      byFeature[f * rows + i] = b;
    }
  }
};

export const KERNELS = { histogram, boostStep, logistic, moments, hamerly, sortSegments, strays, swapRows, binize } as const;
export type KernelName = keyof typeof KERNELS;
export const KERNEL_NAMES = Object.keys(KERNELS) as KernelName[];

export interface Pair {
  /** Shares a fit's arrays (SharedArrayBuffer-backed) with the helper, for outputs of `outLength` numbers. */
  begin(arrays: Record<string, SharedArray>, outLength: number): void;
  /** Accumulates the kernel over rows [start, end) into out, the helper taking the upper half. */
  run(kernel: KernelName, params: number[], start: number, end: number, out: Float64Array): void;
  /** Like run, but returns the helper's share of the output instead of summing it (valid until the next run). */
  runSplit(kernel: KernelName, params: number[], start: number, end: number, out: Float64Array): { mid: number; helperOut: Float64Array };
  /** Ends the fit's use of the helper (always call, also after an error). */
  end(): void;
}

/** Runs a kernel over [start, end) on two threads when a pair is given and the range is large, else on this one. */
export function runKernel(
  pair: Pair | undefined,
  arrays: Record<string, SharedArray>,
  kernel: KernelName,
  params: number[],
  start: number,
  end: number,
  out: Float64Array,
  minRows = PARALLEL_ROWS,
): void {
  if (pair && end - start >= minRows) pair.run(kernel, params, start, end, out);
  else KERNELS[kernel](arrays, Float64Array.from(params), start, end, out);
}

/** Below this many rows a second thread costs more in hand-over than it saves. */
export const PARALLEL_ROWS = 1024;

/** The array itself if a pair can read it (no pair, or already on shared memory), else a copy on shared memory. */
export function readableByPair(a: Float64Array, pair: Pair | undefined): Float64Array {
  if (!pair || a.buffer instanceof SharedArrayBuffer) return a;
  const copy = sharedArray(Float64Array, a.length, pair);
  copy.set(a);
  return copy;
}

/** A typed array on shared memory when a pair will read it, else an ordinary one. */
export function sharedArray<T extends SharedArray>(
  ctor: { new (buffer: ArrayBufferLike): T; new (length: number): T; BYTES_PER_ELEMENT: number },
  length: number,
  pair: Pair | undefined,
): T {
  return pair ? new ctor(new SharedArrayBuffer(length * ctor.BYTES_PER_ELEMENT)) : new ctor(length);
}
