/**
 * Feature preprocessing fitted on training rows and carried by the model (and into its ONNX file):
 * imputation with optional missing indicators, standard or min-max scaling, outlier flags by z-score or
 * IQR, and one-hot or target encoding of categorical columns with unseen categories handled.
 *
 * Arithmetic follows float32 step by step (as onnxruntime computes the exported graph), so the app's
 * encoded features are exactly what the exported model sees.
 */
import { ModelInputError } from './errors';
import type { Matrix } from './matrix';
import { seededUniform } from './random';

export const IMPUTE_MODES = ['mean', 'median', 'most_frequent', 'constant'] as const;
export type ImputeMode = (typeof IMPUTE_MODES)[number];
export const SCALE_MODES = ['standard', 'minmax'] as const;
export type ScaleMode = (typeof SCALE_MODES)[number];
export const OUTLIER_MODES = ['zscore', 'iqr'] as const;
export type OutlierMode = (typeof OUTLIER_MODES)[number];
export const ENCODINGS = ['onehot', 'target'] as const;
export type Encoding = (typeof ENCODINGS)[number];

/** What to do with a numeric column. */
export interface NumericStep {
  impute?: ImputeMode | null;
  /** The value for impute 'constant' (default 0). */
  fillValue?: number;
  /** Add a 0/1 column "name_missing" (for columns with missing values in training). */
  indicator?: boolean;
  scale?: ScaleMode | null;
  /** Add a 0/1 column "name_outlier": |z| > 3, or outside [Q1 − 1.5·IQR, Q3 + 1.5·IQR]; on raw values. */
  outliers?: OutlierMode | null;
}

export interface PreprocessOptions extends NumericStep {
  /** Per numeric column, overriding the defaults above. */
  columns?: Record<string, NumericStep>;
  /** Categorical columns' encodings (default one-hot). */
  encoding?: Record<string, Encoding>;
  /** One-hot keeps the most frequent categories (default 20); the rest, like unseen ones, encode as all zeros. */
  maxCategories?: number;
  /** Target encoding's m-estimate smoothing towards the overall mean (default 10 rows). */
  smoothing?: number;
  /** Target encoding of training rows is cross-fitted over this many folds (default 5), so no row sees its own target. */
  folds?: number;
  seed?: number;
}

/** Raw inputs: numeric columns (NaN = missing), categorical columns as codes into a dictionary (NaN = missing). */
export interface RawFeatures {
  rows: number;
  numeric: { name: string; values: Float64Array }[];
  categorical: { name: string; codes: Float64Array; dictionary: string[] }[];
}

export interface FittedNumeric {
  name: string;
  /** NaN: missing values stay missing (trees route them). */
  fill: number;
  offset: number;
  scale: number;
  indicator: boolean;
  /** Flag when |x − center| > limit. */
  outlier: { mode: OutlierMode; center: number; limit: number } | null;
}

export type FittedCategorical =
  | { name: string; encoding: 'onehot'; categories: string[] }
  | { name: string; encoding: 'target'; categories: string[]; values: number[]; fallback: number };

export interface Preprocessing {
  numeric: FittedNumeric[];
  categorical: FittedCategorical[];
  /** Names of the encoded columns the model is trained on, in order. */
  outputs: string[];
}

/** Missing categorical values are the category "" (the scorer passes NULL as ""). */
export const MISSING_CATEGORY = '';

const f32 = Math.fround;

