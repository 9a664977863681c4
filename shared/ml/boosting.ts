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
  const sum = (r: Int32Array) => {
    let g = 0;
    let h = 0;
    for (const i of r) {
      g += grad[i]!;
      h += hess[i]!;
    }
    return { g, h };
  };
  const makeLeaf = (r: Int32Array): Leaf => {
    const { g, h } = sum(r);
    nodes.push({ feature: -1, threshold: 0, bin: 0, left: -1, right: -1, value: (-g / (h + l2)) * lr });
    const leaf: Leaf = { rows: r, node: nodes.length - 1, g, h, split: null };
    leaf.split = bestSplit(leaf);
    return leaf;
  };
  const bestSplit = (leaf: Leaf): Leaf['split'] => {
    if (leaf.rows.length < 2 * minLeaf) return null;
    const parent = (leaf.g * leaf.g) / (leaf.h + l2);
    let best: Leaf['split'] = null;
    for (let f = 0; f < d; f++) {
      const nb = nBins[f]!;
      const hg = new Float64Array(nb);
      const hh = new Float64Array(nb);
      const hc = new Int32Array(nb);
      for (const i of leaf.rows) {
        const b = bins[i * d + f]!;
        hg[b]! += grad[i]!;
        hh[b]! += hess[i]!;
        hc[b]!++;
      }
      let gl = 0;
      let hl = 0;
      let cl = 0;
      for (let b = 0; b < nb - 1; b++) {
        gl += hg[b]!;
        hl += hh[b]!;
        cl += hc[b]!;
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
  let leaves = [makeLeaf(rows)];
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
    // Bin b covers values ≤ edges[b − 1]; bin 0 is missing, which goes left.
    // Stored as float32: ONNX compares in float32, and the app compares the same way (predictBoosting).
    node.threshold = bin === 0 ? -Infinity : Math.fround(edges[feature]![bin - 1]!);
    node.bin = bin;
    const l = makeLeaf(Int32Array.from(left));
    const r = makeLeaf(Int32Array.from(right));
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
