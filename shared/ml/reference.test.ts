/** Against scikit-learn on fixed data (see fixtures/generate.py for versions and calls). */
import { describe, expect, it } from 'vitest';
import reference from './fixtures/reference.json';
import { ModelInputError } from './errors';
import { applyImputer, fitImputer } from './impute';
import { kmeans, predictKMeans, silhouette } from './kmeans';
import { fitLogistic, predictLogistic } from './logistic';
import { fromColumns, type Matrix } from './matrix';
import { brier, calibration, logLoss, precisionRecall, roc } from './metrics';

type Cases = typeof reference.cases;
const cases: Cases = reference.cases;

function matrix(rows: number[][], prefix = 'x'): Matrix {
  const names = rows[0]!.map((_, j) => `${prefix}${j}`);
  const cols: Record<string, number[]> = {};
  names.forEach((n, j) => (cols[n] = rows.map((r) => r[j]!)));
  return fromColumns(cols, names);
}

describe('k-means', () => {
  const X = matrix(cases.kmeans.X);
  const model = kmeans(X, { k: 5, restarts: 10, seed: 1 });

  it("reaches an inertia within 1% of scikit-learn's best of 10 restarts", () => {
    expect(model.inertia / cases.kmeans.expected.inertia).toBeLessThan(1.01);
    expect(model.sizes.reduce((a, b) => a + b, 0)).toBe(600);
  });

  it('computes the silhouette exactly as scikit-learn (same labels)', () => {
    const labels = Int32Array.from(cases.kmeans.expected.labels);
    expect(Math.abs(silhouette(X, labels, 5) - cases.kmeans.expected.silhouette_of_sklearn_labels)).toBeLessThan(1e-6);
  });

  it('refuses more clusters than rows', () => {
    expect(() => kmeans(matrix([[1], [2]]), { k: 3 })).toThrow(/k: asks for 3 clusters but there are only 2 rows/);
  });
});

