import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../random';

/** Uniform in [0, 1) from the seeded generator. */
const uniform = (seed: number) => {
  const next = mulberry32(seed);
  return () => next() / 2 ** 32;
};
import examples from './fixtures/markov-examples.json';
import {
  absorptionProbability,
  buildChain,
  chainCountsOf,
  CONVERSION_STATE,
  markovAttribution,
  NULL_STATE,
  solveLinear,
  type ChainCount,
} from './markov';

/** Independent of the solve: iterate x ← Qx + r until it stops moving. */
function byIteration(counts: ChainCount[], removed = new Set<string>()): number {
  const { states, Q, r } = buildChain(counts);
  const dead = states.map((s, i) => i > 0 && s.some((c) => removed.has(c)));
  let x = r.map(() => 0);
  for (let it = 0; it < 100_000; it++) {
    const next = x.map((_, i) => (dead[i] ? 0 : r[i]! + Q[i]!.reduce((s, q, j) => s + q * x[j]!, 0)));
    const moved = Math.max(...next.map((v, i) => Math.abs(v - x[i]!)));
    x = next;
    if (moved < 1e-15) break;
  }
  return x[0]!;
}

/** Walks the chain from start `runs` times with a seeded generator: the share that reaches conversion. */
function byWalks(counts: ChainCount[], runs: number, seed: number): number {
  const rand = uniform(seed);
  const out = new Map<string, ChainCount[]>();
  for (const c of counts) out.set(JSON.stringify(c.from), [...(out.get(JSON.stringify(c.from)) ?? []), c]);
  let converted = 0;
  for (let k = 0; k < runs; k++) {
    let state: readonly string[] = [];
    for (;;) {
      const options = out.get(JSON.stringify(state))!;
      let u = rand() * options.reduce((s, c) => s + c.count, 0);
      const pick = options.find((c) => (u -= c.count) < 0) ?? options[options.length - 1]!;
      if (pick.to === CONVERSION_STATE) converted++;
      if (typeof pick.to === 'string') break;
      state = pick.to;
    }
  }
  return converted / runs;
}

describe('Markov attribution', () => {
  it('solves a small dense system exactly', () => {
    expect(
      solveLinear(
        [
          [2, 1],
          [1, 3],
        ],
        [3, 5],
      ),
    ).toEqual([0.8, 1.4].map((v) => expect.closeTo(v, 12)));
    expect(() =>
      solveLinear(
        [
          [0, 0],
          [0, 1],
        ],
        [1, 1],
      ),
    ).toThrow(/closed loop/);
  });

  for (const ex of examples.examples) {
    it(`matches the worked example "${ex.name}"`, () => {
      const counts = chainCountsOf(ex.journeys, 1);
      const conversions = ex.journeys.filter((j) => j.converted).length;
      const r = markovAttribution(counts, conversions);
      expect(r.conversionProbability).toBeCloseTo(ex.conversionProbability, 12);
      for (const [ch, v] of Object.entries(ex.removalEffect)) expect(r.removalEffect[ch]).toBeCloseTo(v, 12);
      for (const [ch, v] of Object.entries(ex.credited)) expect(r.credited[ch]).toBeCloseTo(v, 12);
      expect(Object.keys(r.removalEffect).sort()).toEqual(Object.keys(ex.removalEffect).sort());
      for (const t of ('transitions' in ex ? ex.transitions : undefined) ?? []) {
        expect(r.transitions).toContainEqual({ ...t, probability: expect.closeTo(t.probability, 12) });
      }
    });
  }

  it('agrees with iteration and with simulated walks on a chain with loops, at order 1 and 2', () => {
    const rand = uniform(7);
    const channels = ['email', 'search', 'social', 'display'];
    const journeys = Array.from({ length: 400 }, () => {
      const path = Array.from({ length: 1 + Math.floor(rand() * 5) }, () => channels[Math.floor(rand() * (rand() < 0.5 ? 2 : 4))]!);
      return { path, converted: rand() < (path.includes('search') ? 0.5 : 0.15) };
    });
    for (const order of [1, 2]) {
      const counts = chainCountsOf(journeys, order);
      const r = markovAttribution(counts, journeys.filter((j) => j.converted).length);
      expect(r.conversionProbability).toBeCloseTo(byIteration(counts), 10);
      for (const ch of channels) {
        const without = byIteration(counts, new Set([ch]));
        expect(r.removalEffect[ch]).toBeCloseTo(1 - without / r.conversionProbability, 9);
        expect(absorptionProbability(buildChain(counts), new Set([ch]))).toBeCloseTo(without, 10);
      }
      // 40,000 walks: the standard error of a share near 0.3 is about 0.0023; allow four of them.
      expect(Math.abs(byWalks(counts, 40_000, 11 + order) - r.conversionProbability)).toBeLessThan(0.01);
      expect(Object.values(r.credited).reduce((a, b) => a + b, 0)).toBeCloseTo(journeys.filter((j) => j.converted).length, 9);
    }
  });

  it('counts a journey once from start and ends it in conversion or null, with states of the last `order` channels', () => {
    const counts = chainCountsOf([{ path: ['a', 'b', 'a'], converted: false }], 2);
    expect(counts).toEqual([
      { from: [], to: ['a'], count: 1 },
      { from: ['a'], to: ['a', 'b'], count: 1 },
      { from: ['a', 'b'], to: ['b', 'a'], count: 1 },
      { from: ['b', 'a'], to: NULL_STATE, count: 1 },
    ]);
    expect(markovAttribution(counts, 0)).toMatchObject({
      conversionProbability: 0,
      removalEffect: { a: 0, b: 0 },
      credited: { a: 0, b: 0 },
    });
  });
});
