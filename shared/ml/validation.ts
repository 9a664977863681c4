/** Model validation that needs only a fit and a predict: stratified k-fold scores and permutation importance. */
import { ModelInputError } from './errors';
import { takeRows, type Matrix } from './matrix';
import { roc } from './metrics';
import { seededUniform } from './random';

export type Fit = (X: Matrix, y: number[]) => (X: Matrix) => Float64Array;

/** A seeded random train/test split of n rows (for numeric targets, where strata do not apply). */
export function randomSplit(n: number, testShare: number, seed = 0): { train: number[]; test: number[] } {
  const rand = seededUniform(seed);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const cut = Math.round(n * testShare);
  if (cut < 1 || cut >= n) throw new ModelInputError('testShare', `leaves no rows to ${cut < 1 ? 'test' : 'train'} on with ${n} rows.`);
  return { train: order.slice(cut).sort((a, b) => a - b), test: order.slice(0, cut).sort((a, b) => a - b) };
}

/** Stratified folds (seeded): each fold keeps the overall share of positives. */
export function stratifiedFolds(y: ArrayLike<number>, k: number, seed = 0): number[][] {
  if (!Number.isInteger(k) || k < 2) throw new ModelInputError('folds', 'must be a whole number of at least 2.');
  const rand = seededUniform(seed);
  const folds: number[][] = Array.from({ length: k }, () => []);
  for (const cls of [0, 1]) {
    const idx: number[] = [];
    for (let i = 0; i < y.length; i++) if (y[i] === cls) idx.push(i);
    if (idx.length < k) throw new ModelInputError('target', `class ${cls} has ${idx.length} rows, fewer than the ${k} folds.`);
    for (let i = idx.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [idx[i], idx[j]] = [idx[j]!, idx[i]!];
    }
    idx.forEach((r, i) => folds[i % k]!.push(r));
  }
  return folds.map((f) => f.sort((a, b) => a - b));
}

/** AUC on each held-out fold, with the mean and standard deviation. */
export function crossValidateAuc(X: Matrix, y: number[], fit: Fit, k = 5, seed = 0): { folds: number[]; mean: number; sd: number } {
  const folds = stratifiedFolds(y, k, seed);
  const scores = folds.map((test) => {
    const inTest = new Set(test);
    const train = Array.from({ length: X.rows }, (_, i) => i).filter((i) => !inTest.has(i));
    const predict = fit(
      takeRows(X, train),
      train.map((i) => y[i]!),
    );
    return roc(
      test.map((i) => y[i]!),
      predict(takeRows(X, test)),
    ).auc;
  });
  const mean = scores.reduce((a, b) => a + b, 0) / k;
  const sd = Math.sqrt(scores.reduce((a, b) => a + (b - mean) ** 2, 0) / (k - 1));
  return { folds: scores, mean, sd };
}

/**
 * Drop in score (AUC by default; R² for regression) when one feature's values are shuffled (seeded),
 * averaged over repeats; larger is more important.
 */
export function permutationImportance(
  X: Matrix,
  y: number[],
  predict: (X: Matrix) => Float64Array,
  repeats = 5,
  seed = 0,
  score: (y: number[], p: Float64Array) => number = (yy, p) => roc(yy, p).auc,
): { feature: string; importance: number; sd: number }[] {
  const base = score(y, predict(X));
  const rand = seededUniform(seed);
  return X.names.map((feature, f) => {
    const drops: number[] = [];
    for (let r = 0; r < repeats; r++) {
      const data = Float64Array.from(X.data);
      const perm = Array.from({ length: X.rows }, (_, i) => i);
      for (let i = perm.length - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [perm[i], perm[j]] = [perm[j]!, perm[i]!];
      }
      for (let i = 0; i < X.rows; i++) data[i * X.cols + f] = X.data[perm[i]! * X.cols + f]!;
      drops.push(base - score(y, predict({ ...X, data })));
    }
    const mean = drops.reduce((a, b) => a + b, 0) / repeats;
    const sd = Math.sqrt(drops.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, repeats - 1));
    return { feature, importance: mean, sd };
  });
}
