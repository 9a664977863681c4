/**
 * Gradient-boosted trees for binary classification with histogram binning (the kind of LightGBM and
 * scikit-learn's HistGradientBoostingClassifier): log loss, shrinkage, L2 on leaf values, leaf-wise
 * growth up to a leaf count, minimum samples per leaf, early stopping on a validation share.
 */
import { checkCancel, ModelInputError, type FitControl } from './errors';
import type { Matrix } from './matrix';
import { seededUniform } from './random';

export interface BoostingOptions {
  iterations?: number;
  learningRate?: number;
  maxLeaves?: number;
  minSamplesLeaf?: number;
  l2?: number;
  maxBins?: number;
  /** Share of training rows held out for early stopping (0 = off); default 0.1 above 10,000 rows, as scikit-learn's 'auto'. */
  validationShare?: number;
  /** Stop after this many iterations without improvement of the validation loss. */
  patience?: number;
  seed?: number;
}

export interface TreeNode {
  /** -1 for a leaf. */
  feature: number;
  /** Go left when x ≤ threshold (raw feature units); missing values go left. */
  threshold: number;
  /** The same split in bin units (training only). */
  bin: number;
  left: number;
  right: number;
  value: number;
}

export interface BoostingModel {
  kind: 'boosting';
  features: string[];
  baseScore: number;
  trees: TreeNode[][];
  iterations: number;
  validationLoss: number[];
}

const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/** Bin edges per feature from quantiles of the data (at most maxBins − 1 edges; NaN gets its own bin 0). */
function binEdges(m: Matrix, maxBins: number, rand: () => number): Float64Array[] {
  const sample = Math.min(m.rows, 200_000);
  return m.names.map((_, f) => {
    const vals: number[] = [];
    for (let s = 0; s < sample; s++) {
      const i = sample === m.rows ? s : Math.floor(rand() * m.rows);
      const v = m.data[i * m.cols + f]!;
      if (!Number.isNaN(v)) vals.push(v);
    }
    vals.sort((a, b) => a - b);
    const uniq = [...new Set(vals)];
    if (uniq.length <= maxBins - 1) return Float64Array.from(uniq.slice(0, -1).map((v, i) => (v + uniq[i + 1]!) / 2));
    const edges: number[] = [];
    for (let b = 1; b < maxBins - 1; b++) {
      const q = vals[Math.floor((b * vals.length) / (maxBins - 1))]!;
      const prev = vals[Math.floor((b * vals.length) / (maxBins - 1)) - 1] ?? q;
      const e = (q + prev) / 2;
      if (!edges.length || e > edges[edges.length - 1]!) edges.push(e);
    }
    return Float64Array.from(edges);
  });
}

function binize(m: Matrix, edges: Float64Array[]): Uint8Array {
  const out = new Uint8Array(m.rows * m.cols);
  for (let f = 0; f < m.cols; f++) {
    const e = edges[f]!;
    for (let i = 0; i < m.rows; i++) {
      const v = m.data[i * m.cols + f]!;
      if (Number.isNaN(v)) continue; // bin 0: missing
      let lo = 0;
      let hi = e.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (v <= e[mid]!) hi = mid;
        else lo = mid + 1;
      }
      out[i * m.cols + f] = lo + 1; // bins 1..edges+1
    }
  }
  return out;
}

