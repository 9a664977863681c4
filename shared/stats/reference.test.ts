/** Every engine result against SciPy/statsmodels values (see fixtures/generate.py for the exact calls). */
import { describe, expect, it } from 'vitest';
import {
  adjustPValues,
  betaBinomial,
  chiSquareVariants,
  cuped,
  mdeMeans,
  msprt,
  normalModel,
  powerMeans,
  sampleRatioMismatch,
  sampleSizeMeans,
  sampleSizeProportions,
  twoProportionTest,
  welchTest,
  type Correction,
} from './index';
import { chiSquare, studentT, twoSidedZ } from './dist';
import { noncentralTCdf } from './noncentral-t';
import reference from './fixtures/reference.json';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- fixture JSON, shapes checked by use
type Any = any;
const ref = reference as { provenance: Record<string, string>; cases: Record<string, Any[]> };

/** Closed forms: 1e-9. Iterative references (quadrature, solvers): 1e-6. */
const CLOSED = 1e-9;
const ITERATIVE = 1e-6;
const near = (actual: number, expected: number, tol: number) =>
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(expected)));
/** P-values are tails: 1e-6 relative accuracy however small (a p of 2e-21 must not come out as 0). */
const P_RELATIVE = 1e-6;
const nearP = (actual: number, expected: number) =>
  expect(Math.abs(actual - expected), `p ${actual} vs ${expected}`).toBeLessThanOrEqual(P_RELATIVE * expected);

describe('reference fixture', () => {
  it('records where its numbers came from', () => {
    expect(ref.provenance.scipy).toMatch(/^\d+\.\d+/);
    expect(ref.provenance.statsmodels).toMatch(/^\d+\.\d+/);
    for (const group of Object.values(ref.cases)) for (const c of group) expect(c.call).toBeTruthy();
  });
});

describe('frequentist', () => {
  it.each(ref.cases.two_proportion!)('two-proportion z-test $input.control.users/$input.treatment.users', (c: Any) => {
    const r = twoProportionTest(c.input.control, c.input.treatment, c.input.alpha);
    near(r.z, c.expected.z, CLOSED);
    near(r.pValue, c.expected.pValue, CLOSED);
    nearP(r.pValue, c.expected.pValue);
    near(r.differenceCi.lower, c.expected.differenceCi[0], CLOSED);
    near(r.differenceCi.upper, c.expected.differenceCi[1], CLOSED);
    near(r.lift!, c.expected.lift, CLOSED);
    near(r.liftCi!.lower, c.expected.liftCi[0], CLOSED);
    near(r.liftCi!.upper, c.expected.liftCi[1], CLOSED);
  });

  it.each(ref.cases.chi_square!)('chi-square across variants', (c: Any) => {
    const r = chiSquareVariants(c.input);
    near(r.chiSquare, c.expected.chiSquare, CLOSED);
    near(r.pValue, c.expected.pValue, CLOSED);
    nearP(r.pValue, c.expected.pValue);
    expect(r.df).toBe(c.expected.df);
  });

  it.each(ref.cases.multiple!)('multiple comparisons $input.method', (c: Any) => {
    const adj = adjustPValues(c.input.p_values, c.input.method as Correction);
    adj.forEach((p, i) => near(p, c.expected[i], CLOSED));
  });

  it.each(ref.cases.welch!)('Welch t-test', (c: Any) => {
    const r = welchTest(c.input.control, c.input.treatment, c.input.alpha);
    near(r.t, c.expected.t, CLOSED);
    near(r.pValue, c.expected.pValue, CLOSED);
    nearP(r.pValue, c.expected.pValue);
    near(r.df, c.expected.df, CLOSED);
    near(r.differenceCi.lower, c.expected.differenceCi[0], CLOSED);
    near(r.differenceCi.upper, c.expected.differenceCi[1], CLOSED);
  });

  it.each(ref.cases.srm!)('sample ratio mismatch', (c: Any) => {
    const r = sampleRatioMismatch(c.input.observed, c.input.expected_weights);
    near(r.chiSquare, c.expected.chiSquare, CLOSED);
    near(r.pValue, c.expected.pValue, CLOSED);
    nearP(r.pValue, c.expected.pValue);
    expect(r.mismatch).toBe(c.expected.pValue < 0.001);
  });

  it.each(ref.cases.tails!)('upper tail $call', (c: Any) => {
    const { dist, x, df } = c.input as { dist: string; x: number; df?: number };
    const p = dist === 'chiSquare' ? chiSquare.sf(x, df!) : dist === 'normal' ? twoSidedZ(x) : 2 * studentT.sf(x, df!);
    nearP(p, c.expected);
  });
});