describe('logistic regression', () => {
  const d = cases.classification_data;
  const Xtr = matrix(d.Xtr);
  const Xte = matrix(d.Xte);
  for (const [name, weight] of [
    ['plain', null],
    ['balanced', 'balanced'],
  ] as const) {
    it(`matches scikit-learn's optimum (${name} class weights)`, () => {
      const c = cases[`logistic_${name}`];
      const model = fitLogistic(Xtr, d.ytr, { C: 1, classWeight: weight });
      model.coefficients.forEach((w, j) => expect(Math.abs(w - c.expected.coef[j]!)).toBeLessThan(1e-6));
      expect(Math.abs(model.intercept - c.expected.intercept)).toBeLessThan(1e-6);
      const auc = roc(d.yte, predictLogistic(model, Xte)).auc;
      expect(auc).toBeGreaterThanOrEqual(c.expected.test_auc - 0.005);
    });
  }

  it('reaches the same optimum through the warm-started, Hessian-reusing path used for large data', () => {
    const rows = 60_000;
    const cols: Record<string, number[]> = { a: [], b: [], c: [] };
    const y: number[] = [];
    let s = 7;
    const r = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
    for (let i = 0; i < rows; i++) {
      const a = r();
      const b = r();
      const c = r();
      cols.a!.push(a);
      cols.b!.push(b * 3);
      cols.c!.push(c + a);
      y.push((r() + 1) / 2 < 1 / (1 + Math.exp(-(1.5 * a - b + 0.3))) ? 1 : 0);
    }
    const X = fromColumns(cols, ['a', 'b', 'c']);
    const pure = fitLogistic(X, y, { warmStart: false });
    const progress: number[] = [];
    const fast = fitLogistic(X, y, { warmStart: true }, { onProgress: (f) => progress.push(f) });
    // The sample's steps are not reported, so progress only moves forward.
    expect(progress.length).toBeGreaterThan(1);
    progress.forEach((f, i) => expect(f).toBeGreaterThanOrEqual(progress[i - 1] ?? 0));
    expect(() => fitLogistic(X, y, { warmStart: true }, { isCancelled: () => true })).toThrow(/cancelled/);
    pure.coefficients.forEach((w, j) => expect(Math.abs(w - fast.coefficients[j]!)).toBeLessThan(1e-8));
    expect(Math.abs(pure.intercept - fast.intercept)).toBeLessThan(1e-8);
  });

  it('standardises on the fly without losing precision when a mean dwarfs the spread', () => {
    const d = cases.classification_data;
    const names = d.Xtr[0]!.map((_, j) => `x${j}`);
    const columns = (shift: number) => Object.fromEntries(names.map((nm, j) => [nm, d.Xtr.map((row) => row[j]! + (j === 0 ? shift : 0))]));
    const plain = fitLogistic(fromColumns(columns(0), names), d.ytr);
    const shifted = fitLogistic(fromColumns(columns(1e7), names), d.ytr);
    plain.coefficients.forEach((w, j) => expect(Math.abs(w - shifted.coefficients[j]!)).toBeLessThan(1e-9));
    expect(Math.abs(plain.intercept - shifted.intercept)).toBeLessThan(1e-9);
    expect(shifted.scalerMean[0]! - plain.scalerMean[0]!).toBeCloseTo(1e7, 6);
  });

  it('imputes with the training mean or median', () => {
    const X = fromColumns({ a: [1, null, 3, 10], b: [2, 2, null, 4] }, ['a', 'b']);
    expect(Array.from(fitImputer(X, 'mean'))).toEqual([14 / 3, 8 / 3]);
    expect(Array.from(fitImputer(X, 'median'))).toEqual([3, 2]);
    expect(Array.from(applyImputer(X, fitImputer(X, 'median')).data)).toEqual([1, 2, 3, 2, 3, 2, 10, 4]);
    expect(() => fitImputer(fromColumns({ a: [1, 2], b: [Number.NaN, 1] }, ['a', 'b']), 'mean')).not.toThrow();
  });

  it('names the problem with a one-class target or a missing value', () => {
    expect(() => fitLogistic(Xtr, new Array(Xtr.rows).fill(0))).toThrow(ModelInputError);
    expect(() => fitLogistic(Xtr, new Array(Xtr.rows).fill(0))).toThrow(/target: has one class only/);
    const cols = { a: [1, 2, null, 4], b: [1, 0, 1, 0] };
    expect(() => fitLogistic(fromColumns(cols, ['a', 'b']), [0, 1, 0, 1])).toThrow(/a: row 3 is missing/);
    expect(() => fromColumns({ a: [null, null] }, ['a'])).toThrow(/a: every value is missing/);
  });
});

describe('metrics (1e-9 against scikit-learn, with tied scores)', () => {
  const m = cases.metrics;
  it('AUC, average precision, log loss, Brier', () => {
    expect(Math.abs(roc(m.y, m.p).auc - m.expected.auc)).toBeLessThan(1e-9);
    expect(Math.abs(precisionRecall(m.y, m.p).averagePrecision - m.expected.ap)).toBeLessThan(1e-9);
    expect(Math.abs(logLoss(m.y, m.p) - m.expected.logloss)).toBeLessThan(1e-9);
    expect(Math.abs(brier(m.y, m.p) - m.expected.brier)).toBeLessThan(1e-9);
  });
  it('calibration bins', () => {
    const c = calibration(m.y, m.p, 10);
    expect(c.fractionPositive.length).toBe(m.expected.calibration_true.length);
    c.fractionPositive.forEach((v, i) => expect(Math.abs(v - m.expected.calibration_true[i]!)).toBeLessThan(1e-9));
    c.meanPredicted.forEach((v, i) => expect(Math.abs(v - m.expected.calibration_pred[i]!)).toBeLessThan(1e-9));
  });
});

describe('k-means prediction', () => {
  it('assigns new rows to the nearest centre, the same as the fit did', () => {
    const X = matrix(cases.kmeans.X);
    const model = kmeans(X, { k: 5, seed: 4 });
    expect(Array.from(predictKMeans(model, X))).toEqual(Array.from(model.labels));
  });
});
