/**
 * Random forests (bagged histogram trees, as scikit-learn's RandomForestClassifier/Regressor but on
 * binned features): each tree sees a bootstrap sample and a random subset of features at each split;
 * a leaf holds the (weighted) mean target of its rows, so a classifier's trees split by Gini
 * impurity (variance of a 0/1 target) and the forest averages class-1 shares into a probability.
 */
import { checkTarget } from './boosting';
import { checkCancel, ModelInputError, type FitControl } from './errors';
import type { Matrix } from './matrix';
import type { Pair } from './parallel';
import { seededUniform } from './random';
import { binData, predictTree, TreeGrower, type TreeNode } from './trees';

export interface ForestOptions {
  task?: 'classification' | 'regression';
  trees?: number;
  /** Leaves per tree (keeps trees small enough to export and score quickly). */
  maxLeaves?: number;
  maxDepth?: number;
  minSamplesLeaf?: number;
  /** Features tried at each split: 'sqrt' (the default for classification), 'all' (for regression), or a count. */
  maxFeatures?: 'sqrt' | 'all' | number;
  classWeight?: 'balanced' | null;
  maxBins?: number;
  seed?: number;
}

export interface ForestModel {
  kind: 'forest';
  task: 'classification' | 'regression';
  features: string[];
  trees: TreeNode[][];
}

export function fitForest(
  m: Matrix,
  target: ArrayLike<number>,
  options: ForestOptions = {},
  control?: FitControl,
  pair?: Pair,
): ForestModel {
  const task = options.task ?? 'classification';
  const pos = checkTarget(target, m.rows, task === 'classification' ? 'logloss' : 'squared');
  const nTrees = options.trees ?? 100;
  if (!(nTrees >= 1)) throw new ModelInputError('trees', `must be at least 1 (got ${nTrees}).`);
  const n = m.rows;
  const d = m.cols;
  const rand = seededUniform(options.seed ?? 0);
  const maxFeatures =
    typeof options.maxFeatures === 'number'
      ? Math.max(1, Math.min(d, Math.floor(options.maxFeatures)))
      : (options.maxFeatures ?? (task === 'classification' ? 'sqrt' : 'all')) === 'sqrt'
        ? Math.max(1, Math.floor(Math.sqrt(d)))
        : d;
  const binned = binData(m, Math.min(255, options.maxBins ?? 255), rand, pair);
  const classWeight = new Float64Array([1, 1]);
  if (task === 'classification' && options.classWeight === 'balanced') {
    classWeight[1] = n / (2 * pos);
    classWeight[0] = n / (2 * (n - pos));
  }
  const grower = new TreeGrower(binned, n, 2, pair);
  const inBagRows = new Int32Array(n);
  const gh = grower.vals;
  const counts = new Int32Array(n);
  const grow = {
    maxLeaves: options.maxLeaves ?? 256,
    maxDepth: options.maxDepth ?? Infinity,
    minLeaf: options.minSamplesLeaf ?? 1,
    l2: 0,
    shrink: 1,
    maxFeatures,
    rand,
  };
  const trees: TreeNode[][] = [];
  pair?.begin(grower.arrays, d * binned.B * 3);
  try {
    for (let t = 0; t < nTrees; t++) {
      checkCancel(control);
      // Bootstrap: each row's multiplicity in a sample of n draws with replacement becomes its weight.
      counts.fill(0);
      for (let k = 0; k < n; k++) counts[Math.floor(rand() * n)]!++;
      let inBag = 0;
      for (let i = 0; i < n; i++) if (counts[i]) inBagRows[inBag++] = i;
      grower.load(inBagRows, inBag);
      for (let k = 0; k < inBag; k++) {
        const i = inBagRows[k]!;
        const yi = target[i]!;
        const w = counts[i]! * (task === 'classification' ? classWeight[yi]! : 1);
        // Leaf value −G/H is then the weighted mean target of the leaf's rows.
        gh[2 * k] = -w * yi;
        gh[2 * k + 1] = w;
      }
      trees.push(grower.grow(inBag, grow));
      control?.onProgress?.((t + 1) / nTrees, `tree ${t + 1} of ${nTrees}`);
    }
  } finally {
    pair?.end();
  }
  return { kind: 'forest', task, features: m.names, trees };
}

/** Probability of class 1 (classification) or the predicted value (regression): the trees' average. */
export function predictForest(model: ForestModel, m: Matrix): Float64Array {
  const out = new Float64Array(m.rows);
  const k = model.trees.length;
  for (let i = 0; i < m.rows; i++) {
    let s = 0;
    for (const tree of model.trees) s += predictTree(tree, m.data, i * m.cols);
    out[i] = s / k;
  }
  return out;
}
