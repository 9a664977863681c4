/**
 * Gradient-boosted trees with histogram binning (the kind of LightGBM and scikit-learn's
 * HistGradientBoosting): log loss for binary classification or squared error for regression (CLV),
 * shrinkage, L2 on leaf values, leaf-wise growth up to a leaf count, minimum samples per leaf, class
 * weights, and early stopping on a validation share.
 */
import { checkCancel, ModelInputError, type FitControl } from './errors';
import type { Matrix } from './matrix';
import { runKernel, sharedArray, sigmoid, type Pair } from './parallel';
import { seededUniform } from './random';
import { binData, predictTree, predictTreeBinned, TreeGrower, type TreeNode } from './trees';

export type { TreeNode } from './trees';

export interface BoostingOptions {
  /** 'logloss' (binary classification, the default) or 'squared' (regression). */
  loss?: 'logloss' | 'squared';
  iterations?: number;
  learningRate?: number;
  maxLeaves?: number;
  maxDepth?: number;
  minSamplesLeaf?: number;
  l2?: number;
  maxBins?: number;
  /** 'balanced' weighs classes inversely to their frequency (classification only). */
  classWeight?: 'balanced' | null;
  /** Share of training rows held out for early stopping (0 = off); default 0.1 above 10,000 rows, as scikit-learn's 'auto'. */
  validationShare?: number;
  /** Stop after this many iterations without improvement of the validation loss. */
  patience?: number;
  seed?: number;
}

export interface BoostingModel {
  kind: 'boosting';
  loss: 'logloss' | 'squared';
  features: string[];
  baseScore: number;
  trees: TreeNode[][];
  iterations: number;
  validationLoss: number[];
}

/** Checks the target: 0/1 with both classes for log loss, finite numbers for squared error. */
export function checkTarget(y: ArrayLike<number>, rows: number, loss: 'logloss' | 'squared'): number {
  if (y.length !== rows) throw new ModelInputError('target', `has ${y.length} values for ${rows} rows.`);
  let pos = 0;
  for (let i = 0; i < y.length; i++) {
    const v = y[i]!;
    if (loss === 'squared') {
      if (!Number.isFinite(v)) throw new ModelInputError('target', `row ${i + 1} is ${v}; a regression target must be a number.`);
    } else if (v !== 0 && v !== 1) throw new ModelInputError('target', `row ${i + 1} is ${v}; the target must be 0 or 1.`);
    else pos += v;
  }
  if (loss === 'logloss' && (pos === 0 || pos === y.length))
    throw new ModelInputError('target', 'has one class only; a classifier needs both.');
  return pos;
}

