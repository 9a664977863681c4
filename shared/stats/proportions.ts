/** Conversion metrics over sufficient statistics (users, conversions). */
import { chiSquare, normal, twoSidedZ } from './dist';
import { checked, probability, StatsErrorCode, StatsInputError, wholeNumber } from './errors';
import { adjustPValues, type Correction } from './multiple';

export interface ConversionArm {
  users: number;
  conversions: number;
}

export interface Interval {
  lower: number;
  upper: number;
}

/**
 * treatment/control − 1 with its interval by the first-order delta method:
 * Var(m₂/m₁) ≈ v₂/m₁² + m₂²·v₁/m₁⁴ (v = variance of each estimate). Undefined when the control is 0.
 */
export function relativeLift(m1: number, v1: number, m2: number, v2: number, zc: number): { lift: number | null; liftCi: Interval | null } {
  if (m1 === 0) return { lift: null, liftCi: null };
  const lift = m2 / m1 - 1;
  const se = Math.sqrt(v2 / m1 ** 2 + (m2 ** 2 * v1) / m1 ** 4);
  return { lift, liftCi: { lower: lift - zc * se, upper: lift + zc * se } };
}

export interface TwoProportionResult {
  controlRate: number;
  treatmentRate: number;
  /** treatment − control, in rate units. */
  difference: number;
  differenceCi: Interval;
  /** treatment / control − 1; null when the control rate is 0. */
  lift: number | null;
  liftCi: Interval | null;
  z: number;
  pValue: number;
  alpha: number;
  significant: boolean;
}

export function validateArm(arm: ConversionArm, field: string): void {
  wholeNumber(arm.users, `${field}.users`);
  wholeNumber(arm.conversions, `${field}.conversions`);
  if (arm.users < 1) throw new StatsInputError(StatsErrorCode.EmptyVariant, `${field}.users`, 'the variant has no users.');
  if (arm.conversions > arm.users) {
    throw new StatsInputError(
      StatsErrorCode.ConversionsAboveUsers,
      `${field}.conversions`,
      `cannot exceed users (${arm.conversions} > ${arm.users}).`,
    );
  }
}

/**
 * Two-proportion z-test: pooled standard error for the test statistic (as statsmodels' proportions_ztest),
 * unpooled (Wald) for the interval of the difference, delta method for the interval of the relative lift.
 */
export function twoProportionTest(control: ConversionArm, treatment: ConversionArm, alpha = 0.05): TwoProportionResult {
  validateArm(control, 'control');
  validateArm(treatment, 'treatment');
  probability(alpha, 'alpha');
  const p1 = control.conversions / control.users;
  const p2 = treatment.conversions / treatment.users;
  const pooled = (control.conversions + treatment.conversions) / (control.users + treatment.users);
  const se0 = Math.sqrt(pooled * (1 - pooled) * (1 / control.users + 1 / treatment.users));
  if (se0 === 0) {
    throw new StatsInputError(
      StatsErrorCode.ZeroVariance,
      'conversions',
      'every user in both variants converted, or none did: there is no variance to test.',
    );
  }
  const v1 = (p1 * (1 - p1)) / control.users;
  const v2 = (p2 * (1 - p2)) / treatment.users;
  const diff = p2 - p1;
  const zc = normal.quantile(1 - alpha / 2);
  const se = Math.sqrt(v1 + v2);
  const z = diff / se0;
  const pValue = twoSidedZ(z);
  const { lift, liftCi } = relativeLift(p1, v1, p2, v2, zc);
  return checked(
    {
      controlRate: p1,
      treatmentRate: p2,
      difference: diff,
      differenceCi: { lower: diff - zc * se, upper: diff + zc * se },
      lift,
      liftCi,
      z,
      pValue,
      alpha,
      significant: pValue < alpha,
    },
    'twoProportionTest',
  );
}

export interface ChiSquareResult {
  chiSquare: number;
  df: number;
  pValue: number;
}

/** Pearson chi-square across k variants on the k×2 table (converted / not), without continuity correction. */
export function chiSquareVariants(arms: ConversionArm[]): ChiSquareResult {
  if (arms.length < 2) throw new StatsInputError(StatsErrorCode.EmptyVariant, 'variants', 'give at least two variants.');
  arms.forEach((a, i) => validateArm(a, `variants[${i}]`));
  const users = arms.reduce((s, a) => s + a.users, 0);
  const conv = arms.reduce((s, a) => s + a.conversions, 0);
  const rate = conv / users;
  if (rate === 0 || rate === 1) throw new StatsInputError(StatsErrorCode.ZeroVariance, 'conversions', 'all users converted, or none did.');
  let chi = 0;
  for (const a of arms) {
    const e1 = a.users * rate;
    const e0 = a.users * (1 - rate);
    chi += (a.conversions - e1) ** 2 / e1 + (a.users - a.conversions - e0) ** 2 / e0;
  }
  const df = arms.length - 1;
  return checked({ chiSquare: chi, df, pValue: chiSquare.sf(chi, df) }, 'chiSquareVariants');
}

export interface VariantVsControl extends TwoProportionResult {
  name: string;
  adjustedPValue: number;
  significantAfterCorrection: boolean;
}

/** Every variant against the control (the first arm), with a multiple-comparison correction. */
export function variantsVsControl(
  arms: (ConversionArm & { name: string })[],
  alpha = 0.05,
  correction: Correction = 'holm',
): { overall: ChiSquareResult; comparisons: VariantVsControl[]; correction: Correction } {
  if (arms.length < 2) throw new StatsInputError(StatsErrorCode.EmptyVariant, 'variants', 'give a control and at least one variant.');
  const [control, ...rest] = arms;
  const raw = rest.map((a) => ({ name: a.name, ...twoProportionTest(control!, a, alpha) }));
  const adjusted = adjustPValues(
    raw.map((r) => r.pValue),
    correction,
  );
  return {
    overall: chiSquareVariants(arms),
    correction,
    comparisons: raw.map((r, i) => ({ ...r, adjustedPValue: adjusted[i]!, significantAfterCorrection: adjusted[i]! < alpha })),
  };
}
