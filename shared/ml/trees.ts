/**
 * Histogram decision trees shared by gradient boosting and random forests: quantile binning, and
 * leaf-wise growth on a copy of the rows kept in leaf order (each leaf's bins and gradients contiguous).
 * Histograms hold gradient, hessian and count interleaved (one cache line per update); the larger
 * child's histogram is the parent's minus the smaller child's, computed in the parent's buffer.
 */
import type { Matrix } from './matrix';
import { KERNELS, PARALLEL_ROWS, readableByPair, runKernel, sharedArray, type Pair, type SharedArray } from './parallel';

/** Below this many row swaps, a split's swaps stay on one thread. */
const PARALLEL_SWAPS = 4096;
const NO_OUT = new Float64Array(0);

export interface TreeNode {
  /** -1 for a leaf. */
  feature: number;
  /** Go left when x ≤ threshold (raw feature units, float32); missing values go left. */
  threshold: number;
  /** The same split in bin units (training only). */
  bin: number;
  left: number;
  right: number;
  value: number;
}

export interface Binned {
  /** Row-major: the bin of row i for feature f is at i·rowBytes + f (histograms read whole rows). */
  bins: Uint8Array;
  /** The same memory as 32-bit words (four bins per load). */
  binWords: Uint32Array;
  /** Bytes per row: cols rounded up to a multiple of 4 (the padding stays 0 and is never read as a feature). */
  rowBytes: number;
  /** The same, feature-major (f·rows + i): binned predictions (validation rows) read one feature. */
  binsByFeature: Uint8Array;
  rows: number;
  cols: number;
  edges: Float64Array[];
  nBins: number[];
  /** The largest bin count over features: the histogram stride per feature. */
  B: number;
}

