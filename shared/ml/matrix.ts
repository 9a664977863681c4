/** Features as a row-major Float64Array (n rows × d columns), built from columns. */
import { ModelInputError } from './errors';
import { runKernel, sharedArray, type Pair } from './parallel';

export interface Matrix {
  data: Float64Array;
  rows: number;
  cols: number;
  names: string[];
}

export function fromColumns(columns: Record<string, ArrayLike<number | null>>, names: string[]): Matrix {
  if (!names.length) throw new ModelInputError('features', 'choose at least one feature column.');
  const rows = columns[names[0]!]?.length ?? 0;
  const cols = names.length;
  const data = new Float64Array(rows * cols);
  names.forEach((name, j) => {
    const col = columns[name];
    if (!col) throw new ModelInputError(name, 'no such column.');
    if (col.length !== rows) throw new ModelInputError(name, `has ${col.length} values, expected ${rows}.`);
    let missing = 0;
    for (let i = 0; i < rows; i++) {
      const v = col[i];
      if (v === null || v === undefined || !Number.isFinite(v)) {
        missing++;
        data[i * cols + j] = Number.NaN;
      } else data[i * cols + j] = v;
    }
    if (missing === rows) throw new ModelInputError(name, 'every value is missing or not a number.');
  });
  return { data, rows, cols, names };
}

/**
 * Column means and (population) variances in one row-major pass shifted by the first row for numerical
 * safety; on two threads with a pair (X on shared memory). A column with a missing value gets a NaN mean.
 */
export function columnMoments(m: Matrix, pair?: Pair): { mean: Float64Array; variance: Float64Array } {
  const d = m.cols;
  const shift = sharedArray(Float64Array, d, pair);
  shift.set(m.data.subarray(0, d));
  const sums = new Float64Array(2 * d);
  const arrays = { X: m.data, shift };
  const parallel = pair && m.data.buffer instanceof SharedArrayBuffer ? pair : undefined;
  parallel?.begin(arrays, 2 * d);
  try {
    runKernel(parallel, arrays, 'moments', [d], 0, m.rows, sums);
  } finally {
    parallel?.end();
  }
  const mean = new Float64Array(d);
  const variance = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    const mu = sums[j]! / m.rows;
    mean[j] = mu + shift[j]!;
    variance[j] = Math.max(0, sums[d + j]! / m.rows - mu * mu);
  }
  return { mean, variance };
}

/** Column means and standard deviations (as scikit-learn's StandardScaler); see `columnMoments`. */
export function standardize(m: Matrix, pair?: Pair): { mean: Float64Array; scale: Float64Array } {
  const { mean, variance } = columnMoments(m, pair);
  const scale = variance.map((v, j) => {
    const sd = Math.sqrt(v);
    // A constant feature keeps scale 1, as scikit-learn does.
    return sd > 1e-12 * Math.max(1, Math.abs(mean[j]!)) ? sd : 1;
  });
  return { mean, scale };
}

export function requireComplete(m: Matrix): void {
  // One sequential scan; only when something is missing, name the first column (then row) that is.
  let clean = true;
  for (let k = 0; k < m.data.length && clean; k++) clean = !Number.isNaN(m.data[k]!);
  if (clean) return;
  for (let j = 0; j < m.cols; j++) {
    for (let i = 0; i < m.rows; i++) {
      if (Number.isNaN(m.data[i * m.cols + j]!))
        throw new ModelInputError(m.names[j]!, `row ${i + 1} is missing or not a number; impute it first.`);
    }
  }
}

/** The given rows, in the given order, as a new matrix. */
export function takeRows(m: Matrix, rows: ArrayLike<number>): Matrix {
  const data = new Float64Array(rows.length * m.cols);
  for (let i = 0; i < rows.length; i++) data.set(m.data.subarray(rows[i]! * m.cols, (rows[i]! + 1) * m.cols), i * m.cols);
  return { ...m, data, rows: rows.length };
}