/** With a pair, histograms are built on two threads. */
export function fitBoosting(
  m: Matrix,
  target: ArrayLike<number>,
  options: BoostingOptions = {},
  control?: FitControl,
  pair?: Pair,
): BoostingModel {
  const loss = options.loss ?? 'logloss';
  const iterations = options.iterations ?? 100;
  const lr = options.learningRate ?? 0.1;
  const pos = checkTarget(target, m.rows, loss);
  const y = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) y[i] = target[i]!;
  const rand = seededUniform(options.seed ?? 0);
  const n = m.rows;
  const d = m.cols;
  const valShare = options.validationShare ?? (n > 10_000 ? 0.1 : 0);
  const isVal = new Uint8Array(n);
  if (valShare > 0) for (let i = 0; i < n; i++) isVal[i] = rand() < valShare ? 1 : 0;
  const binned = binData(m, Math.min(255, options.maxBins ?? 255), rand, pair);
  const trainRows: number[] = [];
  const valRows: number[] = [];
  for (let i = 0; i < n; i++) (isVal[i] ? valRows : trainRows).push(i);
  // Sample weights: 'balanced' class weights for classification, else 1.
  const weight = new Float64Array(n).fill(1);
  if (loss === 'logloss' && options.classWeight === 'balanced') {
    const w1 = n / (2 * pos);
    const w0 = n / (2 * (n - pos));
    for (let i = 0; i < n; i++) weight[i] = y[i] === 1 ? w1 : w0;
  }
  let sw = 0;
  let swy = 0;
  for (const i of trainRows) {
    sw += weight[i]!;
    swy += weight[i]! * y[i]!;
  }
  const baseScore = loss === 'squared' ? swy / sw : Math.log(swy / (sw - swy));
  // Training rows carry [gradient, hessian, score, target] through the grower (see the boostStep kernel).
  const grower = new TreeGrower(binned, trainRows.length, 4, pair);
  grower.load(trainRows, trainRows.length);
  const vals = grower.vals;
  // The score slot holds the raw score for squared error and e^(−raw) for log loss (see the boostStep kernel).
  const startScore = loss === 'squared' ? baseScore : Math.exp(-baseScore);
  trainRows.forEach((i, k) => {
    vals[4 * k + 2] = startScore;
    vals[4 * k + 3] = loss === 'squared' ? y[i]! : weight[i]! * (2 * y[i]! - 1);
  });
  // Validation rows' raw scores, by row number.
  const raw = new Float64Array(n).fill(baseScore);
  const grow = {
    maxLeaves: options.maxLeaves ?? 31,
    maxDepth: options.maxDepth ?? Infinity,
    minLeaf: options.minSamplesLeaf ?? 20,
    l2: options.l2 ?? 0,
    shrink: lr,
    maxFeatures: d,
    rand,
  };
  const trees: TreeNode[][] = [];
  const validationLoss: number[] = [];
  let bestLoss = Infinity;
  let bestIter = 0;
  // Each tree starts from the rows in the order the last one left them. Its leaves tile the positions;
  // the step kernel adds their values to the raw scores on its way to the next gradients.
  const leafEnd = sharedArray(Float64Array, grow.maxLeaves, pair);
  const leafStep = sharedArray(Float64Array, grow.maxLeaves, pair);
  leafEnd[0] = trainRows.length;
  leafStep[0] = loss === 'squared' ? 0 : 1;
  const leaves: [number, number, number][] = [];
  const onLeaf = (start: number, end: number, value: number) => leaves.push([start, end, value]);
  const arrays = { ...grower.arrays, leafEnd, leafStep };
  const stepParams = [loss === 'squared' ? 1 : 0, d, binned.B, binned.rowBytes >> 2];
  pair?.begin(arrays, d * binned.B * 3);
  try {
    for (let it = 0; it < iterations; it++) {
      checkCancel(control);
      const root = grower.rootHistogram(trainRows.length);
      runKernel(pair, arrays, 'boostStep', stepParams, 0, trainRows.length, root);
      leaves.length = 0;
      const tree = grower.grow(trainRows.length, grow, onLeaf, root);
      leaves.sort((a, b) => a[0] - b[0]);
      leaves.forEach(([, end, value], q) => {
        leafEnd[q] = end;
        // Clamped so a step is finite and above 0: a score saturated at 0 or Infinity then stays there and
        // never turns NaN (0·Infinity), as σ(raw) saturates at 1 or 0 beyond |raw| ≈ 745 anyway.
        leafStep[q] = loss === 'squared' ? value : Math.exp(-Math.min(700, Math.max(-700, value)));
      });
      trees.push(tree);
      if (valRows.length) {
        let total = 0;
        for (const i of valRows) {
          raw[i]! += predictTreeBinned(tree, binned, i);
          if (loss === 'squared') total += (raw[i]! - y[i]!) ** 2;
          else {
            const p = Math.min(1 - 1e-15, Math.max(1e-15, sigmoid(raw[i]!)));
            total -= y[i] === 1 ? Math.log(p) : Math.log(1 - p);
          }
        }
        const vl = total / valRows.length;
        validationLoss.push(vl);
        if (vl < bestLoss - 1e-7) {
          bestLoss = vl;
          bestIter = it + 1;
        } else if (it + 1 - bestIter >= (options.patience ?? 10)) break;
      }
      control?.onProgress?.((it + 1) / iterations, `tree ${it + 1} of ${iterations}`);
    }
  } finally {
    pair?.end();
  }
  const keep = valRows.length ? bestIter : trees.length;
  return { kind: 'boosting', loss, features: m.names, baseScore, trees: trees.slice(0, keep), iterations: keep, validationLoss };
}

/** Raw scores (base + Σ trees) for raw (unbinned) rows. */
function boostingRaw(model: BoostingModel, m: Matrix): Float64Array {
  const out = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) {
    let z = model.baseScore;
    for (const tree of model.trees) z += predictTree(tree, m.data, i * m.cols);
    out[i] = z;
  }
  return out;
}

/** Probability of class 1 (log loss) or the predicted value (squared error). */
export function predictBoosting(model: BoostingModel, m: Matrix): Float64Array {
  const raw = boostingRaw(model, m);
  if (model.loss === 'squared') return raw;
  for (let i = 0; i < raw.length; i++) raw[i] = sigmoid(raw[i]!);
  return raw;
}
