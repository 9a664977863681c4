/**
 * Sample size and power for two-sided tests, normal approximation.
 * Proportions: n₁ = [z₁₋α/₂·√(p̄(1−p̄)(1+1/r)) + z₁₋β·√(p₁(1−p₁) + p₂(1−p₂)/r)]² / (p₂−p₁)², p̄ = (p₁ + r·p₂)/(1+r).
 * Means:       n₁ = (z₁₋α/₂ + z₁₋β)² · σ² · (1+1/r) / δ².
 * r is the traffic ratio treatment/control; with k > 2 variants α is split over the k−1 comparisons (Bonferroni).
 */
import { normal } from './dist';
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

export function sampleSizeMeans(sd: number, delta: number, settings: PowerSettings = {}): SampleSize {
  nonNegative(sd, 'sd');
  if (sd === 0) throw new StatsInputError(StatsErrorCode.ZeroVariance, 'sd', 'must be above 0.');
  finite(delta, 'mde');
  if (delta === 0) throw new StatsInputError(StatsErrorCode.OutOfRange, 'mde', 'must not be 0.');
  const r = resolve(settings);
  return sizes(((r.zAlpha + r.zBeta) ** 2 * sd * sd * (1 + 1 / r.ratio)) / (delta * delta), r);
}

export function mdeMeans(sd: number, n: number, settings: PowerSettings = {}): number {
  nonNegative(sd, 'sd');
  if (!(n >= 2)) throw new StatsInputError(StatsErrorCode.TooFewUnits, 'n', 'needs at least 2 units per group.');
  const r = resolve(settings);
  return (r.zAlpha + r.zBeta) * sd * Math.sqrt((1 + 1 / r.ratio) / n);
}

export function powerMeans(sd: number, delta: number, n: number, settings: PowerSettings = {}): number {
  const r = resolve(settings);
  return normal.cdf(Math.abs(delta) / (sd * Math.sqrt((1 + 1 / r.ratio) / n)) - r.zAlpha);
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