export function fitPreprocessing(
  raw: RawFeatures,
  options: PreprocessOptions = {},
  target?: ArrayLike<number>,
): { preprocessing: Preprocessing; train: Matrix } {
  const numeric = raw.numeric.map((col) => fitNumeric(col.name, col.values, { ...options, ...options.columns?.[col.name] }));
  for (const name of Object.keys(options.columns ?? {}))
    if (!raw.numeric.some((c) => c.name === name))
      throw new ModelInputError(name, 'has preprocessing options but is not a numeric feature.');
  const categorical = raw.categorical.map((col): FittedCategorical => {
    const encoding = options.encoding?.[col.name] ?? 'onehot';
    const { keys, counts, keyOf } = categoryCounts(col);
    if (encoding === 'onehot') {
      const order = keys.map((_, k) => k).sort((a, b) => counts[b]! - counts[a]! || (keys[a]! < keys[b]! ? -1 : 1));
      const categories = order.slice(0, options.maxCategories ?? 20).map((k) => keys[k]!);
      return { name: col.name, encoding, categories };
    }
    if (!target) throw new ModelInputError(col.name, 'target encoding needs a target.');
    const stats = targetStats(col, keyOf, keys.length, target, null);
    return { name: col.name, encoding, categories: keys, ...stats.encode(options.smoothing ?? 10) };
  });
  const preprocessing: Preprocessing = { numeric, categorical, outputs: outputNames(numeric, categorical) };
  // Training rows: target encodings cross-fitted (each fold encoded by the other folds' means).
  const overrides = new Map<string, Float64Array>();
  raw.categorical.forEach((col, c) => {
    const fitted = categorical[c]!;
    if (fitted.encoding !== 'target') return;
    overrides.set(col.name, crossFitted(col, fitted, target!, options));
  });
  return { preprocessing, train: applyPreprocessing(preprocessing, raw, overrides) };
}

/** Encodes rows with a fitted preprocessing (test rows, scoring, export checks). */
export function applyPreprocessing(p: Preprocessing, raw: RawFeatures, targetOverrides?: Map<string, Float64Array>): Matrix {
  const n = raw.rows;
  const cols = p.outputs.length;
  const data = new Float64Array(n * cols);
  let at = 0;
  const put = (value: (i: number) => number) => {
    for (let i = 0; i < n; i++) data[i * cols + at] = value(i);
    at++;
  };
  const numeric = p.numeric.map((f) => {
    const col = raw.numeric.find((c) => c.name === f.name);
    if (!col) throw new ModelInputError(f.name, 'is missing from the data to encode.');
    if (col.values.length !== n) throw new ModelInputError(f.name, `has ${col.values.length} values, expected ${n}.`);
    return col.values;
  });
  p.numeric.forEach((f, j) => {
    const v = numeric[j]!;
    const fill = f32(f.fill);
    const off = f32(f.offset);
    const sc = f32(f.scale);
    put((i) => {
      const x = Number.isNaN(v[i]!) ? fill : f32(v[i]!);
      return f32(f32(x - off) * sc);
    });
  });
  p.numeric.forEach((f, j) => {
    if (f.indicator) put((i) => (Number.isNaN(numeric[j]![i]!) ? 1 : 0));
  });
  p.numeric.forEach((f, j) => {
    if (!f.outlier) return;
    const c = f32(f.outlier.center);
    const l = f32(f.outlier.limit);
    const v = numeric[j]!;
    put((i) => (f32(Math.abs(f32(f32(v[i]!) - c))) > l ? 1 : 0));
  });
  for (const f of p.categorical) {
    const col = raw.categorical.find((c) => c.name === f.name);
    if (!col) throw new ModelInputError(f.name, 'is missing from the data to encode.');
    if (col.codes.length !== n) throw new ModelInputError(f.name, `has ${col.codes.length} values, expected ${n}.`);
    // Each code of this column's dictionary → its position among the fitted categories (−1: unseen).
    const index = new Map(f.categories.map((k, i) => [k, i]));
    const position = col.dictionary.map((k) => index.get(k) ?? -1);
    const missingAt = index.get(MISSING_CATEGORY) ?? -1;
    const pos = (i: number) => (Number.isNaN(col.codes[i]!) ? missingAt : position[col.codes[i]!]!);
    if (f.encoding === 'onehot') {
      const base = at;
      for (let i = 0; i < n; i++) {
        const k = pos(i);
        if (k >= 0) data[i * cols + base + k] = 1;
      }
      at += f.categories.length;
    } else {
      const crossed = targetOverrides?.get(f.name);
      const values = f.values.map(f32);
      const fallback = f32(f.fallback);
      put((i) => (crossed ? crossed[i]! : (values[pos(i)] ?? fallback)));
    }
  }
  return { data, rows: n, cols, names: p.outputs };
}

