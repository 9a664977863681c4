import { describe, expect, it } from 'vitest';
import reference from './fixtures/reference.json';
import { fitLogistic, predictLogistic } from './logistic';
import { fromColumns } from './matrix';
import { crossValidateAuc, permutationImportance, stratifiedFolds } from './validation';

const d = reference.cases.classification_data;
const names = d.Xtr[0]!.map((_, j) => `x${j}`);
const X = fromColumns(Object.fromEntries(names.map((n, j) => [n, d.Xtr.map((r) => r[j]!)])), names);

describe('validation', () => {
  it('makes stratified folds that cover every row once', () => {
    const folds = stratifiedFolds(d.ytr, 5, 1);
    expect(folds.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: d.ytr.length }, (_, i) => i));
    const share = d.ytr.reduce((a, b) => a + b, 0) / d.ytr.length;
    for (const f of folds) expect(Math.abs(f.filter((i) => d.ytr[i] === 1).length / f.length - share)).toBeLessThan(0.01);
  });

  it('cross-validates a logistic regression near its held-out AUC', () => {
    const cv = crossValidateAuc(X, d.ytr, (Xt, yt) => {
      const m = fitLogistic(Xt, yt);
      return (Xv) => predictLogistic(m, Xv);
    });
    expect(cv.folds).toHaveLength(5);
    expect(Math.abs(cv.mean - reference.cases.logistic_plain.expected.test_auc)).toBeLessThan(0.03);
    expect(cv.sd).toBeLessThan(0.05);
  });

  it('ranks informative features above noise by permutation importance', () => {
    const cols = { signal: [] as number[], noise: [] as number[] };
    const y: number[] = [];
    let s = 1;
    const r = () => (s = (s * 16807) % 2147483647) / 2147483647;
    for (let i = 0; i < 3000; i++) {
      const a = r() * 2 - 1;
      cols.signal.push(a);
      cols.noise.push(r());
      y.push(r() < 1 / (1 + Math.exp(-4 * a)) ? 1 : 0);
    }
    const Xs = fromColumns(cols, ['signal', 'noise']);
    const m = fitLogistic(Xs, y);
    const imp = permutationImportance(Xs, y, (Xv) => predictLogistic(m, Xv), 3, 2);
    expect(imp[0]!.importance).toBeGreaterThan(0.2);
    expect(Math.abs(imp[1]!.importance)).toBeLessThan(0.02);
  });
});
