import { describe, expect, it } from 'vitest';
import reference from './fixtures/reference.json';
import { fitBoosting, predictBoosting } from './boosting';
import { fitForest, predictForest } from './forest';
import { fromColumns, type Matrix } from './matrix';
import { regressionMetrics, roc } from './metrics';

function matrix(rows: number[][]): Matrix {
  const names = rows[0]!.map((_, j) => `x${j}`);
  return fromColumns(Object.fromEntries(names.map((n, j) => [n, rows.map((r) => r[j]!)])), names);
}

describe('random forests and boosted regression, against scikit-learn on the same data', () => {
  const c = reference.cases.classification_data;
  const r = reference.cases.regression;

  it("random forest: test AUC no worse than scikit-learn's RandomForestClassifier by 0.01", () => {
    const model = fitForest(matrix(c.Xtr), c.ytr, { trees: 100, seed: 0 });
    const auc = roc(c.yte, predictForest(model, matrix(c.Xte))).auc;
    expect(auc).toBeGreaterThanOrEqual(reference.cases.random_forest.test_auc - 0.01);
    const p = predictForest(model, matrix(c.Xte));
    expect(Math.min(...p)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...p)).toBeLessThanOrEqual(1);
  });

  it("boosted regression (squared error): test R² no worse than HistGradientBoostingRegressor's by 0.02", () => {
    const model = fitBoosting(matrix(r.Xtr), r.ytr, { loss: 'squared', iterations: 100, seed: 0 });
    const m = regressionMetrics(r.yte, predictBoosting(model, matrix(r.Xte)));
    expect(m.r2).toBeGreaterThanOrEqual(r.hist_gradient_boosting_r2 - 0.02);
    expect(m.rmse).toBeGreaterThan(0);
    expect(m.residuals.length).toBe(r.yte.length);
  });

  it("random forest regression: test R² no worse than RandomForestRegressor's by 0.03", () => {
    const model = fitForest(matrix(r.Xtr), r.ytr, { task: 'regression', trees: 100, seed: 0 });
    expect(regressionMetrics(r.yte, predictForest(model, matrix(r.Xte))).r2).toBeGreaterThanOrEqual(r.random_forest_r2 - 0.03);
  });

  it('the same seed grows the same forest; bad targets are named', () => {
    const X = matrix(c.Xtr.slice(0, 200));
    const a = fitForest(X, c.ytr.slice(0, 200), { trees: 5, seed: 4 });
    const b = fitForest(X, c.ytr.slice(0, 200), { trees: 5, seed: 4 });
    expect(predictForest(a, X)).toEqual(predictForest(b, X));
    expect(() => fitForest(X, new Array(200).fill(0))).toThrow(/target: has one class only/);
    expect(() => fitForest(X, new Array(200).fill(Number.NaN), { task: 'regression' })).toThrow(/target: row 1 is NaN/);
  });
});
