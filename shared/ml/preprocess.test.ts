import { describe, expect, it } from 'vitest';
import { applyPreprocessing, fitPreprocessing, type RawFeatures } from './preprocess';

const NaN_ = Number.NaN;

function raw(numeric: Record<string, number[]>, categorical: Record<string, (string | null)[]> = {}): RawFeatures {
  const rows = Object.values(numeric)[0]?.length ?? Object.values(categorical)[0]!.length;
  return {
    rows,
    numeric: Object.entries(numeric).map(([name, v]) => ({ name, values: Float64Array.from(v) })),
    categorical: Object.entries(categorical).map(([name, v]) => {
      const dictionary = [...new Set(v.filter((x): x is string => x !== null))];
      return { name, dictionary, codes: Float64Array.from(v, (x) => (x === null ? NaN_ : dictionary.indexOf(x))) };
    }),
  };
}

function column(m: { data: Float64Array; cols: number; rows: number; names: string[] }, name: string): number[] {
  const j = m.names.indexOf(name);
  expect(j, `column ${name} in ${m.names.join(', ')}`).toBeGreaterThanOrEqual(0);
  return Array.from({ length: m.rows }, (_, i) => m.data[i * m.cols + j]!);
}

describe('preprocessing', () => {
  const x = [1, 2, 2, NaN_, 10];
  it('imputes by mean, median, most frequent or a constant', () => {
    const fills = (impute: 'mean' | 'median' | 'most_frequent' | 'constant', fillValue?: number) =>
      fitPreprocessing(raw({ x }), { impute, fillValue }).preprocessing.numeric[0]!.fill;
    expect(fills('mean')).toBeCloseTo(15 / 4, 6);
    expect(fills('median')).toBe(2);
    expect(fills('most_frequent')).toBe(2);
    expect(fills('constant', -1)).toBe(-1);
    expect(fills('constant')).toBe(0);
    // Without imputation, missing values stay missing (trees route them).
    const { train } = fitPreprocessing(raw({ x }));
    expect(Number.isNaN(train.data[3]!)).toBe(true);
    const imputed = fitPreprocessing(raw({ x }), { impute: 'median' }).train;
    expect(column(imputed, 'x')).toEqual([1, 2, 2, 2, 10]);
  });

  it('adds missing indicators only for columns that had missing values in training', () => {
    const { preprocessing, train } = fitPreprocessing(raw({ x, full: [1, 2, 3, 4, 5] }), { impute: 'mean', indicator: true });
    expect(preprocessing.outputs).toEqual(['x', 'full', 'x_missing']);
    expect(column(train, 'x_missing')).toEqual([0, 0, 0, 1, 0]);
  });

  it('scales to mean 0 and unit variance, or to [0, 1]', () => {
    const v = [3, 5, 7, 9, 11];
    const std = fitPreprocessing(raw({ v }), { scale: 'standard' }).train;
    const z = column(std, 'v');
    expect(z.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 6);
    expect(Math.sqrt(z.reduce((a, b) => a + b * b, 0) / z.length)).toBeCloseTo(1, 6);
    const mm = fitPreprocessing(raw({ v }), { scale: 'minmax' });
    expect(column(mm.train, 'v')).toEqual([0, 0.25, 0.5, 0.75, 1]);
    // New data beyond the training range goes beyond [0, 1], as scikit-learn's MinMaxScaler does.
    expect(column(applyPreprocessing(mm.preprocessing, raw({ v: [13] })), 'v')).toEqual([1.25]);
    // A constant column is left unscaled rather than divided by zero.
    expect(column(fitPreprocessing(raw({ c: [4, 4, 4] }), { scale: 'standard' }).train, 'c')).toEqual([0, 0, 0]);
  });

  it('flags outliers by z-score and by IQR on the raw values', () => {
    const v = [...Array.from({ length: 20 }, (_, i) => 10 + (i % 5)), 100];
    const z = fitPreprocessing(raw({ v }), { outliers: 'zscore' }).train;
    expect(column(z, 'v_outlier')).toEqual([...new Array(20).fill(0), 1]);
    // IQR: Q1 = 11, Q3 = 14 (numpy's linear quantiles), so the fences are 6.5 and 18.5.
    const iqr = fitPreprocessing(raw({ v: [...v, 16, 19, 6] }), { outliers: 'iqr', impute: 'mean' });
    expect(column(iqr.train, 'v_outlier').slice(-4)).toEqual([1, 0, 1, 1]);
    expect(iqr.preprocessing.numeric[0]!.outlier).toMatchObject({ mode: 'iqr' });
  });

  it('one-hot encodes the most frequent categories; unseen and rarer ones encode as zeros', () => {
    const plan = ['pro', 'free', 'free', null, 'team', 'free', 'pro'];
    const { preprocessing, train } = fitPreprocessing(raw({}, { plan }), { maxCategories: 3 });
    expect(preprocessing.outputs).toEqual(['plan=free', 'plan=pro', 'plan=(missing)']);
    expect(column(train, 'plan=free')).toEqual([0, 1, 1, 0, 0, 1, 0]);
    expect(column(train, 'plan=(missing)')).toEqual([0, 0, 0, 1, 0, 0, 0]);
    const scored = applyPreprocessing(preprocessing, raw({}, { plan: ['enterprise', 'pro', null, 'team'] }));
    expect(Array.from(scored.data)).toEqual([0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0]);
  });

  it('target-encodes with m-estimate smoothing, cross-fitted on training rows, the overall mean for unseen categories', () => {
    const city = ['a', 'a', 'a', 'a', 'b', 'b', 'c', 'c', 'c', 'c'];
    const y = [1, 1, 1, 0, 0, 0, 1, 0, 0, 0];
    const { preprocessing, train } = fitPreprocessing(raw({}, { city }), { encoding: { city: 'target' }, smoothing: 2, seed: 1 }, y);
    const f = preprocessing.categorical[0]!;
    if (f.encoding !== 'target') throw new Error('expected target encoding');
    const prior = 0.4;
    expect(f.fallback).toBeCloseTo(prior, 6);
    expect(f.values[f.categories.indexOf('a')]!).toBeCloseTo((3 + 2 * prior) / (4 + 2), 6);
    expect(f.values[f.categories.indexOf('b')]!).toBeCloseTo((0 + 2 * prior) / (2 + 2), 6);
    const scored = applyPreprocessing(preprocessing, raw({}, { city: ['a', 'zzz'] }));
    expect(scored.data[0]).toBeCloseTo(f.values[f.categories.indexOf('a')]!, 6);
    expect(scored.data[1]).toBeCloseTo(prior, 6);
    // Cross-fitting: training rows are not encoded with the full-data values (no row sees its own target).
    const trained = column(train, 'city_te');
    expect(trained.some((v, i) => Math.abs(v - f.values[f.categories.indexOf(city[i]!)]!) > 1e-6)).toBe(true);
  });

  it('names the column when every value is missing or options name an unknown column', () => {
    expect(() => fitPreprocessing(raw({ empty: [NaN_, NaN_] }))).toThrow(/empty: every value is missing/);
    expect(() => fitPreprocessing(raw({ x }), { columns: { nope: { impute: 'mean' } } })).toThrow(/nope: has preprocessing options/);
    expect(() => fitPreprocessing(raw({}, { city: ['a', 'b'] }), { encoding: { city: 'target' } })).toThrow(/city: target encoding needs/);
  });
});
