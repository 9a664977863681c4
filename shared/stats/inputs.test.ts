import { describe, expect, it } from 'vitest';
import {
  adjustPValues,
  conversionVerdict,
  mdeMeans,
  mdeProportions,
  powerMeans,
  powerProportions,
  runCalculator,
  sampleRatioMismatch,
  sampleSizeMeans,
  sampleSizeProportions,
  srmVerdict,
  StatsErrorCode,
  StatsInputError,
  twoProportionTest,
  variantsVsControl,
  welchTest,
} from './index';

const fails = (fn: () => unknown, code: string, field: RegExp) => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(StatsInputError);
    expect((e as StatsInputError).code).toBe(code);
    expect((e as StatsInputError).field).toMatch(field);
    return;
  }
  throw new Error('expected a StatsInputError');
};

describe('bad input names the field and the problem', () => {
  const ok = { users: 100, conversions: 10 };
  it.each([
    ['negative counts', () => twoProportionTest({ users: -5, conversions: 0 }, ok), StatsErrorCode.Negative, /^control\.users$/],
    [
      'conversions above users',
      () => twoProportionTest(ok, { users: 10, conversions: 11 }),
      StatsErrorCode.ConversionsAboveUsers,
      /^treatment\.conversions$/,
    ],
    ['an empty variant', () => twoProportionTest({ users: 0, conversions: 0 }, ok), StatsErrorCode.EmptyVariant, /^control\.users$/],
    ['fractional counts', () => twoProportionTest({ users: 10.5, conversions: 1 }, ok), StatsErrorCode.NotANumber, /^control\.users$/],
    [
      'no variance',
      () => twoProportionTest({ users: 10, conversions: 0 }, { users: 10, conversions: 0 }),
      StatsErrorCode.ZeroVariance,
      /conversions/,
    ],
    ['n below 2', () => welchTest({ n: 1, mean: 3, sd: 1 }, { n: 10, mean: 3, sd: 1 }), StatsErrorCode.TooFewUnits, /^control\.n$/],
    ['zero variance', () => welchTest({ n: 5, mean: 3, sd: 0 }, { n: 5, mean: 4, sd: 0 }), StatsErrorCode.ZeroVariance, /sd/],
    ['NaN', () => welchTest({ n: 5, mean: Number.NaN, sd: 1 }, { n: 5, mean: 4, sd: 1 }), StatsErrorCode.NotANumber, /^control\.mean$/],
    ['weights not summing to 1', () => sampleRatioMismatch([10, 10], [0.5, 0.6]), StatsErrorCode.WeightsDoNotSumToOne, /expected_weights/],
    ['weights of the wrong length', () => sampleRatioMismatch([10, 10], [1]), StatsErrorCode.LengthMismatch, /expected_weights/],
    ['p-values above 1', () => adjustPValues([0.5, 1.2], 'holm'), StatsErrorCode.OutOfRange, /p_values\[1\]/],
    ['a baseline of 0', () => sampleSizeProportions(0, 0.1), StatsErrorCode.OutOfRange, /baseline/],
    ['alpha above 1', () => twoProportionTest(ok, ok, 5), StatsErrorCode.OutOfRange, /alpha/],
  ])('%s', (_label, fn, code, field) => fails(fn, code, field));
});

describe('power: the inverse calculations agree with the forward ones', () => {
  it('MDE for a given n reproduces that n', () => {
    const n = sampleSizeProportions(0.2, 0.23).exactControl;
    const mde = mdeProportions(0.2, n);
    expect(mde.target).toBeCloseTo(0.23, 9);
    expect(powerProportions(0.2, 0.23, n)).toBeCloseTo(0.8, 9);
    const nm = sampleSizeMeans(18, 1.5).exactControl;
    expect(mdeMeans(18, nm)).toBeCloseTo(1.5, 9);
    expect(powerMeans(18, 1.5, nm)).toBeCloseTo(0.8, 9);
  });
  it('needs more users for smaller effects, more variants and uneven splits', () => {
    const base = sampleSizeProportions(0.1, 0.11).control;
    expect(sampleSizeProportions(0.1, 0.105).control).toBeGreaterThan(base);
    expect(sampleSizeProportions(0.1, 0.11, { variants: 4 }).control).toBeGreaterThan(base);
    const uneven = sampleSizeProportions(0.1, 0.11, { ratio: 0.25 });
    expect(uneven.perTreatment).toBeLessThan(uneven.control);
    expect(uneven.total).toBeGreaterThan(2 * base);
  });
});

