/** Continuous metrics (revenue, time) from summary statistics: Welch's t-test. */
import { studentT, normal } from './dist';
import { checked, finite, nonNegative, probability, StatsErrorCode, StatsInputError } from './errors';
import { relativeLift, type Interval } from './proportions';

/** n, mean and sd; or n, sum and sum of squares. */
export type MeanArm = { n: number; mean: number; sd: number } | { n: number; sum: number; sumSq: number };

export interface Summary {
  n: number;
  mean: number;
  sd: number;
}

export function summarize(arm: MeanArm, field: string): Summary {
  finite(arm.n, `${field}.n`);
  if (!Number.isInteger(arm.n) || arm.n < 2)
    throw new StatsInputError(StatsErrorCode.TooFewUnits, `${field}.n`, `needs at least 2 units (got ${arm.n}).`);
  if ('mean' in arm) {
    finite(arm.mean, `${field}.mean`);
    nonNegative(arm.sd, `${field}.sd`);
    return { n: arm.n, mean: arm.mean, sd: arm.sd };
  }
  finite(arm.sum, `${field}.sum`);
  nonNegative(arm.sumSq, `${field}.sum_sq`);
  const mean = arm.sum / arm.n;
  const variance = Math.max(0, (arm.sumSq - arm.sum * mean) / (arm.n - 1));
  return { n: arm.n, mean, sd: Math.sqrt(variance) };
}

export interface WelchResult {
  control: Summary;
  treatment: Summary;
  difference: number;
  differenceCi: Interval;
  lift: number | null;
  liftCi: Interval | null;
  t: number;
  df: number;
  pValue: number;
  alpha: number;
  significant: boolean;
}

/** Welch's unequal-variance t-test (as scipy.stats.ttest_ind_from_stats with equal_var=False). */
export function welchTest(controlArm: MeanArm, treatmentArm: MeanArm, alpha = 0.05): WelchResult {
  const c = summarize(controlArm, 'control');
  const t = summarize(treatmentArm, 'treatment');
  probability(alpha, 'alpha');
  const v1 = (c.sd * c.sd) / c.n;
  const v2 = (t.sd * t.sd) / t.n;
  const se = Math.sqrt(v1 + v2);
  if (se === 0) throw new StatsInputError(StatsErrorCode.ZeroVariance, 'sd', 'both variants have zero variance: every value is the same.');
  const df = (v1 + v2) ** 2 / (v1 ** 2 / (c.n - 1) + v2 ** 2 / (t.n - 1));
  const diff = t.mean - c.mean;
  const stat = diff / se;
  const pValue = Math.min(1, 2 * studentT.sf(Math.abs(stat), df));
  const tc = studentT.quantile(1 - alpha / 2, df);
  // Delta method on the ratio of means, with the normal quantile (large-sample).
  const { lift, liftCi } = relativeLift(c.mean, v1, t.mean, v2, normal.quantile(1 - alpha / 2));
  return checked(
    {
      control: c,
      treatment: t,
      difference: diff,
      differenceCi: { lower: diff - tc * se, upper: diff + tc * se },
      lift,
      liftCi,
      t: stat,
      df,
      pValue,
      alpha,
      significant: pValue < alpha,
    },
    'welchTest',
  );
}
