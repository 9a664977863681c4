/** Small dense linear algebra for symmetric positive definite matrices (row-major, p × p). */
import { ModelInputError } from './errors';

/** Lower-triangular L with L·Lᵀ = A (only A's lower triangle is read); `problem` explains a failure. */
export function cholesky(A: Float64Array, p: number, problem: string): Float64Array {
  const L = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * p + j]!;
      for (let k = 0; k < j; k++) s -= L[i * p + k]! * L[j * p + k]!;
      if (i === j) {
        if (s <= 0) throw new ModelInputError('features', problem);
        L[i * p + i] = Math.sqrt(s);
      } else L[i * p + j] = s / L[j * p + j]!;
    }
  }
  return L;
}

/** Solves L·Lᵀ·x = g. */
export function choleskySolve(L: Float64Array, g: Float64Array, p: number): Float64Array {
  const z = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = g[i]!;
    for (let k = 0; k < i; k++) s -= L[i * p + k]! * z[k]!;
    z[i] = s / L[i * p + i]!;
  }
  const x = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    let s = z[i]!;
    for (let k = i + 1; k < p; k++) s -= L[k * p + i]! * x[k]!;
    x[i] = s / L[i * p + i]!;
  }
  return x;
}