export function fitBoosting(m: Matrix, y: ArrayLike<number>, options: BoostingOptions = {}, control?: FitControl): BoostingModel {
  const iterations = options.iterations ?? 100;
  const lr = options.learningRate ?? 0.1;
  const maxLeaves = options.maxLeaves ?? 31;
  const minLeaf = options.minSamplesLeaf ?? 20;
  const l2 = options.l2 ?? 0;
  const maxBins = Math.min(255, options.maxBins ?? 255);
  let pos = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i] !== 0 && y[i] !== 1) throw new ModelInputError('target', `row ${i + 1} is ${y[i]}; the target must be 0 or 1.`);
    pos += y[i]!;
  }
  if (pos === 0 || pos === y.length) throw new ModelInputError('target', 'has one class only; a classifier needs both.');
  const rand = seededUniform(options.seed ?? 0);
  const n = m.rows;
  const d = m.cols;
  // Hold out a validation share for early stopping.
  const valShare = options.validationShare ?? (n > 10_000 ? 0.1 : 0);
  const isVal = new Uint8Array(n);
  if (valShare > 0) for (let i = 0; i < n; i++) isVal[i] = rand() < valShare ? 1 : 0;
  const edges = binEdges(m, maxBins, rand);
  const bins = binize(m, edges);
  const nBins = edges.map((e) => e.length + 2);
  let trainPos = 0;
  let trainN = 0;
  for (let i = 0; i < n; i++)
    if (!isVal[i]) {
      trainN++;
      trainPos += y[i]!;
    }
  const baseScore = Math.log(trainPos / (trainN - trainPos));
  const raw = new Float64Array(n).fill(baseScore);
  const grad = new Float64Array(n);
  const hess = new Float64Array(n);
  const trees: TreeNode[][] = [];
  const validationLoss: number[] = [];
  let bestLoss = Infinity;
  let bestIter = 0;
  const trainRows = Int32Array.from(Array.from({ length: n }, (_, i) => i).filter((i) => !isVal[i]));
  for (let it = 0; it < iterations; it++) {
    checkCancel(control);
    for (const i of trainRows) {
      const p = sigmoid(raw[i]!);
      grad[i] = p - y[i]!;
      hess[i] = Math.max(p * (1 - p), 1e-16);
    }
    const tree = growTree(bins, d, nBins, edges, trainRows, grad, hess, maxLeaves, minLeaf, l2, lr);
    trees.push(tree);
    for (let i = 0; i < n; i++) raw[i]! += predictTreeBinned(tree, bins, i * d);
    if (valShare > 0) {
      let loss = 0;
      let cnt = 0;
      for (let i = 0; i < n; i++) {
        if (!isVal[i]) continue;
        const p = Math.min(1 - 1e-15, Math.max(1e-15, sigmoid(raw[i]!)));
        loss -= y[i] === 1 ? Math.log(p) : Math.log(1 - p);
        cnt++;
      }
      validationLoss.push(loss / cnt);
      if (loss / cnt < bestLoss - 1e-7) {
        bestLoss = loss / cnt;
        bestIter = it + 1;
      } else if (it + 1 - bestIter >= (options.patience ?? 10)) break;
    }
    control?.onProgress?.((it + 1) / iterations, `tree ${it + 1} of ${iterations}`);
  }
  const keep = valShare > 0 ? bestIter : trees.length;
  return { kind: 'boosting', features: m.names, baseScore, trees: trees.slice(0, keep), iterations: keep, validationLoss };
}

interface Leaf {
  rows: Int32Array;
  node: number;
  g: number;
  h: number;
  /** Gradient, hessian and count histograms, feature-major: offset f·B + bin (B = the largest bin count). */
  hist: { g: Float64Array; h: Float64Array; c: Int32Array };
  split: { gain: number; feature: number; bin: number } | null;
}