/** Bin edges per feature from quantiles of (a sample of) the data; NaN gets its own bin 0. */
export function binData(m: Matrix, maxBins: number, rand: () => number, pair?: Pair): Binned {
  const sample = Math.min(m.rows, 200_000);
  const pick = sample === m.rows ? null : Int32Array.from({ length: sample }, () => Math.floor(rand() * m.rows));
  // Each feature's sample in one segment of a shared buffer, sorted in place (by two threads with a pair; NaN sorts last).
  const values = sharedArray(Float64Array, sample * m.cols, pair);
  for (let s = 0; s < sample; s++) {
    const base = (pick ? pick[s]! : s) * m.cols;
    for (let f = 0; f < m.cols; f++) values[f * sample + s] = m.data[base + f]!;
  }
  pair?.begin({ values }, 0);
  try {
    runKernel(pair, { values }, 'sortSegments', [sample], 0, m.cols, new Float64Array(0), 2);
  } finally {
    pair?.end();
  }
  const edges = m.names.map((_, f) => {
    const seg = values.subarray(f * sample, (f + 1) * sample);
    let k = 0;
    while (k < seg.length && !Number.isNaN(seg[k]!)) k++;
    const sorted = seg.subarray(0, k);
    let distinct = 0;
    for (let i = 0; i < k && distinct < maxBins; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct++;
    if (distinct <= maxBins - 1) {
      const uniq: number[] = [];
      for (let i = 0; i < k; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) uniq.push(sorted[i]!);
      return Float64Array.from(uniq.slice(0, -1).map((v, i) => (v + uniq[i + 1]!) / 2));
    }
    const out: number[] = [];
    for (let b = 1; b < maxBins - 1; b++) {
      const at = Math.floor((b * sorted.length) / (maxBins - 1));
      const e = (sorted[at]! + (sorted[at - 1] ?? sorted[at]!)) / 2;
      if (!out.length || e > out[out.length - 1]!) out.push(e);
    }
    return Float64Array.from(out);
  });
  // Bin numbers, written row-major and feature-major in one pass per feature (features split over two threads).
  const rowBytes = (m.cols + 3) & ~3;
  const bins = sharedArray(Uint8Array, m.rows * rowBytes, pair);
  const binWords = new Uint32Array(bins.buffer, bins.byteOffset, (m.rows * rowBytes) >> 2);
  const binsByFeature = sharedArray(Uint8Array, m.rows * m.cols, pair);
  const offsets = sharedArray(Int32Array, m.cols + 1, pair);
  // Each feature's edges in a power-of-two span padded with +Infinity (for the kernel's branch-free search).
  const span = (count: number) => 2 ** Math.ceil(Math.log2(count + 1));
  edges.forEach((e, f) => (offsets[f + 1] = offsets[f]! + span(e.length)));
  const flatEdges = sharedArray(Float64Array, offsets[m.cols]!, pair).fill(Infinity);
  edges.forEach((e, f) => flatEdges.set(e, offsets[f]!));
  const arrays = { data: readableByPair(m.data, pair), bins, binsByFeature, offsets, edges: flatEdges };
  pair?.begin(arrays, 0);
  try {
    runKernel(pair, arrays, 'binize', [m.rows, m.cols, rowBytes], 0, m.cols, new Float64Array(0), 2);
  } finally {
    pair?.end();
  }
  const nBins = edges.map((e) => e.length + 2);
  return { bins, binWords, rowBytes, binsByFeature, rows: m.rows, cols: m.cols, edges, nBins, B: Math.max(...nBins) };
}

export interface GrowOptions {
  maxLeaves: number;
  maxDepth: number;
  minLeaf: number;
  l2: number;
  /** Multiplies leaf values (the learning rate for boosting, 1 for forests). */
  shrink: number;
  /** Features considered at each split (all of them when ≥ the column count). */
  maxFeatures: number;
  rand: () => number;
}

interface Leaf {
  start: number;
  end: number;
  node: number;
  depth: number;
  g: number;
  h: number;
  hist: Float64Array;
  split: { gain: number; feature: number; bin: number; left: number } | null;
}

/**
 * Grows one tree on the rows placed at positions 0..count (see `load`), fitting leaf values
 * −G/(H + l2) from the gradients and hessians the caller writes into `vals`. Each leaf is a range of
 * positions, and its rows themselves (bins and values) move when it splits, so every histogram streams
 * through contiguous memory instead of gathering scattered rows (at 1M rows, a leaf holding an eighth
 * of them took 4.2 ns per row and feature gathered against 2.3 ns contiguous). A split swaps each
 * right-going row in the left part with a left-going row in the right part (the left count is known
 * from the histogram), which moves at most half the rows. Calls `onLeaf` with each final leaf's
 * position range and value, so callers can update their values without walking the tree.
 */
export class TreeGrower {
  private readonly pool: Float64Array[] = [];
  /** Values of the row at each position, `valsPerRow` per row: gradient, hessian, then the caller's own. */
  readonly vals: Float64Array;
  /** The arrays the kernels read and write; callers hand them to the pair with their own. */
  readonly arrays: Record<string, SharedArray>;
  private readonly words: Uint32Array;
  private readonly rowWords: number;
  private readonly featureOrder: Int32Array;

  constructor(
    private readonly data: Binned,
    /** The most rows a tree is grown on. */
    capacity: number,
    private readonly valsPerRow: number,
    private readonly pair?: Pair,
  ) {
    this.rowWords = data.rowBytes >> 2;
    this.words = sharedArray(Uint32Array, capacity * this.rowWords, pair);
    this.vals = sharedArray(Float64Array, capacity * valsPerRow, pair);
    const half = (capacity >> 1) + 1;
    this.arrays = {
      words: this.words,
      bins: new Uint8Array(this.words.buffer, this.words.byteOffset, this.words.byteLength),
      vals: this.vals,
      strayLeft: sharedArray(Int32Array, half, pair),
      strayRight: sharedArray(Int32Array, half, pair),
    };
    this.featureOrder = Int32Array.from({ length: data.cols }, (_, f) => f);
  }

  /** Places rows[0..count) at positions 0..count, copying their bins; their values are the caller's to write. */
  load(rows: ArrayLike<number>, count: number): void {
    const rw = this.rowWords;
    const from = this.data.binWords;
    const to = this.words;
    // A word loop: a subarray and set per row took 47 against 8 ns (forests load every tree's rows).
    for (let k = 0; k < count; k++) for (let q = 0, s = rows[k]! * rw, t = k * rw; q < rw; q++) to[t + q] = from[s + q]!;
  }

  /**
   * A zeroed histogram for the caller to fill with the root's gradient and hessian sums (boosting does it
   * in the pass that computes them) and hand to `grow`, which adds the counts: those of the rows at
   * positions 0..count, counted on the first call (the same rows in any order have the same counts).
   */
  rootHistogram(count: number): Float64Array {
    if (!this.rootCounts || this.rootCounts.rows !== count) {
      const h = this.hist();
      this.fill(h, 0, count);
      const counts = new Float64Array(h.length / 3);
      for (let q = 0; q < counts.length; q++) counts[q] = h[3 * q + 2]!;
      this.pool.push(h);
      this.rootCounts = { rows: count, counts };
    }
    return this.hist();
  }

  private rootCounts: { rows: number; counts: Float64Array } | null = null;

  /** With `root` (from `rootHistogram`, its gradients and hessians filled), the root's pass is skipped. */
  grow(count: number, o: GrowOptions, onLeaf?: (start: number, end: number, value: number) => void, root?: Float64Array): TreeNode[] {
    const { edges } = this.data;
    const nodes: TreeNode[] = [];
    const makeLeaf = (start: number, end: number, depth: number, hist: Float64Array): Leaf => {
      let g = 0;
      let h = 0;
      const nb0 = this.data.nBins[0]!;
      for (let b = 0; b < nb0; b++) {
        g += hist[b * 3]!;
        h += hist[b * 3 + 1]!;
      }
      nodes.push({ feature: -1, threshold: 0, bin: 0, left: -1, right: -1, value: (-g / (h + o.l2)) * o.shrink });
      const leaf: Leaf = { start, end, node: nodes.length - 1, depth, g, h, hist, split: null };
      leaf.split = depth < o.maxDepth ? this.bestSplit(leaf, o) : null;
      return leaf;
    };
    let rootHist: Float64Array;
    if (root && this.rootCounts?.rows === count) {
      const counts = this.rootCounts.counts;
      for (let q = 0; q < counts.length; q++) root[3 * q + 2] = counts[q]!;
      rootHist = root;
    } else {
      if (root) throw new Error('Tree grower: a root histogram needs rootHistogram(count) for the same rows.');
      rootHist = this.hist();
      this.fill(rootHist, 0, count);
    }
    const open: Leaf[] = [makeLeaf(0, count, 0, rootHist)];
    const done: Leaf[] = [];
    while (open.length + done.length < o.maxLeaves) {
      let pick = -1;
      for (let i = 0; i < open.length; i++) {
        if (!open[i]!.split) {
          done.push(open[i]!);
          this.pool.push(open[i]!.hist);
          open[i] = open[open.length - 1]!;
          open.pop();
          i--;
        } else if (pick < 0 || open[i]!.split!.gain > open[pick]!.split!.gain) pick = i;
      }
      if (pick < 0) break;
      const leaf = open[pick]!;
      open[pick] = open[open.length - 1]!;
      open.pop();
      const { feature, bin, left } = leaf.split!;
      // Left rows to positions [start, wl), right rows to [wl, end).
      const wl = leaf.start + left;
      this.partition(leaf.start, leaf.end, feature, bin, wl);
      const node = nodes[leaf.node]!;
      node.feature = feature;
      // Stored as float32: ONNX compares in float32, and the app compares the same way.
      node.threshold = bin === 0 ? -Infinity : Math.fround(edges[feature]![bin - 1]!);
      node.bin = bin;
      node.value = 0;
      // Histogram the smaller child; the larger one is the parent minus it, in the parent's buffer.
      const smallIsLeft = wl - leaf.start <= leaf.end - wl;
      const small = this.hist();
      const large = leaf.hist;
      this.fillAndSubtract(small, large, smallIsLeft ? leaf.start : wl, smallIsLeft ? wl : leaf.end);
      const l = makeLeaf(leaf.start, wl, leaf.depth + 1, smallIsLeft ? small : large);
      const r = makeLeaf(wl, leaf.end, leaf.depth + 1, smallIsLeft ? large : small);
      node.left = l.node;
      node.right = r.node;
      open.push(l, r);
    }
    for (const leaf of open) this.pool.push(leaf.hist);
    if (onLeaf) for (const leaf of [...done, ...open]) onLeaf(leaf.start, leaf.end, nodes[leaf.node]!.value);
    return nodes;
  }

  private hist(): Float64Array {
    const h = this.pool.pop();
    if (h) return h.fill(0);
    return new Float64Array(this.data.cols * this.data.B * 3);
  }

  /**
   * Splits positions [start, end) at wl: lists the right-going rows in [start, wl) and the left-going
   * ones in [wl, end) (as many of each), then swaps them pairwise.
   */
  private partition(start: number, end: number, feature: number, bin: number, wl: number): void {
    const count = new Float64Array(2);
    const arrays = this.arrays;
    const rw = this.rowWords;
    const params = [feature, bin, rw, start, wl, end];
    // The strays kernel's range is the two sides: with a pair, this thread lists side 0 and the helper side 1.
    let right: number;
    if (this.pair && end - start >= PARALLEL_ROWS) right = this.pair.runSplit('strays', params, 0, 2, count).helperOut[1]!;
    else {
      KERNELS.strays(arrays, Float64Array.from(params), 0, 2, count);
      right = count[1]!;
    }
    const n = count[0]!;
    // The histogram's left count is exact, so both lists are equally long.
    if (right !== n) throw new Error(`Tree split: ${n} rows to go right but ${right} to go left.`);
    if (n) runKernel(this.pair, arrays, 'swapRows', [rw, this.valsPerRow], 0, n, NO_OUT, PARALLEL_SWAPS);
  }

  /** Every feature's histogram for positions [start, end), in one pass over the rows (on two threads with a pair). */
  private fill(out: Float64Array, start: number, end: number): void {
    runKernel(this.pair, this.arrays, 'histogram', this.histParams(), start, end, out);
  }

  private histParams(): number[] {
    return [this.data.cols, this.data.B, this.rowWords, this.valsPerRow];
  }

  /** The smaller child's histogram into `small`, and the parent's `large` minus it, in one pass after the rows. */
  private fillAndSubtract(small: Float64Array, large: Float64Array, start: number, end: number): void {
    if (this.pair && end - start >= PARALLEL_ROWS) {
      // The two halves are added and taken from the parent in the same loop.
      const { helperOut } = this.pair.runSplit('histogram', this.histParams(), start, end, small);
      for (let k = 0; k < large.length; k++) {
        const v = small[k]! + helperOut[k]!;
        small[k] = v;
        large[k]! -= v;
      }
      return;
    }
    this.fill(small, start, end);
    for (let k = 0; k < large.length; k++) large[k]! -= small[k]!;
  }

  private bestSplit(leaf: Leaf, o: GrowOptions): Leaf['split'] {
    const n = leaf.end - leaf.start;
    if (n < 2 * o.minLeaf) return null;
    const { cols: d, B, nBins } = this.data;
    const hist = leaf.hist;
    const parent = (leaf.g * leaf.g) / (leaf.h + o.l2);
    let best: Leaf['split'] = null;
    const order = this.featureOrder;
    const tries = Math.min(d, o.maxFeatures);
    if (tries < d) {
      // Partial Fisher–Yates: the first `tries` entries are a uniform sample of features.
      for (let a = 0; a < tries; a++) {
        const b = a + Math.floor(o.rand() * (d - a));
        const t = order[a]!;
        order[a] = order[b]!;
        order[b] = t;
      }
    }
    for (let t = 0; t < tries; t++) {
      const f = tries < d ? order[t]! : t;
      const nb = nBins[f]!;
      const off = f * B * 3;
      let gl = 0;
      let hl = 0;
      let cl = 0;
      for (let b = 0; b < nb - 1; b++) {
        const at = off + b * 3;
        gl += hist[at]!;
        hl += hist[at + 1]!;
        cl += hist[at + 2]!;
        if (cl < o.minLeaf) continue;
        if (n - cl < o.minLeaf) break;
        const gr = leaf.g - gl;
        const hr = leaf.h - hl;
        const gain = (gl * gl) / (hl + o.l2) + (gr * gr) / (hr + o.l2) - parent;
        if (gain > (best?.gain ?? 1e-12)) best = { gain, feature: f, bin: b, left: cl };
      }
    }
    return best;
  }
}

/** One tree's output for binned row i. */
export function predictTreeBinned(tree: TreeNode[], data: Binned, i: number): number {
  let k = 0;
  for (;;) {
    const node = tree[k]!;
    if (node.feature < 0) return node.value;
    k = data.binsByFeature[node.feature * data.rows + i]! <= node.bin ? node.left : node.right;
  }
}

/** One tree's output for a raw row (float32 comparisons, as ONNX; missing values go left). */
export function predictTree(tree: TreeNode[], data: Float64Array, base: number): number {
  let k = 0;
  for (;;) {
    const node = tree[k]!;
    if (node.feature < 0) return node.value;
    const v = data[base + node.feature]!;
    k = Number.isNaN(v) || Math.fround(v) <= node.threshold ? node.left : node.right;
  }
}