describe('variants against control', () => {
  it('corrects for several comparisons', () => {
    const r = variantsVsControl(
      [
        { name: 'control', users: 10000, conversions: 1000 },
        { name: 'b', users: 10000, conversions: 1090 },
        { name: 'c', users: 10000, conversions: 1010 },
      ],
      0.05,
      'holm',
    );
    expect(r.comparisons.map((c) => c.name)).toEqual(['b', 'c']);
    for (const c of r.comparisons) expect(c.adjustedPValue).toBeGreaterThanOrEqual(c.pValue);
    expect(r.comparisons[0]!.significant).toBe(true);
    expect(r.comparisons[0]!.significantAfterCorrection).toBe(r.comparisons[0]!.adjustedPValue < 0.05);
  });
});

describe('verdicts', () => {
  it('say what happened in plain words', () => {
    expect(conversionVerdict(twoProportionTest({ users: 10000, conversions: 1000 }, { users: 10000, conversions: 1100 }))).toMatch(
      /^Treatment converts better than control: 11\.00% vs 10\.00%, a \+10\.0% relative lift; significant at the 95% level \(p = 0\.021\)\.$/,
    );
    expect(conversionVerdict(twoProportionTest({ users: 1000, conversions: 100 }, { users: 1000, conversions: 104 }))).toMatch(
      /^No clear difference/,
    );
    expect(srmVerdict(sampleRatioMismatch([50800, 49200], [0.5, 0.5]))).toMatch(/^Warning: the traffic split does not match/);
    expect(srmVerdict(sampleRatioMismatch([50210, 49790], [0.5, 0.5]))).toMatch(/^The traffic split matches/);
  });
});

describe('power for means', () => {
  it('recommends the n at which the t-test reaches the power, with the normal formula beside it', () => {
    const r = runCalculator('power', { sd: 1, mde: 0.1 }) as { control: number; normalApproximation: { control: number }; formula: string };
    expect(r.control).toBe(1571);
    expect(r.normalApproximation.control).toBe(1570);
    expect(powerMeans(1, 0.1, r.control)).toBeGreaterThanOrEqual(0.8);
    expect(powerMeans(1, 0.1, r.normalApproximation.control)).toBeLessThan(0.8);
    expect(r.formula).toMatch(/noncentral t/);
    const inverse = runCalculator('power', { sd: 1, n: 1571 }) as { mde: number; normalApproximation: { mde: number } };
    expect(inverse.mde).toBeGreaterThan(inverse.normalApproximation.mde);
  });
});

describe('calculator JSON input of the wrong type names the field and what was expected', () => {
  const arm = { users: 1000, conversions: 100 };
  it.each([
    [
      'conversion',
      { control: { users: '1000', conversions: 10 }, treatment: arm },
      'control.users: expected a number, got a string ("1000").',
    ],
    ['conversion', { control: { users: 1000 }, treatment: arm }, 'control.conversions: is missing (expected a number).'],
    [
      'conversion',
      {
        variants: [
          { name: 'a', ...arm },
          { name: 'b', users: 1000, conversions: null },
        ],
      },
      'variants[1].conversions: expected a number, got null.',
    ],
    ['conversion', 'hello', 'input: expected an object, got a string ("hello").'],
    [
      'continuous',
      { control: { n: 10, mean: '3', sd: 1 }, treatment: { n: 10, mean: 3, sd: 1 } },
      'control.mean: expected a number, got a string ("3").',
    ],
    [
      'continuous',
      { control: { n: 10, sum: 3, sum_sq: [1] }, treatment: { n: 10, mean: 3, sd: 1 } },
      'control.sum_sq: expected a number, got a list of 1.',
    ],
    ['power', { baseline: '0.1', target: 0.12 }, 'baseline: expected a number, got a string ("0.1").'],
    ['srm', { observed: [1, '2'], expected_weights: [0.5, 0.5] }, 'observed[1]: expected a number, got a string ("2").'],
    ['correct', { p_values: [0.1], method: 'foo' }, 'method: expected one of "none", "bonferroni", "holm", "bh", got a string ("foo").'],
    ['bayes', { control: arm, treatment: arm, seed: 'x' }, 'seed: expected a number, got a string ("x").'],
    [
      'sequential',
      { looks: [{ control: { users: 'a', conversions: 1 }, treatment: arm }] },
      'looks[0].control.users: expected a number, got a string ("a").',
    ],
    [
      'cuped',
      { control: { n: 10, sum_y: 1, sum_y2: 1, sum_x: 1, sum_x2: 1, sum_xy: true }, treatment: {} },
      'control.sum_xy: expected a number, got a boolean (true).',
    ],
    ['conversion', { control: { ...arm, extra: 1 }, treatment: arm }, /^control\.extra: unknown field/],
  ])('%s', (name, input, message) => {
    expect(() => runCalculator(name, input)).toThrow(StatsInputError);
    expect(() => runCalculator(name, input)).toThrow(message);
  });
});
