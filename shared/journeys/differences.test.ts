import { describe, expect, it } from 'vitest';
import { differences, oddsRatio } from './differences';
import reference from './fixtures/odds-ratio.json';

const close = (got: number, want: number, tol: number) =>
  expect(Math.abs(got - want)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(want)));

describe('oddsRatio with a prior of 1 against statsmodels Table2x2 (fixtures/generate_odds_ratio.py)', () => {
  for (const c of reference.cases) {
    it(`a=${c.table.a} b=${c.table.b} c=${c.table.c} d=${c.table.d}`, () => {
      const r = oddsRatio(c.table);
      for (const k of ['oddsRatio', 'logOddsRatio', 'standardError', 'ciLow', 'ciHigh'] as const) close(r[k], c[k], reference.tolerance);
    });
  }

  it('refuses a negative count, naming the cell', () => {
    expect(() => oddsRatio({ a: 1, b: -1, c: 1, d: 1 })).toThrow(/^b: a count must be/);
  });
});

describe('differences', () => {
  const totals = { customers: 100, converters: 20 };
  const counts = [
    { event: 'help', converters: 2, nonConverters: 40 },
    { event: 'promo', converters: 15, nonConverters: 10 },
    { event: 'rare', converters: 3, nonConverters: 0 },
    { event: 'view', converters: 18, nonConverters: 20 },
    { event: 'even', converters: 10, nonConverters: 40 },
  ];
  const r = differences(counts, totals, { conversionEvents: ['buy'], minSupport: 5, limit: 10 });

  it('fills the 2×2 table from the totals and drops events under the minimum support', () => {
    expect(r.compared).toBe(4);
    expect(r.belowSupport).toBe(1);
    const promo = r.positive.find((e) => e.event === 'promo')!;
    expect(promo).toMatchObject({ a: 15, b: 5, c: 10, d: 70, support: 25 });
    expect(promo.oddsRatio).toBeCloseTo((16 * 71) / (6 * 11), 12);
  });

  it('sorts the positive side from the highest odds ratio and the negative from the lowest; 1 is on neither side', () => {
    expect(r.positive.map((e) => e.event)).toEqual(['view', 'promo']);
    expect(r.negative.map((e) => e.event)).toEqual(['help']);
    // view (19·61)/(3·21) ≈ 18.4 above promo (16·71)/(6·11) ≈ 17.2; even: (10+1)(40+1) / ((10+1)(40+1)) = 1
    expect(r.compared).toBe(4);
    expect(differences(counts, totals, { conversionEvents: ['buy'], minSupport: 5, limit: 1 }).positive.map((e) => e.event)).toEqual([
      'view',
    ]);
  });
});
