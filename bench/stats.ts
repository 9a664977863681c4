/** Calculator recompute times (the page recomputes on every keystroke): median of many runs. */
import { betaBinomial } from '../shared/stats/bayes';
import { welchTest } from '../shared/stats/means';
import { powerCurve, powerProportions, sampleSizeProportions } from '../shared/stats/power';
import { twoProportionTest } from '../shared/stats/proportions';
import { sampleRatioMismatch } from '../shared/stats/srm';
import { msprt } from '../shared/stats/sequential';

export function benchCalculators(): { what: string; ms: number; target: string; ok: boolean }[] {
  const time = (fn: () => unknown, runs = 200) => {
    const xs: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      fn();
      xs.push(performance.now() - t);
    }
    return xs.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
  };
  const c = { users: 10000, conversions: 1000 };
  const t = { users: 10000, conversions: 1100 };
  const rows = [
    ['conversion (z-test, CIs, lift)', time(() => twoProportionTest(c, t))],
    ['continuous (Welch)', time(() => welchTest({ n: 1200, mean: 52.3, sd: 18.1 }, { n: 1180, mean: 54.1, sd: 19.4 }))],
    [
      'sample size with a 40-point power curve',
      time(() => {
        const s = sampleSizeProportions(0.2, 0.22);
        powerCurve((n) => powerProportions(0.2, 0.22, n), 2 * s.control);
      }),
    ],
    ['sample ratio mismatch', time(() => sampleRatioMismatch([50210, 49790], [0.5, 0.5]))],
    [
      'sequential (mSPRT, 20 looks)',
      time(() =>
        msprt(
          Array.from({ length: 20 }, (_, i) => ({
            control: { users: 1000 * (i + 1), conversions: 100 * (i + 1) },
            treatment: { users: 1000 * (i + 1), conversions: 108 * (i + 1) },
          })),
        ),
      ),
    ],
  ] as const;
  const out = rows.map(([what, ms]) => ({ what: `calculator recompute: ${what}`, ms, target: '≤ 5 ms', ok: ms <= 5 }));
  out.push({
    what: 'Bayesian beta-binomial (quadrature + 20,000 draws; computed when typing pauses)',
    ms: time(() => betaBinomial(c, t, { draws: 20_000 }), 20),
    target: 'reported',
    ok: true,
  });
  return out;
}
