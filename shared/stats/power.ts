/**
 * Sample size and power for two-sided tests.
 * Proportions (normal approximation): n₁ = [z₁₋α/₂·√(p̄(1−p̄)(1+1/r)) + z₁₋β·√(p₁(1−p₁) + p₂(1−p₂)/r)]² / (p₂−p₁)², p̄ = (p₁ + r·p₂)/(1+r).
 * Means: the smallest n₁ at which the two-sample t-test (df = n₁ + n₂ − 2) reaches the power, from the
 * noncentral t with noncentrality (δ/σ)·√(n₁n₂/(n₁+n₂)) (as statsmodels' TTestIndPower.solve_power);
 * the normal formula n₁ = (z₁₋α/₂ + z₁₋β)² · σ² · (1+1/r) / δ² is kept beside it (it runs about one user short).
 * r is the traffic ratio treatment/control; with k > 2 variants α is split over the k−1 comparisons (Bonferroni).
 */
import { normal, studentT } from './dist';
import { noncentralTCdf, noncentralTSf } from './noncentral-t';
import { checked, finite, nonNegative, probability, StatsErrorCode, StatsInputError } from './errors';

export interface PowerSettings {
  alpha?: number;
  power?: number;
  /** Variants including control. */
  variants?: number;
  /** Share of traffic of each treatment relative to control (1 = equal split). */
  ratio?: number;
}

interface Resolved {
  alpha: number;
  power: number;
  variants: number;
  ratio: number;
  zAlpha: number;
  zBeta: number;
}

function resolve(s: PowerSettings): Resolved {
  const alpha = probability(s.alpha ?? 0.05, 'alpha');
  const power = probability(s.power ?? 0.8, 'power');
  const variants = s.variants ?? 2;
  if (!Number.isInteger(variants) || variants < 2)
    throw new StatsInputError(StatsErrorCode.OutOfRange, 'variants', 'must be a whole number of at least 2.');
  const ratio = finite(s.ratio ?? 1, 'ratio');
  if (ratio <= 0) throw new StatsInputError(StatsErrorCode.OutOfRange, 'ratio', 'must be above 0.');
  const perTest = alpha / (variants - 1);
  return { alpha, power, variants, ratio, zAlpha: normal.quantile(1 - perTest / 2), zBeta: normal.quantile(power) };
}

export interface SampleSize {
  /** Users in the control group (rounded up). */
  control: number;
  /** Users in each treatment group (rounded up). */
  perTreatment: number;
  total: number;
  /** Before rounding. */
  exactControl: number;
  alphaPerComparison: number;
}

function sizes(exactControl: number, r: Resolved): SampleSize {
  const control = Math.ceil(exactControl - 1e-9);
  const perTreatment = Math.ceil(exactControl * r.ratio - 1e-9);
  return checked(
    {
      control,
      perTreatment,
      total: control + perTreatment * (r.variants - 1),
      exactControl,
      alphaPerComparison: r.alpha / (r.variants - 1),
    },
    'sampleSize',
  );
}

export function sampleSizeProportions(baseline: number, target: number, settings: PowerSettings = {}): SampleSize {
  probability(baseline, 'baseline');
  probability(target, 'target');
  if (baseline === target) throw new StatsInputError(StatsErrorCode.OutOfRange, 'target', 'must differ from the baseline.');
  const r = resolve(settings);
  return sizes(proportionsN(baseline, target, r), r);
}

function proportionsN(p1: number, p2: number, r: Resolved): number {
  const pbar = (p1 + r.ratio * p2) / (1 + r.ratio);
  const a = r.zAlpha * Math.sqrt(pbar * (1 - pbar) * (1 + 1 / r.ratio));
  const b = r.zBeta * Math.sqrt(p1 * (1 - p1) + (p2 * (1 - p2)) / r.ratio);
  return (a + b) ** 2 / (p2 - p1) ** 2;
}

/** Power of the proportions test with `n` control users (the far tail ignored, as in the formula above). */
export function powerProportions(baseline: number, target: number, n: number, settings: PowerSettings = {}): number {
  const r = resolve(settings);
  const p1 = baseline;
  const p2 = target;
  const pbar = (p1 + r.ratio * p2) / (1 + r.ratio);
  const num = Math.abs(p2 - p1) * Math.sqrt(n) - r.zAlpha * Math.sqrt(pbar * (1 - pbar) * (1 + 1 / r.ratio));
  return normal.cdf(num / Math.sqrt(p1 * (1 - p1) + (p2 * (1 - p2)) / r.ratio));
}

/** The smallest absolute lift (target − baseline > 0) detectable with `n` control users; solved by bisection. */
export function mdeProportions(
  baseline: number,
  n: number,
  settings: PowerSettings = {},
): { target: number; absolute: number; relative: number } {
  probability(baseline, 'baseline');
  if (!(n >= 2)) throw new StatsInputError(StatsErrorCode.TooFewUnits, 'n', 'needs at least 2 users per group.');
  const r = resolve(settings);
  let lo = baseline;
  let hi = 1 - 1e-12;
  if (proportionsN(baseline, hi, r) > n)
    throw new StatsInputError(StatsErrorCode.TooFewUnits, 'n', 'too few users to detect any lift at this power.');
  for (let i = 0; i < 200 && hi - lo > 1e-15; i++) {
    const mid = (lo + hi) / 2;
    if (proportionsN(baseline, mid, r) > n) lo = mid;
    else hi = mid;
  }
  return checked({ target: hi, absolute: hi - baseline, relative: (hi - baseline) / baseline }, 'mdeProportions');
}

