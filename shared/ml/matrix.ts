/** Features as a row-major Float64Array (n rows × d columns), built from columns. */
import { ModelInputError } from './errors';

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

/** Column means and standard deviations (population, as scikit-learn's StandardScaler). */
export function standardize(m: Matrix): { mean: Float64Array; scale: Float64Array } {
  const mean = new Float64Array(m.cols);
  const scale = new Float64Array(m.cols);
  for (let j = 0; j < m.cols; j++) {
    let s = 0;
    for (let i = 0; i < m.rows; i++) s += m.data[i * m.cols + j]!;
    const mu = s / m.rows;
    let v = 0;
    for (let i = 0; i < m.rows; i++) v += (m.data[i * m.cols + j]! - mu) ** 2;
    mean[j] = mu;
    const sd = Math.sqrt(v / m.rows);
    // A constant feature keeps scale 1, as scikit-learn does.
    scale[j] = sd > 0 ? sd : 1;
  }
  return { mean, scale };
}

export function applyScaling(m: Matrix, mean: Float64Array, scale: Float64Array): Matrix {
  const data = new Float64Array(m.data.length);
  for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.cols; j++) data[i * m.cols + j] = (m.data[i * m.cols + j]! - mean[j]!) / scale[j]!;
  return { ...m, data };
}

export function requireComplete(m: Matrix): void {
  for (let j = 0; j < m.cols; j++) {
    for (let i = 0; i < m.rows; i++) {
      if (Number.isNaN(m.data[i * m.cols + j]!))
        throw new ModelInputError(m.names[j]!, `row ${i + 1} is missing or not a number; impute it first.`);
    }
  }
}
