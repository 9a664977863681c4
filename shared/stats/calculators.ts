/**
 * The calculators by name, over JSON inputs (snake_case, as documented in README): validated, run,
 * and answered with the numbers and a one-sentence verdict. Used by `workbench stats` and the app.
 */
import { z } from 'zod';
import { betaBinomial, normalModel } from './bayes';
import { cuped } from './cuped';
import { StatsErrorCode, StatsInputError } from './errors';
import { inputError } from './inputs';
import { welchTest, type MeanArm } from './means';
import { adjustPValues, CORRECTIONS } from './multiple';
import {
  mdeMeans,
  mdeMeansNormal,
  mdeProportions,
  powerCurve,
  powerMeans,
  powerProportions,
  sampleSizeMeans,
  sampleSizeProportions,
  type PowerSettings,
  type MeansSampleSize,
  type SampleSize,
} from './power';
import { twoProportionTest, variantsVsControl } from './proportions';
import { msprt, type Look } from './sequential';
import { sampleRatioMismatch } from './srm';
import { continuousVerdict, conversionVerdict, srmVerdict } from './verdict';

const num = z.number();
const conversionArm = z.object({ users: num, conversions: num }).strict();
const meanArm = z.union([z.object({ n: num, mean: num, sd: num }).strict(), z.object({ n: num, sum: num, sum_sq: num }).strict()]);
const alpha = num.optional();

const toMeanArm = (a: z.infer<typeof meanArm>): MeanArm => ('mean' in a ? a : { n: a.n, sum: a.sum, sumSq: a.sum_sq });

const schemas = {
  conversion: z.union([
    z.object({ control: conversionArm, treatment: conversionArm, alpha }).strict(),
    z
      .object({
        variants: z.array(conversionArm.extend({ name: z.string() })).min(2),
        alpha,
        correction: z.enum(CORRECTIONS).optional(),
      })
      .strict(),
  ]),
  continuous: z.object({ control: meanArm, treatment: meanArm, alpha }).strict(),
  power: z
    .object({
      baseline: num.optional(),
      target: num.optional(),
      relative_mde: num.optional(),
      sd: num.optional(),
      mde: num.optional(),
      n: num.optional(),
      alpha,
      power: num.optional(),
      variants: num.optional(),
      ratio: num.optional(),
    })
    .strict(),
  srm: z.object({ observed: z.array(num), expected_weights: z.array(num) }).strict(),
  correct: z.object({ p_values: z.array(num), method: z.enum(CORRECTIONS) }).strict(),
  bayes: z.union([
    z
      .object({
        control: conversionArm,
        treatment: conversionArm,
        prior: z.object({ alpha: num, beta: num }).strict().optional(),
        credible_mass: num.optional(),
        seed: num.optional(),
      })
      .strict(),
    z.object({ control: meanArm, treatment: meanArm, credible_mass: num.optional() }).strict(),
  ]),
  sequential: z
    .object({
      looks: z
        .array(
          z.union([z.object({ control: conversionArm, treatment: conversionArm }), z.object({ control: meanArm, treatment: meanArm })]),
        )
        .min(1),
      alpha,
      tau: num.optional(),
    })
    .strict(),
  cuped: z
    .object({
      control: z.object({ n: num, sum_y: num, sum_y2: num, sum_x: num, sum_x2: num, sum_xy: num }).strict(),
      treatment: z.object({ n: num, sum_y: num, sum_y2: num, sum_x: num, sum_x2: num, sum_xy: num }).strict(),
      alpha,
    })
    .strict(),
} as const;

export type CalculatorName = keyof typeof schemas;
export const CALCULATORS = Object.keys(schemas) as CalculatorName[];

