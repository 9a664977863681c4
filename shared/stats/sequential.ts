/**
 * Sequential testing that is safe to peek at: the mixture sequential probability ratio test (mSPRT,
 * Johari, Pekelis and Walsh, "Always Valid Inference", 2017) with a normal mixing distribution N(0, τ²)
 * over the difference, on the normal approximation of each look's estimate.
 *   Λₙ = √(Vₙ/(Vₙ+τ²)) · exp(τ²·θ̂ₙ² / (2Vₙ(Vₙ+τ²))),  always-valid pₙ = min(1, min_{m≤n} 1/Λₘ),
 *   confidence sequence: θ̂ₙ ± √(2Vₙ(Vₙ+τ²)/τ² · (log(1/α) + ½·log((Vₙ+τ²)/Vₙ))), intersected over looks.
 */
import { normal, twoSidedZ } from './dist';
import { checked, finite, probability, StatsErrorCode, StatsInputError } from './errors';
import { summarize, type MeanArm } from './means';
import { validateArm, type ConversionArm, type Interval } from './proportions';

export type Look = { control: ConversionArm; treatment: ConversionArm } | { control: MeanArm; treatment: MeanArm };

export interface LookResult {
  look: number;
  users: number;
  estimate: number;
  /** What a fixed-horizon test would say at this look (not valid under peeking). */
  naivePValue: number;
  naiveCi: Interval;
  alwaysValidPValue: number;
  confidenceSequence: Interval;
  /** Would a user who stopped at this look have declared a winner? */
  stopHere: boolean;
}

export interface SequentialResult {
  tau: number;
  alpha: number;
  looks: LookResult[];
  /** First look at which the always-valid p-value fell below alpha, or null. */
  firstSignificantLook: number | null;
  /** First look at which the naive p-value fell below alpha (the peeking trap), or null. */
  firstNaiveSignificantLook: number | null;
}

function estimate(look: Look, i: number): { theta: number; v: number; users: number; scale: number } {
  if ('users' in look.control) {
    const c = look.control;
    const t = look.treatment as ConversionArm;
    validateArm(c, `looks[${i}].control`);
    validateArm(t, `looks[${i}].treatment`);
    const p1 = c.conversions / c.users;
    const p2 = t.conversions / t.users;
    return { theta: p2 - p1, v: (p1 * (1 - p1)) / c.users + (p2 * (1 - p2)) / t.users, users: c.users + t.users, scale: p1 };
  }
  const c = summarize(look.control, `looks[${i}].control`);
  const t = summarize(look.treatment as MeanArm, `looks[${i}].treatment`);
  return { theta: t.mean - c.mean, v: (c.sd * c.sd) / c.n + (t.sd * t.sd) / t.n, users: c.n + t.n, scale: c.mean };
}

/** τ defaults to 10% of the control rate (or mean) at the first look: effects of about that size are expected. */
export function msprt(looks: Look[], alpha = 0.05, tau?: number): SequentialResult {
  if (!looks.length) throw new StatsInputError(StatsErrorCode.EmptyVariant, 'looks', 'give at least one look.');
  probability(alpha, 'alpha');
  const est = looks.map(estimate);
  const t = tau ?? Math.abs(0.1 * est[0]!.scale);
  finite(t, 'tau');
  if (t <= 0)
    throw new StatsInputError(
      StatsErrorCode.OutOfRange,
      'tau',
      'must be above 0 (the control rate or mean at the first look is 0: set tau).',
    );
  const t2 = t * t;
  const zc = normal.quantile(1 - alpha / 2);
  let p = 1;
  let lower = -Infinity;
  let upper = Infinity;
  const out: LookResult[] = est.map((e, i) => {
    if (e.v === 0) throw new StatsInputError(StatsErrorCode.ZeroVariance, `looks[${i}]`, 'no variance yet at this look.');
    const logLambda = 0.5 * Math.log(e.v / (e.v + t2)) + (t2 * e.theta * e.theta) / (2 * e.v * (e.v + t2));
    p = Math.min(p, Math.min(1, Math.exp(-logLambda)));
    const half = Math.sqrt(((2 * e.v * (e.v + t2)) / t2) * (Math.log(1 / alpha) + 0.5 * Math.log((e.v + t2) / e.v)));
    lower = Math.max(lower, e.theta - half);
    upper = Math.min(upper, e.theta + half);
    const se = Math.sqrt(e.v);
    return {
      look: i + 1,
      users: e.users,
      estimate: e.theta,
      naivePValue: twoSidedZ(e.theta / se),
      naiveCi: { lower: e.theta - zc * se, upper: e.theta + zc * se },
      alwaysValidPValue: p,
      confidenceSequence: { lower, upper },
      stopHere: p < alpha,
    };
  });
  const first = out.find((l) => l.stopHere);
  const naive = out.find((l) => l.naivePValue < alpha);
  return checked(
    { tau: t, alpha, looks: out, firstSignificantLook: first?.look ?? null, firstNaiveSignificantLook: naive?.look ?? null },
    'msprt',
  );
}
