/**
 * L2-regularised logistic regression, as scikit-learn's LogisticRegression(C) minimises it:
 * ½‖w‖² + C·Σ sᵢ·logloss(yᵢ, σ(xᵢ·w + b)) (intercept not penalised), solved by Newton's method
 * with a Cholesky solve (the optimum scikit-learn's newton-cholesky solver reaches).
 */
import { checkCancel, ModelInputError, type FitControl } from './errors';
import { applyScaling, requireComplete, standardize, type Matrix } from './matrix';

export interface LogisticOptions {
  C?: number;
  /** 'balanced' weighs classes inversely to their frequency. */
  classWeight?: 'balanced' | null;
  /** Standardise features first (the scaler becomes part of the model). */
  standardize?: boolean;
  maxIterations?: number;
}

export interface LogisticModel {
  kind: 'logistic';
  features: string[];
  /** Weights on the scaled features. */
  coefficients: Float64Array;
  intercept: number;
  scalerMean: Float64Array;
  scalerScale: Float64Array;
  iterations: number;
}

const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

export function fitLogistic(m: Matrix, y: ArrayLike<number>, options: LogisticOptions = {}, control?: FitControl): LogisticModel {
  requireComplete(m);
  if (y.length !== m.rows) throw new ModelInputError('target', `has ${y.length} values for ${m.rows} rows.`);
  let pos = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i] !== 0 && y[i] !== 1) throw new ModelInputError('target', `row ${i + 1} is ${y[i]}; the target must be 0 or 1.`);
    pos += y[i]!;
  }
  if (pos === 0 || pos === y.length)
    throw new ModelInputError('target', `has one class only (${pos === 0 ? 'no' : 'all'} positives); a classifier needs both.`);
  const C = options.C ?? 1;
  const scaling =
    options.standardize === false ? { mean: new Float64Array(m.cols), scale: new Float64Array(m.cols).fill(1) } : standardize(m);
  const X = options.standardize === false ? m : applyScaling(m, scaling.mean, scaling.scale);
  const n = X.rows;
  const d = X.cols;
  const w1 = options.classWeight === 'balanced' ? n / (2 * pos) : 1;
  const w0 = options.classWeight === 'balanced' ? n / (2 * (n - pos)) : 1;
  const p = d + 1; // last parameter is the intercept
  const beta = new Float64Array(p);
  const grad = new Float64Array(p);
  const hess = new Float64Array(p * p);
  const row = new Float64Array(p);
  let it = 0;
  for (; it < (options.maxIterations ?? 100); it++) {
    checkCancel(control);
    grad.fill(0);
    hess.fill(0);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) row[j] = X.data[i * d + j]!;
      row[d] = 1;
      let z = 0;
      for (let j = 0; j < p; j++) z += row[j]! * beta[j]!;
      const mu = sigmoid(z);
      const s = (y[i] === 1 ? w1 : w0) * C;
      const r = s * (mu - y[i]!);
      const h = s * mu * (1 - mu);
      for (let a = 0; a < p; a++) {
        grad[a]! += r * row[a]!;
        const ha = h * row[a]!;
        for (let b = 0; b <= a; b++) hess[a * p + b]! += ha * row[b]!;
      }
    }
    for (let j = 0; j < d; j++) {
      grad[j]! += beta[j]!;
      hess[j * p + j]! += 1;
    }
    const step = choleskySolve(hess, grad, p);
    let maxStep = 0;
    for (let j = 0; j < p; j++) {
      beta[j]! -= step[j]!;
      maxStep = Math.max(maxStep, Math.abs(step[j]!));
    }
    control?.onProgress?.(Math.min(0.99, (it + 1) / 10), `Newton step ${it + 1}: largest change ${maxStep.toExponential(2)}`);
    if (maxStep < 1e-12) break;
  }
  return {
    kind: 'logistic',
    features: m.names,
    coefficients: beta.slice(0, d),
    intercept: beta[d]!,
    scalerMean: scaling.mean,
    scalerScale: scaling.scale,
    iterations: it + 1,
  };
}

export function predictLogistic(model: LogisticModel, m: Matrix): Float64Array {
  const d = m.cols;
  const out = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) {
    let z = model.intercept;
    for (let j = 0; j < d; j++) z += ((m.data[i * d + j]! - model.scalerMean[j]!) / model.scalerScale[j]!) * model.coefficients[j]!;
    out[i] = sigmoid(z);
  }
  return out;
}

/** Solves H·x = g for symmetric positive definite H (lower triangle filled). */
function choleskySolve(H: Float64Array, g: Float64Array, p: number): Float64Array {
  const L = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let s = H[i * p + j]!;
      for (let k = 0; k < j; k++) s -= L[i * p + k]! * L[j * p + k]!;
      if (i === j) {
        if (s <= 0) throw new ModelInputError('features', 'are perfectly collinear or constant after scaling; drop the redundant column.');
        L[i * p + i] = Math.sqrt(s);
      } else L[i * p + j] = s / L[j * p + j]!;
    }
  }
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