function outputNames(numeric: FittedNumeric[], categorical: FittedCategorical[]): string[] {
  return [
    ...numeric.map((f) => f.name),
    ...numeric.filter((f) => f.indicator).map((f) => `${f.name}_missing`),
    ...numeric.filter((f) => f.outlier).map((f) => `${f.name}_outlier`),
    ...categorical.flatMap((f) =>
      f.encoding === 'onehot' ? f.categories.map((k) => `${f.name}=${k === MISSING_CATEGORY ? '(missing)' : k}`) : [`${f.name}_te`],
    ),
  ];
}

function fitNumeric(name: string, values: Float64Array, step: NumericStep): FittedNumeric {
  let count = 0;
  for (const v of values) if (!Number.isNaN(v)) count++;
  if (!count) throw new ModelInputError(name, 'every value is missing; drop the column.');
  const present = new Float64Array(count);
  count = 0;
  for (const v of values) if (!Number.isNaN(v)) present[count++] = f32(v);
  const missing = values.length - present.length;
  const sorted = step.impute === 'median' || step.impute === 'most_frequent' || step.outliers === 'iqr' ? present.slice().sort() : null;
  let fill = Number.NaN;
  if (step.impute === 'mean') fill = meanSd(present).mean;
  else if (step.impute === 'median') fill = quantile(sorted!, 0.5);
  else if (step.impute === 'most_frequent') fill = mode(sorted!);
  else if (step.impute === 'constant') {
    fill = step.fillValue ?? 0;
    if (!Number.isFinite(fill)) throw new ModelInputError(name, `the fill value ${step.fillValue} is not a number.`);
  }
  fill = f32(fill);
  // Scaling statistics on the values as the model will see them (imputed).
  const filled = Number.isNaN(fill) ? 0 : missing;
  let offset = 0;
  let scale = 1;
  if (step.scale === 'standard') {
    const { mean, sd } = meanSd(present, fill, filled);
    offset = mean;
    // A constant column keeps scale 1, as scikit-learn's StandardScaler does.
    scale = sd > 1e-12 * Math.max(1, Math.abs(mean)) ? 1 / sd : 1;
  } else if (step.scale === 'minmax') {
    let lo = filled ? fill : Infinity;
    let hi = filled ? fill : -Infinity;
    for (const v of present) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    offset = lo;
    scale = hi > lo ? 1 / (hi - lo) : 1;
  }
  let outlier: FittedNumeric['outlier'] = null;
  if (step.outliers === 'zscore') {
    const { mean, sd } = meanSd(present);
    outlier = { mode: 'zscore', center: mean, limit: 3 * sd };
  } else if (step.outliers === 'iqr') {
    const q1 = quantile(sorted!, 0.25);
    const q3 = quantile(sorted!, 0.75);
    const lo = q1 - 1.5 * (q3 - q1);
    const hi = q3 + 1.5 * (q3 - q1);
    outlier = { mode: 'iqr', center: (lo + hi) / 2, limit: (hi - lo) / 2 };
  }
  return {
    name,
    fill,
    offset: f32(offset),
    scale: f32(scale),
    indicator: Boolean(step.indicator) && missing > 0,
    outlier: outlier && { ...outlier, center: f32(outlier.center), limit: f32(outlier.limit) },
  };
}

/** Population mean and standard deviation of the values plus `extra` copies of `fill`. */
function meanSd(v: Float64Array, fill = 0, extra = 0): { mean: number; sd: number } {
  const n = v.length + extra;
  let sum = extra ? fill * extra : 0;
  for (const x of v) sum += x;
  const mean = sum / n;
  let ss = extra ? extra * (fill - mean) ** 2 : 0;
  for (const x of v) ss += (x - mean) ** 2;
  return { mean, sd: Math.sqrt(ss / n) };
}

/** Linear interpolation between order statistics (numpy's default) on sorted values. */
function quantile(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  return sorted[lo]! + (h - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)] ?? 0) - sorted[lo]!);
}

/** The most frequent value, the smallest on ties (as scikit-learn's SimpleImputer). */
function mode(sorted: Float64Array): number {
  let best = sorted[0]!;
  let bestCount = 0;
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j < sorted.length && sorted[j] === sorted[i]) j++;
    if (j - i > bestCount) [best, bestCount] = [sorted[i]!, j - i];
    i = j;
  }
  return best;
}

/**
 * The column's categories (dictionary entries that occur, plus "" for missing) and their counts, over
 * the given rows (all when omitted); keyOf maps a code (the dictionary's length for missing) to its category.
 */