export const POWER_FORMULA =
  'Two-sided tests. Proportions (normal approximation): n = [z(1−α/2)·√(p̄(1−p̄)(1+1/r)) + z(1−β)·√(p1(1−p1) + p2(1−p2)/r)]² / (p2−p1)². ' +
  'Means: the smallest n at which the two-sample t-test (df = n1 + n2 − 2) reaches the power, from the noncentral t with noncentrality (δ/σ)·√(n1·n2/(n1+n2)) ' +
  '(as statsmodels TTestIndPower); normalApproximation: n = (z(1−α/2) + z(1−β))²·σ²·(1+1/r) / δ². ' +
  'r = treatment/control traffic ratio; with k variants α is divided by k−1 (Bonferroni).';

function parse<N extends CalculatorName>(name: N, input: unknown): z.infer<(typeof schemas)[N]> {
  const r = schemas[name].safeParse(input);
  if (!r.success) throw inputError(r.error, input);
  return r.data as z.infer<(typeof schemas)[N]>;
}

export function runCalculator(name: string, input: unknown): Record<string, unknown> {
  if (!(name in schemas))
    throw new StatsInputError(
      StatsErrorCode.OutOfRange,
      'calculator',
      `unknown calculator "${name}"; choose one of ${CALCULATORS.join(', ')}.`,
    );
  switch (name as CalculatorName) {
    case 'conversion': {
      const i = parse('conversion', input);
      if ('variants' in i) {
        const r = variantsVsControl(i.variants, i.alpha ?? 0.05, i.correction ?? 'holm');
        return {
          ...r,
          verdicts: r.comparisons.map(
            (c) => `${c.name}: ${conversionVerdict({ ...c, significant: c.significantAfterCorrection, pValue: c.adjustedPValue })}`,
          ),
        };
      }
      const r = twoProportionTest(i.control, i.treatment, i.alpha ?? 0.05);
      return { ...r, verdict: conversionVerdict(r) };
    }
    case 'continuous': {
      const i = parse('continuous', input);
      const r = welchTest(toMeanArm(i.control), toMeanArm(i.treatment), i.alpha ?? 0.05);
      return { ...r, verdict: continuousVerdict(r) };
    }
    case 'power':
      return { ...runPower(parse('power', input)) };
    case 'srm': {
      const i = parse('srm', input);
      const r = sampleRatioMismatch(i.observed, i.expected_weights);
      return { ...r, verdict: srmVerdict(r) };
    }
    case 'correct': {
      const i = parse('correct', input);
      return { method: i.method, adjusted: adjustPValues(i.p_values, i.method) };
    }
    case 'bayes': {
      const i = parse('bayes', input);
      if ('users' in i.control) {
        const c = i as {
          control: { users: number; conversions: number };
          treatment: { users: number; conversions: number };
          prior?: { alpha: number; beta: number };
          credible_mass?: number;
          seed?: number;
        };
        const r = betaBinomial(c.control, c.treatment, { prior: c.prior, credibleMass: c.credible_mass, seed: c.seed });
        const { densities: _d, ...rest } = r;
        return { ...rest, verdict: `There is a ${(100 * r.probabilityToBeatControl).toFixed(1)}% chance that treatment beats control.` };
      }
      const m = i as { control: z.infer<typeof meanArm>; treatment: z.infer<typeof meanArm>; credible_mass?: number };
      const r = normalModel(toMeanArm(m.control), toMeanArm(m.treatment), m.credible_mass ?? 0.95);
      return { ...r, verdict: `There is a ${(100 * r.probabilityToBeatControl).toFixed(1)}% chance that treatment beats control.` };
    }
    case 'sequential': {
      const i = parse('sequential', input);
      const looks: Look[] = i.looks.map((l) =>
        'users' in l.control
          ? (l as Look)
          : { control: toMeanArm(l.control as z.infer<typeof meanArm>), treatment: toMeanArm(l.treatment as z.infer<typeof meanArm>) },
      );
      const r = msprt(looks, i.alpha ?? 0.05, i.tau);
      const verdict =
        r.firstSignificantLook !== null
          ? `Safe to stop: significant at look ${r.firstSignificantLook} even allowing for peeking.`
          : `Keep going: not significant once peeking is allowed for${r.firstNaiveSignificantLook !== null ? ` (a naive test would have stopped, wrongly, at look ${r.firstNaiveSignificantLook})` : ''}.`;
      return { ...r, verdict };
    }
    case 'cuped': {
      const i = parse('cuped', input);
      const arm = (a: typeof i.control) => ({ n: a.n, sumY: a.sum_y, sumY2: a.sum_y2, sumX: a.sum_x, sumX2: a.sum_x2, sumXY: a.sum_xy });
      const r = cuped(arm(i.control), arm(i.treatment), i.alpha ?? 0.05);
      return {
        ...r,
        verdict: `${continuousVerdict(r.adjusted)} CUPED removed ${(100 * r.varianceReduction).toFixed(1)}% of the variance.`,
      };
    }
  }
}

