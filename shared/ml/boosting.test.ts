import { describe, expect, it } from 'vitest';
import reference from './fixtures/reference.json';
import { fitBoosting, predictBoosting } from './boosting';
import { fromColumns, type Matrix } from './matrix';
import { roc } from './metrics';

function matrix(rows: number[][]): Matrix {
  const names = rows[0]!.map((_, j) => `x${j}`);
  return fromColumns(Object.fromEntries(names.map((n, j) => [n, rows.map((r) => r[j]!)])), names);
}

describe('gradient-boosted trees', () => {
  const d = reference.cases.classification_data;
  const Xtr = matrix(d.Xtr);
  const Xte = matrix(d.Xte);

  it("scores a test AUC no worse than scikit-learn's HistGradientBoosting by 0.01", () => {
    const model = fitBoosting(Xtr, d.ytr, { iterations: 100, seed: 0 });
    const auc = roc(d.yte, predictBoosting(model, Xte)).auc;
    expect(auc).toBeGreaterThanOrEqual(reference.cases.hist_gradient_boosting.test_auc - 0.01);
    expect(model.trees.length).toBeGreaterThan(5);
  });

  it('sends missing values left and predicts the same on raw values as during training', () => {
    const cols = { a: [1, 2, 3, 4, 5, 6, 7, 8, null, null, 11, 12], b: [0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1] };
    const y = [0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 1, 1];
    const X = fromColumns(cols, ['a', 'b']);
    const model = fitBoosting(X, y, { iterations: 20, minSamplesLeaf: 2, validationShare: 0, learningRate: 0.5 });
    const p = predictBoosting(model, X);
    expect(p[10]!).toBeGreaterThan(0.5);
    expect(p[0]!).toBeLessThan(0.5);
    expect(Number.isFinite(p[8]!)).toBe(true);
  });

  it('refuses a one-class target', () => {
    expect(() => fitBoosting(Xtr, new Array(Xtr.rows).fill(1))).toThrow(/target: has one class only/);
  });
});
