import { describe, expect, it } from 'vitest';
import drift from './fixtures/drift.json';
import reference from './fixtures/reference.json';
import { ks2, psi, PSI_WARNING } from './drift';
import { bestThreshold, liftByDecile } from './evaluation';
import { confusion } from './metrics';
import { isotonicCalibrator, plattCalibrator } from './calibration';
import { fromColumns } from './matrix';
import { pca } from './pca';

describe('lift and gain by decile', () => {
  it('ranks by score and finds every positive by the last decile', () => {
    const y = Array.from({ length: 1000 }, (_, i) => (i % 10 === 0 ? 1 : 0));
    const p = y.map((v, i) => (v ? 0.9 - i / 10_000 : 0.1 + (i % 7) / 100));
    const rows = liftByDecile(y, p);
    expect(rows).toHaveLength(10);
    expect(rows[0]).toMatchObject({ decile: 1, rows: 100, positives: 100, rate: 1, lift: 10, cumulativeGain: 1 });
    expect(rows[9]!.cumulativeGain).toBe(1);
    expect(rows.reduce((s, r) => s + r.rows, 0)).toBe(1000);
  });
});

describe('threshold choice', () => {
  const m = reference.cases.metrics;
  it('finds the F1-best threshold among the distinct scores (checked by brute force)', () => {
    const best = bestThreshold(m.y, m.p, { kind: 'f1' });
    let bruteBest = -1;
    for (const t of new Set(m.p)) bruteBest = Math.max(bruteBest, confusion(m.y, m.p, t).f1);
    expect(best.value).toBeCloseTo(bruteBest, 12);
    expect(best.confusion.f1).toBeCloseTo(bruteBest, 12);
  });
  it('minimises a cost of false positives and false negatives', () => {
    const best = bestThreshold(m.y, m.p, { kind: 'cost', fpCost: 1, fnCost: 5 });
    let brute = Infinity;
    for (const t of new Set(m.p)) {
      const c = confusion(m.y, m.p, t);
      brute = Math.min(brute, c.fp + 5 * c.fn);
    }
    expect(best.value).toBe(brute);
  });
});

describe('drift', () => {
  it('Kolmogorov–Smirnov: statistic and p-value as scipy.stats.ks_2samp (exact at these sizes, not the kstwobign limit)', () => {
    reference.cases.ks.cases.forEach((c, i) => {
      const r = ks2(c.a, c.b);
      expect(Math.abs(r.statistic - c.statistic)).toBeLessThan(1e-12);
      const p = drift.ks_reference_cases[i]!.pValue;
      expect(Math.abs(r.pValue - p)).toBeLessThanOrEqual(1e-6 * p);
    });
  });
  it('PSI is near 0 for the same distribution and warns above 0.2 for a shifted one', () => {
    const base = Array.from({ length: 5000 }, (_, i) => Math.sin(i) * 10);
    expect(psi(base, base).psi).toBeLessThan(1e-12);
    const shifted = base.map((v) => v + 6);
    const r = psi(base, shifted);
    expect(r.psi).toBeGreaterThan(PSI_WARNING);
    expect(r.warning).toBe(true);
    expect(r.expectedShare.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });
});

describe('PCA and calibration against scikit-learn', () => {
  it('explained variance and components (up to sign) to 1e-6', () => {
    const c = reference.cases.pca;
    const names = c.X[0]!.map((_, j) => `x${j}`);
    const X = fromColumns(Object.fromEntries(names.map((n, j) => [n, c.X.map((r) => r[j]!)])), names);
    const r = pca(X, 3);
    r.explainedVariance.forEach((v, i) => expect(Math.abs(v - c.explained_variance[i]!) / c.explained_variance[i]!).toBeLessThan(1e-6));
    r.explainedVarianceRatio.forEach((v, i) => expect(Math.abs(v - c.explained_variance_ratio[i]!)).toBeLessThan(1e-6));
    r.components.forEach((comp, i) => comp.forEach((v, j) => expect(Math.abs(Math.abs(v) - c.components_abs[i]![j]!)).toBeLessThan(1e-6)));
    expect(r.projection2d.x).toHaveLength(400);
  });

  it('isotonic calibration matches IsotonicRegression, Platt scaling matches a logistic fit on the score', () => {
    const m = reference.cases.metrics;
    const iso = isotonicCalibrator(m.y, m.p);
    const got = iso.apply(reference.cases.isotonic.grid);
    got.forEach((v, i) => expect(Math.abs(v - reference.cases.isotonic.expected[i]!)).toBeLessThan(1e-9));
    const platt = plattCalibrator(m.y, m.p);
    expect(Math.abs(platt.a - reference.cases.platt.a)).toBeLessThan(1e-6);
    expect(Math.abs(platt.b - reference.cases.platt.b)).toBeLessThan(1e-6);
  });
});