describe('power', () => {
  it.each(ref.cases.power_proportions!)('sample size for proportions', (c: Any) => {
    const r = sampleSizeProportions(c.input.baseline, c.input.target, c.input);
    near(r.exactControl, c.expected.exactControl, CLOSED);
    expect(r.control).toBe(Math.ceil(c.expected.exactControl));
  });
  it.each(ref.cases.power_means!)('sample size for means: the normal approximation kept beside the t answer', (c: Any) => {
    const r = sampleSizeMeans(c.input.sd, c.input.mde, c.input).normalApproximation;
    near(r.exactControl, c.expected.exactControl, CLOSED);
    // statsmodels solves iteratively and also counts the far tail of the two-sided test: agreement within 1e-5 relative.
    expect(Math.abs(r.exactControl - c.expected.statsmodels) / c.expected.statsmodels).toBeLessThan(1e-5);
  });
  it.each(ref.cases.power_means_t!)('sample size for means reaches the power of the t-test, effect $input.mde', (c: Any) => {
    const r = sampleSizeMeans(c.input.sd, c.input.mde, c.input);
    // The solved n to the precise root (1e-7: SciPy's t.isf at fractional df is itself off by about 1e-9, which moves
    // the root by as much); the recommended n is statsmodels' rounded up, and reaches the power.
    near(r.exactControl, c.expected.root, 1e-7);
    expect(r.control).toBe(Math.ceil(c.expected.solvePower));
    expect(c.expected.powerAtCeil).toBeGreaterThanOrEqual(c.input.power);
    near(powerMeans(c.input.sd, c.input.mde, r.control, c.input), c.expected.powerAtCeil, CLOSED);
    expect(r.perTreatment).toBe(Math.ceil(c.expected.root * c.input.ratio - 1e-9));
  });
  it.each(ref.cases.mde_means_t!)('minimum detectable difference in means with $input.n users', (c: Any) => {
    const mde = mdeMeans(c.input.sd, c.input.n, c.input);
    near(mde, c.expected.root, 1e-7);
    // statsmodels' own solver stops earlier (its power is off by up to 1e-5 there).
    expect(Math.abs(mde - c.expected.solvePower) / c.expected.solvePower).toBeLessThan(1e-4);
  });
  it.each(ref.cases.noncentral_t!)('noncentral t CDF $call', (c: Any) => {
    near(noncentralTCdf(c.input.t, c.input.df, c.input.nc), c.expected, CLOSED);
  });
});

describe('Bayesian', () => {
  it.each(ref.cases.beta_binomial!)('beta-binomial $input.control.users', (c: Any) => {
    const r = betaBinomial(c.input.control, c.input.treatment, { prior: c.input.prior, seed: 42 });
    near(r.probabilityToBeatControl, c.expected.probabilityToBeatControl, ITERATIVE);
    near(r.expectedLossTreatment, c.expected.expectedLossTreatment, ITERATIVE);
    near(r.expectedLossControl, c.expected.expectedLossControl, ITERATIVE);
    near(r.control.ci.lower, c.expected.controlCi[0], CLOSED);
    near(r.control.ci.upper, c.expected.controlCi[1], CLOSED);
    // Monte Carlo (100,000 seeded draws against 4,000,000 in NumPy): stated tolerance 0.005 on the lift's interval ends.
    expect(Math.abs(r.liftCi.lower - c.expected.liftCi[0])).toBeLessThan(0.005);
    expect(Math.abs(r.liftCi.upper - c.expected.liftCi[1])).toBeLessThan(0.005);
  });

  it('gives the same Monte Carlo answer for the same seed', () => {
    const a = betaBinomial({ users: 1000, conversions: 100 }, { users: 1000, conversions: 110 }, { seed: 7 });
    const b = betaBinomial({ users: 1000, conversions: 100 }, { users: 1000, conversions: 110 }, { seed: 7 });
    expect(a.liftCi).toEqual(b.liftCi);
  });

  it.each(ref.cases.normal_model!)('normal model', (c: Any) => {
    const r = normalModel(c.input.control, c.input.treatment);
    near(r.probabilityToBeatControl, c.expected.probabilityToBeatControl, CLOSED);
    near(r.expectedLossTreatment, c.expected.expectedLossTreatment, ITERATIVE);
    near(r.expectedLossControl, c.expected.expectedLossControl, ITERATIVE);
  });
});

describe('sequential and CUPED', () => {
  it('mSPRT always-valid p-values and confidence sequences', () => {
    const c = ref.cases.msprt![0] as Any;
    const r = msprt(c.input.looks, c.input.alpha, c.input.tau);
    r.looks.forEach((l, i) => {
      near(l.alwaysValidPValue, c.expected[i].alwaysValidPValue, CLOSED);
      near(l.naivePValue, c.expected[i].naivePValue, CLOSED);
      near(l.confidenceSequence.lower, c.expected[i].confidenceSequence[0], CLOSED);
      near(l.confidenceSequence.upper, c.expected[i].confidenceSequence[1], CLOSED);
    });
    // The always-valid p-value never rises, and is never below the naive one.
    r.looks.forEach((l, i) => {
      if (i) expect(l.alwaysValidPValue).toBeLessThanOrEqual(r.looks[i - 1]!.alwaysValidPValue);
      expect(l.alwaysValidPValue).toBeGreaterThanOrEqual(l.naivePValue);
    });
  });

  it('CUPED from sufficient statistics', () => {
    const c = ref.cases.cuped![0] as Any;
    const r = cuped(c.input.control, c.input.treatment);
    near(r.theta, c.expected.theta, CLOSED);
    near(r.adjusted.difference, c.expected.adjustedDifference, CLOSED);
    near(r.adjusted.t, c.expected.adjustedT, CLOSED);
    near(r.adjusted.pValue, c.expected.adjustedPValue, CLOSED);
    near(r.unadjusted.pValue, c.expected.unadjustedPValue, CLOSED);
    near(r.varianceReduction, c.expected.varianceReduction, CLOSED);
    expect(r.varianceReduction).toBeGreaterThan(0.3);
  });
});
