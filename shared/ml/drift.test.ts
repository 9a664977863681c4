import { describe, expect, it } from 'vitest';
import { driftReference, driftReport, ks2, psi } from './drift';
import drift from './fixtures/drift.json';
import { kolmogorovSf } from './ks';
import type { RawFeatures } from './preprocess';
import { seededUniform } from './random';

function data(n: number, seed: number, shift: number, plans: string[]): RawFeatures {
  const rand = seededUniform(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  return {
    rows: n,
    numeric: [
      { name: 'spend', values: Float64Array.from({ length: n }, () => 50 + 10 * gauss() + shift) },
      { name: 'tenure', values: Float64Array.from({ length: n }, () => (rand() < 0.1 ? Number.NaN : 20 * rand())) },
    ],
    categorical: [{ name: 'plan', dictionary: plans, codes: Float64Array.from({ length: n }, () => Math.floor(rand() * plans.length)) }],
  };
}

describe('drift against the training reference', () => {
  const train = data(5000, 1, 0, ['free', 'pro', 'team']);
  const ref = driftReference(
    train,
    Array.from({ length: train.rows }, (_, i) => i),
    0,
  );

  it('keeps a sample per numeric column (no missing values) and category shares', () => {
    expect(ref.numeric.map((r) => r.sample.length)).toEqual([1000, expect.any(Number)]);
    expect(ref.numeric[1]!.sample.length).toBeGreaterThan(850);
    expect(ref.numeric[1]!.sample.every(Number.isFinite)).toBe(true);
    const shares = Object.values(ref.categorical[0]!.shares);
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('finds no drift in new data from the same population', () => {
    const r = driftReport(ref, data(20000, 2, 0, ['free', 'pro', 'team']));
    expect(r.warnings).toEqual([]);
    expect(r.features.map((f) => f.feature)).toEqual(['spend', 'tenure', 'plan']);
    expect(r.features.every((f) => f.psi < 0.05)).toBe(true);
  });

  it('warns for a shifted column and for a new mix of categories, naming them', () => {
    const shifted = driftReport(ref, data(20000, 3, 8, ['free', 'pro', 'team']));
    expect(shifted.features.find((f) => f.feature === 'spend')!.warning).toBe(true);
    expect(shifted.features.find((f) => f.feature === 'spend')!.ks!).toBeGreaterThan(0.2);
    expect(shifted.warnings).toEqual([expect.stringMatching(/^spend: population stability index [\d.]+ is above 0.2/)]);
    // Half the new rows carry plans training never saw.
    const newPlans = driftReport(ref, data(20000, 4, 0, ['free', 'pro', 'team', 'edu', 'gov', 'ngo']));
    expect(newPlans.features.find((f) => f.feature === 'plan')!.warning).toBe(true);
  });

  it('compares a training column with the column now mapped to it', () => {
    const later = data(2000, 5, 0, ['free', 'pro', 'team']);
    later.numeric[0]!.name = 'spend_eur';
    const r = driftReport(ref, later, (n) => (n === 'spend' ? 'spend_eur' : n));
    expect(r.features[0]!.feature).toBe('spend_eur');
  });
});

describe('drift statistics against SciPy and NumPy (fixtures/generate_drift.py)', () => {
  it.each(drift.ks.map((c) => [c.a.length, c.b.length, c] as const))('KS %i vs %i values as scipy.stats.ks_2samp', (_n1, _n2, c) => {
    const r = ks2(c.a, c.b);
    expect(r.method).toBe(c.method);
    expect(Math.abs(r.statistic - c.statistic)).toBeLessThan(1e-12);
    // P-values to 1e-6 relative, however small.
    expect(Math.abs(r.pValue - c.pValue), `${r.pValue} vs ${c.pValue}`).toBeLessThanOrEqual(1e-6 * c.pValue);
  });

  it.each(drift.kstwo.map((c) => [c.n, c.d, c] as const))('one-sample D_n tail, n = %i, d = %f, as scipy.stats.kstwo.sf', (_n, _d, c) => {
    const p = kolmogorovSf(c.n, c.d);
    expect(Math.abs(p - c.sf), `${p} vs ${c.sf}`).toBeLessThanOrEqual(1e-6 * c.sf + 1e-10);
  });

  it.each(drift.psi.map((c) => [c.expected.length, c.actual.length, c] as const))(
    'PSI over %i training values (linear deciles)',
    (_n1, _n2, c) => {
      const r = psi(c.expected, c.actual);
      expect(r.edges).toHaveLength(c.edges.length);
      r.edges.forEach((e, i) => expect(Math.abs(e - c.edges[i]!)).toBeLessThan(1e-12));
      expect(r.expectedShare).toEqual(c.expectedShare);
      expect(r.actualShare).toEqual(c.actualShare);
      expect(Math.abs(r.psi - c.psi)).toBeLessThan(1e-12);
    },
  );
});
