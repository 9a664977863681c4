import { describe, expect, it } from 'vitest';
import fixture from './fixtures/clv.json';
import { bgNbdNotes, expectedAverageValue, expectedPurchases, fitBgNbd, fitGammaGamma, hyp2f1, probabilityAlive } from './clv';
import { seededUniform } from './random';

const ref = fixture.cases.clv;
const c = ref.customers;

describe('customer lifetime value (BG/NBD + Gamma-Gamma) against SciPy maximum likelihood', () => {
  const bg = fitBgNbd(c);
  const gg = fitGammaGamma(c);

  it('finds the same BG/NBD optimum', () => {
    expect(-bg.logLikelihood).toBeCloseTo(ref.bgnbd.neg_log_likelihood, 4);
    for (const k of ['r', 'alpha', 'a', 'b'] as const) expect(Math.abs(bg[k] / ref.bgnbd[k] - 1), k).toBeLessThan(1e-4);
  });

  it('finds the same Gamma-Gamma optimum', () => {
    expect(-gg.logLikelihood).toBeCloseTo(ref.gamma_gamma.neg_log_likelihood, 4);
    for (const k of ['p', 'q', 'v'] as const) expect(Math.abs(gg[k] / ref.gamma_gamma[k] - 1), k).toBeLessThan(1e-4);
  });

  it('gives the expected purchases, probability alive, average value and CLV per customer', () => {
    ref.rows.forEach((i, k) => {
      const x = c.frequency[i]!;
      const tx = c.recency[i]!;
      const T = c.T[i]!;
      expect(expectedPurchases(bg, ref.horizon_days, x, tx, T) / ref.expected_purchases[k]! - 1).toBeCloseTo(0, 4);
      expect(probabilityAlive(bg, x, tx, T) / ref.p_alive[k]! - 1).toBeCloseTo(0, 4);
      expect(expectedAverageValue(gg, x, c.monetary[i]!) / ref.expected_average_value[k]! - 1).toBeCloseTo(0, 4);
    });
  });

  it('sums the hypergeometric series as SciPy does', () => {
    // 2F1(1, 1; 2; z) = −ln(1 − z)/z.
    expect(hyp2f1(1, 1, 2, 0.5)).toBeCloseTo(-Math.log(0.5) / 0.5, 12);
    expect(hyp2f1(0.5, 2, 3, 0)).toBe(1);
    expect(() => hyp2f1(1, 1, 2, 1)).toThrow(/z must be in \[0, 1\)/);
  });

  it('names the problem with the input', () => {
    expect(() => fitBgNbd({ frequency: [0, 0], recency: [0, 0], T: [5, 9] })).toThrow(/no customer bought more than once/);
    expect(() => fitBgNbd({ frequency: [1, 2], recency: [10, 3], T: [5, 9] })).toThrow(/customer 1 has recency 10 and age 5/);
    expect(() => fitBgNbd({ frequency: [1.5], recency: [1], T: [5] })).toThrow(/frequency: customer 1 has 1.5/);
    expect(() => fitGammaGamma({ frequency: [1, 2], recency: [1, 1], T: [5, 5], monetary: [10, -3] })).toThrow(
      /customer 2 has average value -3/,
    );
  });

  it('says when every customer shares one dropout probability (a and b unbounded, only their ratio determined)', () => {
    const rand = seededUniform(4);
    const exp = (rate: number) => -Math.log(1 - rand()) / rate;
    const n = 4_000;
    const sim = { frequency: [] as number[], recency: [] as number[], T: [] as number[] };
    for (let i = 0; i < n; i++) {
      const T = 200 + Math.floor(rand() * 500);
      // Purchase rates spread (Gamma(2, 1/40) via two exponentials); dropout 0.15 after every purchase, for everyone.
      const rate = 1 / (exp(1) * 20 + exp(1) * 20);
      let x = 0;
      let tx = 0;
      for (let t = exp(rate); t <= T; t += exp(rate)) {
        x++;
        tx = Math.floor(t);
        if (rand() < 0.15) break;
      }
      sim.frequency.push(x);
      sim.recency.push(tx);
      sim.T.push(T);
    }
    const m = fitBgNbd(sim);
    const notes = bgNbdNotes(m);
    expect(m.a + m.b).toBeGreaterThan(1e4);
    expect(notes.length).toBe(1);
    expect(notes[0]).toMatch(/one dropout probability after each purchase \(0\.1[45]\d*\)/);
    // A fit with a spread of dropout probabilities (the reference data) gets no note.
    expect(bgNbdNotes(bg)).toEqual([]);
  });
});