export interface MeansSampleSize extends SampleSize {
  /** The normal-approximation answer, (z₁₋α/₂ + z₁₋β)²·σ²·(1+1/r)/δ², for comparison. */
  normalApproximation: Omit<SampleSize, 'alphaPerComparison'>;
}

function checkSd(sd: number): void {
  nonNegative(sd, 'sd');
  if (sd === 0) throw new StatsInputError(StatsErrorCode.ZeroVariance, 'sd', 'must be above 0.');
}

/** Control users for the two-sample t-test to reach the power (noncentral t), with the normal formula beside it. */
export function sampleSizeMeans(sd: number, delta: number, settings: PowerSettings = {}): MeansSampleSize {
  checkSd(sd);
  finite(delta, 'mde');
  if (delta === 0) throw new StatsInputError(StatsErrorCode.OutOfRange, 'mde', 'must not be 0.');
  const r = resolve(settings);
  const effect = Math.abs(delta) / sd;
  const normalN = ((r.zAlpha + r.zBeta) ** 2 * (1 + 1 / r.ratio)) / (effect * effect);
  const power = (n: number) => tTestPower(effect, n, r);
  // The t-test needs more users than the normal formula; widen the bracket until it reaches the power.
  // At least 2 users per group (the t-test needs them); a huge effect is detected there already.
  const lo = 2;
  let hi = Math.max(normalN, lo) * 1.5 + 10;
  while (power(hi) < r.power) hi *= 2;
  const exact = power(lo) >= r.power ? lo : solveIncreasing(power, r.power, lo, hi);
  const { alphaPerComparison: _a, ...normalApproximation } = sizes(normalN, r);
  return { ...sizes(exact, r), normalApproximation };
}

/** The smallest difference in means the t-test detects at the power with `n` control users (noncentral t). */
export function mdeMeans(sd: number, n: number, settings: PowerSettings = {}): number {
  checkSd(sd);
  if (!(n >= 2)) throw new StatsInputError(StatsErrorCode.TooFewUnits, 'n', 'needs at least 2 units per group.');
  const r = resolve(settings);
  const normalEffect = (r.zAlpha + r.zBeta) * Math.sqrt((1 + 1 / r.ratio) / n);
  const power = (effect: number) => tTestPower(effect, n, r);
  let hi = 2 * normalEffect + 1;
  while (power(hi) < r.power) hi *= 2;
  return checked(solveIncreasing(power, r.power, 0, hi) * sd, 'mdeMeans');
}

/** The normal-approximation minimum detectable difference, (z₁₋α/₂ + z₁₋β)·σ·√((1+1/r)/n). */
export function mdeMeansNormal(sd: number, n: number, settings: PowerSettings = {}): number {
  checkSd(sd);
  if (!(n >= 2)) throw new StatsInputError(StatsErrorCode.TooFewUnits, 'n', 'needs at least 2 units per group.');
  const r = resolve(settings);
  return (r.zAlpha + r.zBeta) * sd * Math.sqrt((1 + 1 / r.ratio) / n);
}

/** Power of the two-sided two-sample t-test with `n` control users (both tails, noncentral t). */
export function powerMeans(sd: number, delta: number, n: number, settings: PowerSettings = {}): number {
  return tTestPower(Math.abs(delta) / sd, n, resolve(settings));
}

/** As statsmodels' ttest_power: df = n₁ + n₂ − 2, noncentrality d·√(n₁n₂/(n₁+n₂)), both rejection regions. */
function tTestPower(effect: number, n1: number, r: Resolved): number {
  const n2 = n1 * r.ratio;
  const df = n1 + n2 - 2;
  const nc = effect * Math.sqrt((n1 * n2) / (n1 + n2));
  const crit = studentT.quantile(1 - r.alpha / (r.variants - 1) / 2, df);
  return noncentralTSf(crit, df, nc) + noncentralTCdf(-crit, df, nc);
}

/** x in [lo, hi] with f(x) = target for an increasing f (f(lo) < target ≤ f(hi)): Illinois regula falsi, to 1e-12 relative or |f − target| ≤ 1e-14. */
function solveIncreasing(f: (x: number) => number, target: number, lo: number, hi: number): number {
  let flo = f(lo) - target;
  let fhi = f(hi) - target;
  let side = 0;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
    const x = (lo * fhi - hi * flo) / (fhi - flo);
    const fx = f(x) - target;
    if (Math.abs(fx) <= 1e-14) return x;
    if (fx < 0) {
      lo = x;
      flo = fx;
      if (side === -1) fhi /= 2;
      side = -1;
    } else {
      hi = x;
      fhi = fx;
      if (side === 1) flo /= 2;
      side = 1;
    }
  }
  return (lo + hi) / 2;
}

/** Power at a range of control-group sizes, for a chart. */
export function powerCurve(power: (n: number) => number, maxN: number, points = 40): { n: number; power: number }[] {
  const out: { n: number; power: number }[] = [];
  for (let i = 1; i <= points; i++) {
    const n = Math.max(2, Math.round((maxN * i) / points));
    out.push({ n, power: power(n) });
  }
  return checked(out, 'powerCurve');
}