function growTree(
  bins: Uint8Array,
  d: number,
  nBins: number[],
  edges: Float64Array[],
  rows: Int32Array,
  grad: Float64Array,
  hess: Float64Array,
  maxLeaves: number,
  minLeaf: number,
  l2: number,
  lr: number,
): TreeNode[] {
  const nodes: TreeNode[] = [];
  const B = Math.max(...nBins);
  /** One pass over the rows fills every feature's histogram (row-major bins stay in cache). */
  const buildHist = (r: Int32Array) => {
    const g = new Float64Array(d * B);
    const h = new Float64Array(d * B);
    const c = new Int32Array(d * B);
    for (let k = 0; k < r.length; k++) {
      const i = r[k]!;
      const gi = grad[i]!;
      const hi = hess[i]!;
      const base = i * d;
      for (let f = 0; f < d; f++) {
        const o = f * B + bins[base + f]!;
        g[o]! += gi;
        h[o]! += hi;
        c[o]!++;
      }
    }
    return { g, h, c };
  };
  const subtract = (parent: Leaf['hist'], child: Leaf['hist']) => {
    const g = new Float64Array(d * B);
    const h = new Float64Array(d * B);
    const c = new Int32Array(d * B);
    for (let o = 0; o < d * B; o++) {
      g[o] = parent.g[o]! - child.g[o]!;
      h[o] = parent.h[o]! - child.h[o]!;
      c[o] = parent.c[o]! - child.c[o]!;
    }
    return { g, h, c };
  };
  const makeLeaf = (r: Int32Array, hist: Leaf['hist']): Leaf => {
    let g = 0;
    let h = 0;
    for (let b = 0; b < nBins[0]!; b++) {
      g += hist.g[b]!;
      h += hist.h[b]!;
    }
    nodes.push({ feature: -1, threshold: 0, bin: 0, left: -1, right: -1, value: (-g / (h + l2)) * lr });
    const leaf: Leaf = { rows: r, node: nodes.length - 1, g, h, hist, split: null };
    leaf.split = bestSplit(leaf);
    return leaf;
  };
  const bestSplit = (leaf: Leaf): Leaf['split'] => {
    if (leaf.rows.length < 2 * minLeaf) return null;
    const parent = (leaf.g * leaf.g) / (leaf.h + l2);
    let best: Leaf['split'] = null;
    for (let f = 0; f < d; f++) {
      const nb = nBins[f]!;
      const o = f * B;
      let gl = 0;
      let hl = 0;
      let cl = 0;
      for (let b = 0; b < nb - 1; b++) {
        gl += leaf.hist.g[o + b]!;
        hl += leaf.hist.h[o + b]!;
        cl += leaf.hist.c[o + b]!;
        const cr = leaf.rows.length - cl;
        if (cl < minLeaf || cr < minLeaf) continue;
        const gr = leaf.g - gl;
        const hr = leaf.h - hl;
        const gain = (gl * gl) / (hl + l2) + (gr * gr) / (hr + l2) - parent;
        if (gain > (best?.gain ?? 1e-12)) best = { gain, feature: f, bin: b };
      }
    }
    return best;
  };
  let leaves = [makeLeaf(rows, buildHist(rows))];
  while (leaves.length < maxLeaves) {
    let pick = -1;
    for (let i = 0; i < leaves.length; i++)
      if (leaves[i]!.split && (pick < 0 || leaves[i]!.split!.gain > leaves[pick]!.split!.gain)) pick = i;
    if (pick < 0) break;
    const leaf = leaves[pick]!;
    const { feature, bin } = leaf.split!;
    const left: number[] = [];
    const right: number[] = [];
    for (const i of leaf.rows) (bins[i * d + feature]! <= bin ? left : right).push(i);
    const node = nodes[leaf.node]!;
    node.feature = feature;
    // Stored as float32: ONNX compares in float32, and the app compares the same way (predictBoosting).
    node.threshold = bin === 0 ? -Infinity : Math.fround(edges[feature]![bin - 1]!);
    node.bin = bin;
    const lRows = Int32Array.from(left);
    const rRows = Int32Array.from(right);
    // Histogram the smaller child; the larger one is the parent minus it.
    const smallIsLeft = lRows.length <= rRows.length;
    const small = buildHist(smallIsLeft ? lRows : rRows);
    const large = subtract(leaf.hist, small);
    const l = makeLeaf(lRows, smallIsLeft ? small : large);
    const r = makeLeaf(rRows, smallIsLeft ? large : small);
    node.left = l.node;
    node.right = r.node;
    node.value = 0;
    leaves = [...leaves.slice(0, pick), ...leaves.slice(pick + 1), l, r];
  }
  return nodes;
}

function predictTreeBinned(tree: TreeNode[], bins: Uint8Array, base: number): number {
  let k = 0;
  for (;;) {
    const node = tree[k]!;
    if (node.feature < 0) return node.value;
    k = bins[base + node.feature]! <= node.bin ? node.left : node.right;
  }
}

/** Probability of class 1 for raw (unbinned) rows; missing values go left. */
export function predictBoosting(model: BoostingModel, m: Matrix): Float64Array {
  const out = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) {
    let z = model.baseScore;
    for (const tree of model.trees) {
      let k = 0;
      for (;;) {
        const node = tree[k]!;
        if (node.feature < 0) {
          z += node.value;
          break;
        }
        const v = m.data[i * m.cols + node.feature]!;
        k = Number.isNaN(v) || Math.fround(v) <= node.threshold ? node.left : node.right;
      }
    }
    out[i] = sigmoid(z);
  }
  return out;
}