export function categoryCounts(
  col: RawFeatures['categorical'][number],
  rows?: ArrayLike<number>,
): { keys: string[]; counts: number[]; keyOf: Int32Array } {
  const keyIndex = new Map<string, number>();
  const keyOf = new Int32Array(col.dictionary.length + 1).fill(-1);
  const keys: string[] = [];
  const counts: number[] = [];
  const n = rows ? rows.length : col.codes.length;
  for (let r = 0; r < n; r++) {
    const c = col.codes[rows ? rows[r]! : r]!;
    const code = Number.isNaN(c) ? col.dictionary.length : c;
    let k = keyOf[code]!;
    if (k < 0) {
      const key = code === col.dictionary.length ? MISSING_CATEGORY : col.dictionary[code]!;
      k = keyIndex.get(key) ?? -1;
      if (k < 0) {
        k = keys.length;
        keyIndex.set(key, k);
        keys.push(key);
        counts.push(0);
      }
      keyOf[code] = k;
    }
    counts[k]!++;
  }
  return { keys, counts, keyOf };
}

/** Per-category sums and counts of the target over the rows `keep` allows (all when null). */
function targetStats(
  col: RawFeatures['categorical'][number],
  keyOf: Int32Array,
  nKeys: number,
  target: ArrayLike<number>,
  keep: ((i: number) => boolean) | null,
) {
  const sum = new Float64Array(nKeys);
  const count = new Float64Array(nKeys);
  let total = 0;
  let rows = 0;
  for (let i = 0; i < col.codes.length; i++) {
    if (keep && !keep(i)) continue;
    const code = Number.isNaN(col.codes[i]!) ? col.dictionary.length : col.codes[i]!;
    const k = keyOf[code]!;
    sum[k]! += target[i]!;
    count[k]!++;
    total += target[i]!;
    rows++;
  }
  const prior = rows ? total / rows : 0;
  return {
    encode(m: number): { values: number[]; fallback: number } {
      return { values: Array.from(sum, (s, k) => f32((s + m * prior) / (count[k]! + m))), fallback: f32(prior) };
    },
  };
}

function crossFitted(
  col: RawFeatures['categorical'][number],
  fitted: Extract<FittedCategorical, { encoding: 'target' }>,
  target: ArrayLike<number>,
  options: PreprocessOptions,
): Float64Array {
  const n = col.codes.length;
  const k = Math.max(2, Math.min(options.folds ?? 5, n));
  const rand = seededUniform(options.seed ?? 0);
  const fold = new Int32Array(n);
  for (let i = 0; i < n; i++) fold[i] = Math.floor(rand() * k);
  // The fitted categories are this column's, in categoryCounts' order.
  const { keyOf } = categoryCounts(col);
  const out = new Float64Array(n);
  for (let f = 0; f < k; f++) {
    const stats = targetStats(col, keyOf, fitted.categories.length, target, (i) => fold[i] !== f);
    const { values, fallback } = stats.encode(options.smoothing ?? 10);
    for (let i = 0; i < n; i++) {
      if (fold[i] !== f) continue;
      const code = Number.isNaN(col.codes[i]!) ? col.dictionary.length : col.codes[i]!;
      out[i] = values[keyOf[code]!] ?? fallback;
    }
  }
  return out;
}

/** The given rows of raw features, in the given order. */
export function selectRows(raw: RawFeatures, rows: ArrayLike<number>): RawFeatures {
  const take = (v: Float64Array) => {
    const out = new Float64Array(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = v[rows[i]!]!;
    return out;
  };
  return {
    rows: rows.length,
    numeric: raw.numeric.map((c) => ({ name: c.name, values: take(c.values) })),
    categorical: raw.categorical.map((c) => ({ name: c.name, dictionary: c.dictionary, codes: take(c.codes) })),
  };
}

/** Whether these options (with these categorical columns) change anything, so the model needs a preprocessing stage. */
export function preprocessingRequested(options: PreprocessOptions, categorical: number): boolean {
  const steps = [options, ...Object.values(options.columns ?? {})];
  return categorical > 0 || steps.some((s) => Boolean(s.impute || s.indicator || s.scale || s.outliers));
}
