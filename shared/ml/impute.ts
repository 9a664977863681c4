/** Missing-value imputation fitted on training data; the fill values travel with the model (and into ONNX). */
import { ModelInputError } from './errors';
import type { Matrix } from './matrix';

export type ImputeStrategy = 'mean' | 'median';

export function fitImputer(m: Matrix, strategy: ImputeStrategy): Float64Array {
  const fill = new Float64Array(m.cols);
  for (let f = 0; f < m.cols; f++) {
    const vals: number[] = [];
    for (let i = 0; i < m.rows; i++) {
      const v = m.data[i * m.cols + f]!;
      if (!Number.isNaN(v)) vals.push(v);
    }
    if (!vals.length) throw new ModelInputError(m.names[f]!, 'every value is missing; drop the column.');
    if (strategy === 'mean') fill[f] = vals.reduce((a, b) => a + b, 0) / vals.length;
    else {
      vals.sort((a, b) => a - b);
      const mid = vals.length >> 1;
      fill[f] = vals.length % 2 ? vals[mid]! : (vals[mid - 1]! + vals[mid]!) / 2;
    }
  }
  return fill;
}

export function applyImputer(m: Matrix, fill: Float64Array): Matrix {
  const data = Float64Array.from(m.data);
  for (let i = 0; i < m.rows; i++)
    for (let f = 0; f < m.cols; f++) if (Number.isNaN(data[i * m.cols + f]!)) data[i * m.cols + f] = fill[f]!;
  return { ...m, data };
}