export type PowerInput = z.infer<(typeof schemas)['power']>;

type PowerCurve = { n: number; power: number }[];

/** A sample size (with the target rate for proportions), or, given n, the minimum detectable effect. */
export type PowerResult =
  | ({ kind: 'means'; formula: string; curve: PowerCurve } & MeansSampleSize)
  | ({ kind: 'proportions'; target: number; formula: string; curve: PowerCurve } & SampleSize)
  | { kind: 'means'; mde: number; normalApproximation: { mde: number }; formula: string; curve: PowerCurve }
  | { kind: 'proportions'; mde: { target: number; absolute: number; relative: number }; formula: string; curve: PowerCurve };

/** The power calculator over parsed numbers; the app calls it directly, so a bad number is named by its own field's check. */
export function runPower(i: PowerInput): PowerResult {
  const settings: PowerSettings = { alpha: i.alpha, power: i.power, variants: i.variants, ratio: i.ratio };
  if (i.sd !== undefined) {
    if (i.n !== undefined) {
      const mde = mdeMeans(i.sd, i.n, settings);
      return {
        kind: 'means',
        mde,
        normalApproximation: { mde: mdeMeansNormal(i.sd, i.n, settings) },
        formula: POWER_FORMULA,
        curve: powerCurve((n) => powerMeans(i.sd!, mde, n, settings), 2 * i.n),
      };
    }
    if (i.mde === undefined)
      throw new StatsInputError(
        StatsErrorCode.OutOfRange,
        'mde',
        'give the minimum detectable difference in means (or n for the inverse).',
      );
    const s = sampleSizeMeans(i.sd, i.mde, settings);
    return { kind: 'means', ...s, formula: POWER_FORMULA, curve: powerCurve((n) => powerMeans(i.sd!, i.mde!, n, settings), 2 * s.control) };
  }
  if (i.baseline === undefined)
    throw new StatsInputError(StatsErrorCode.OutOfRange, 'baseline', 'give the baseline conversion rate (or sd for a continuous metric).');
  const baseline = i.baseline;
  if (i.n !== undefined) {
    const m = mdeProportions(baseline, i.n, settings);
    return {
      kind: 'proportions',
      mde: m,
      formula: POWER_FORMULA,
      curve: powerCurve((n) => powerProportions(baseline, m.target, n, settings), 2 * i.n),
    };
  }
  const target =
    i.target ?? (i.relative_mde !== undefined ? baseline * (1 + i.relative_mde) : i.mde !== undefined ? baseline + i.mde : undefined);
  if (target === undefined) throw new StatsInputError(StatsErrorCode.OutOfRange, 'target', 'give target, mde (absolute) or relative_mde.');
  const s = sampleSizeProportions(baseline, target, settings);
  return {
    kind: 'proportions',
    target,
    ...s,
    formula: POWER_FORMULA,
    curve: powerCurve((n) => powerProportions(baseline, target, n, settings), 2 * s.control),
  };
}
