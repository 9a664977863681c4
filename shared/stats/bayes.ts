/** Bayesian calculators: beta-binomial for conversions, a normal model for continuous metrics. */
import { beta, normal } from './dist';
import { checked, finite, probability, StatsErrorCode, StatsInputError } from './errors';
import type { Summary } from './means';
import { summarize, type MeanArm } from './means';
import { validateArm, type ConversionArm, type Interval } from './proportions';
import { quantileSorted, SeededRandom } from './random';

export interface BetaPrior {
  alpha: number;
  beta: number;
}

export interface BayesOptions {
  prior?: BetaPrior;
  /** Mass of the credible intervals. */
  credibleMass?: number;
  /** Monte Carlo draws for the interval of the relative lift. */
  draws?: number;
  seed?: number;
}

export interface BetaBinomialResult {
  control: { alpha: number; beta: number; mean: number; ci: Interval };
  treatment: { alpha: number; beta: number; mean: number; ci: Interval };
  /** P(treatment rate > control rate), by quadrature. */
  probabilityToBeatControl: number;
  /** Expected loss (in rate units) of shipping treatment, and of keeping control. */
  expectedLossTreatment: number;
  expectedLossControl: number;
  /** Credible interval of treatment/control − 1, by seeded Monte Carlo. */
  liftCi: Interval;
  liftMedian: number;
  /** Posterior densities on a shared grid, for a chart. */
  densities: { x: number[]; control: number[]; treatment: number[] };
}

const SIMPSON_INTERVALS = 1200;

/** Composite Simpson over [lo, hi]. */
function simpson(f: (x: number) => number, lo: number, hi: number, n = SIMPSON_INTERVALS): number {
  const h = (hi - lo) / n;
  let s = f(lo) + f(hi);
  for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * f(lo + i * h);
  return (s * h) / 3;
}

/** Where a beta density lives, beyond 1e-12 of its mass on each side. */
function support(a: number, b: number): [number, number] {
  return [beta.quantile(1e-12, a, b), beta.quantile(1 - 1e-12, a, b)];
}

export function betaBinomial(control: ConversionArm, treatment: ConversionArm, options: BayesOptions = {}): BetaBinomialResult {
  validateArm(control, 'control');
  validateArm(treatment, 'treatment');
  const prior = options.prior ?? { alpha: 1, beta: 1 };
  finite(prior.alpha, 'prior.alpha');
  finite(prior.beta, 'prior.beta');
  if (prior.alpha <= 0 || prior.beta <= 0) throw new StatsInputError(StatsErrorCode.OutOfRange, 'prior', 'alpha and beta must be above 0.');
  const mass = probability(options.credibleMass ?? 0.95, 'credible_mass');
  const a1 = prior.alpha + control.conversions;
  const b1 = prior.beta + control.users - control.conversions;
  const a2 = prior.alpha + treatment.conversions;
  const b2 = prior.beta + treatment.users - treatment.conversions;
  const m1 = a1 / (a1 + b1);
  const m2 = a2 / (a2 + b2);
  const [lo2, hi2] = support(a2, b2);
  const [lo1, hi1] = support(a1, b1);

  const pBeat = simpson((x) => beta.pdf(x, a2, b2) * beta.cdf(x, a1, b1), lo2, hi2);
  // E[max(A − B, 0)] = ∫ f_B(b) [ m_A (1 − I_b(a_A + 1, b_A)) − b (1 − I_b(a_A, b_A)) ] db
  const lossTreatment = simpson(
    (x) => beta.pdf(x, a2, b2) * (m1 * (1 - beta.cdf(x, a1 + 1, b1)) - x * (1 - beta.cdf(x, a1, b1))),
    lo2,
    hi2,
  );
  const lossControl = simpson((x) => beta.pdf(x, a1, b1) * (m2 * (1 - beta.cdf(x, a2 + 1, b2)) - x * (1 - beta.cdf(x, a2, b2))), lo1, hi1);

  const draws = options.draws ?? 100_000;
  const rng = new SeededRandom(options.seed ?? 20261122);
  const lifts = new Float64Array(draws);
  for (let i = 0; i < draws; i++) lifts[i] = rng.beta(a2, b2) / rng.beta(a1, b1) - 1;
  lifts.sort();
  const tail = (1 - mass) / 2;

  const lo = Math.min(lo1, lo2);
  const hi = Math.max(hi1, hi2);
  const x = Array.from({ length: 200 }, (_, i) => lo + ((hi - lo) * i) / 199);
  const ci = (a: number, b: number): Interval => ({ lower: beta.quantile(tail, a, b), upper: beta.quantile(1 - tail, a, b) });
  return checked(
    {
      control: { alpha: a1, beta: b1, mean: m1, ci: ci(a1, b1) },
      treatment: { alpha: a2, beta: b2, mean: m2, ci: ci(a2, b2) },
      probabilityToBeatControl: Math.min(1, Math.max(0, pBeat)),
      expectedLossTreatment: Math.max(0, lossTreatment),
      expectedLossControl: Math.max(0, lossControl),
      liftCi: { lower: quantileSorted(lifts, tail), upper: quantileSorted(lifts, 1 - tail) },
      liftMedian: quantileSorted(lifts, 0.5),
      densities: { x, control: x.map((v) => beta.pdf(v, a1, b1)), treatment: x.map((v) => beta.pdf(v, a2, b2)) },
    },
    'betaBinomial',
  );
}

export interface NormalModelResult {
  control: Summary;
  treatment: Summary;
  difference: number;
  differenceCi: Interval;
  probabilityToBeatControl: number;
  expectedLossTreatment: number;
  expectedLossControl: number;
}

/** Flat-prior normal model: the difference of means is N(d, se²); every quantity is closed form. */
export function normalModel(controlArm: MeanArm, treatmentArm: MeanArm, credibleMass = 0.95): NormalModelResult {
  const c = summarize(controlArm, 'control');
  const t = summarize(treatmentArm, 'treatment');
  probability(credibleMass, 'credible_mass');
  const se = Math.sqrt((c.sd * c.sd) / c.n + (t.sd * t.sd) / t.n);
  if (se === 0) throw new StatsInputError(StatsErrorCode.ZeroVariance, 'sd', 'both variants have zero variance.');
  const d = t.mean - c.mean;
  const z = normal.quantile(1 - (1 - credibleMass) / 2);
  const u = d / se;
  return checked(
    {
      control: c,
      treatment: t,
      difference: d,
      differenceCi: { lower: d - z * se, upper: d + z * se },
      probabilityToBeatControl: normal.cdf(u),
      // E[max(−D, 0)] and E[max(D, 0)] for D ~ N(d, se²).
      expectedLossTreatment: se * normal.pdf(u) - d * normal.cdf(-u),
      expectedLossControl: se * normal.pdf(u) + d * normal.cdf(u),
    },
    'normalModel',
  );
}
