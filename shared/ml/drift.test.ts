import { describe, expect, it } from 'vitest';
import { driftReference, driftReport } from './drift';
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
