/**
 * L2-regularised logistic regression, as scikit-learn's LogisticRegression(C) minimises it:
 * ½‖w‖² + C·Σ sᵢ·logloss(yᵢ, σ(xᵢ·w + b)) (intercept not penalised), solved by Newton's method
 * with a Cholesky solve (the optimum scikit-learn's newton-cholesky solver reaches).
 */
import { checkCancel, ModelInputError, type FitControl } from './errors';
import { applyImputer, fitImputer, type ImputeStrategy } from './impute';
import { cholesky, choleskySolve } from './linalg';
import { applyScaling, requireComplete, standardize, type Matrix } from './matrix';
import { readableByPair, runKernel, sharedArray, sigmoid, type Pair } from './parallel';

export interface LogisticOptions {
  C?: number;
  /** 'balanced' weighs classes inversely to their frequency. */
  classWeight?: 'balanced' | null;
  /** Standardise features first (the scaler becomes part of the model). */
  standardize?: boolean;
  maxIterations?: number;
  /** Start large fits from a sample's optimum and reuse the Hessian (default: above 200,000 rows). */
  warmStart?: boolean;
  /** Fill missing values (fitted on this data) instead of refusing them. */
  impute?: ImputeStrategy;
}

export interface LogisticModel {
  kind: 'logistic';
  features: string[];
  /** Weights on the scaled features. */
  coefficients: Float64Array;
  intercept: number;
  scalerMean: Float64Array;
  scalerScale: Float64Array;
  /** Fill values for missing inputs, when the model was fitted with imputation. */
  imputeValues: Float64Array | null;
  iterations: number;
}

/** With a pair, the full-data passes run on two threads. */
export function fitLogistic(
  input: Matrix,
  target: ArrayLike<number>,
  options: LogisticOptions = {},
  control?: FitControl,
  pair?: Pair,
): LogisticModel {
  const imputeValues = options.impute ? fitImputer(input, options.impute) : null;
  const m = imputeValues ? applyImputer(input, imputeValues) : input;
  requireComplete(m);
  if (target.length !== m.rows) throw new ModelInputError('target', `has ${target.length} values for ${m.rows} rows.`);
  const y = sharedArray(Float64Array, m.rows, pair);
  for (let i = 0; i < m.rows; i++) y[i] = target[i]!;
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
  const X = options.standardize === false ? m : applyScaling(m, scaling.mean, scaling.scale, pair);
  const n = X.rows;
  const d = X.cols;
  const w1 = options.classWeight === 'balanced' ? n / (2 * pos) : 1;
  const w0 = options.classWeight === 'balanced' ? n / (2 * (n - pos)) : 1;
  const p = d + 1; // last parameter is the intercept
  // Large data: start Newton from the optimum on a sample (its objective is rescaled to the full size),
  // so the full passes only polish; the optimum reached is the same.
  const warm = options.warmStart ?? n > WARM_START_ABOVE;
  const start = warm ? warmStart(X, y, C * (n / WARM_SAMPLE), w0, w1) : { beta: new Float64Array(p), factor: null };
  const beta = sharedArray(Float64Array, p, pair);
  beta.set(start.beta);
  // The sample's Hessian (its C scaled by n/sample) stands in for the full one; Newton falls back if steps stall.
  const data = readableByPair(X.data, pair);
  pair?.begin({ X: data, y, beta }, p + p * p);
  let it: number;
  try {
    it = newton(
      { ...X, data },
      y,
      beta,
      C,
      w0,
      w1,
      options.maxIterations ?? 100,
      warm ? 1e-9 : 1e-10,
      control,
      warm,
      start.factor,
      pair,
    ).iterations;
  } finally {
    pair?.end();
  }
  return {
    kind: 'logistic',
    features: m.names,
    coefficients: beta.slice(0, d),
    intercept: beta[d]!,
    scalerMean: scaling.mean,
    scalerScale: scaling.scale,
    imputeValues,
    iterations: it,
  };
}

const WARM_START_ABOVE = 200_000;
const COLLINEAR = 'are perfectly collinear or constant after scaling; drop the redundant column.';
const WARM_SAMPLE = 50_000;

function warmStart(X: Matrix, y: Float64Array, C: number, w0: number, w1: number): { beta: Float64Array; factor: Float64Array | null } {
  const step = X.rows / WARM_SAMPLE;
  const data = new Float64Array(WARM_SAMPLE * X.cols);
  const ys = new Float64Array(WARM_SAMPLE);
  for (let i = 0; i < WARM_SAMPLE; i++) {
    const r = Math.floor(i * step);
    data.set(X.data.subarray(r * X.cols, (r + 1) * X.cols), i * X.cols);
    ys[i] = y[r]!;
  }
  const beta = new Float64Array(X.cols + 1);
  const { factor } = newton({ ...X, data, rows: WARM_SAMPLE }, ys, beta, C, w0, w1, 50, 1e-6);
  return { beta, factor };
}

/**
 * Newton steps in place on beta; returns the number of steps taken. With `reuseHessian`, the Cholesky
 * factor of the first Hessian serves later steps (gradient-only passes) while the steps keep shrinking.
 */
function newton(
  X: Matrix,
  y: Float64Array,
  beta: Float64Array,
  C: number,
  w0: number,
  w1: number,
  maxIter: number,
  stepTol: number,
  control?: FitControl,
  reuseHessian = false,
  initialFactor: Float64Array | null = null,
  pair?: Pair,
): { iterations: number; factor: Float64Array | null } {
  const n = X.rows;
  const d = X.cols;
  const p = d + 1;
  const data = X.data;
  const grad = new Float64Array(p);
  const hess = new Float64Array(p * p);
  let factor: Float64Array | null = initialFactor;
  let lastFactor: Float64Array | null = null;
  let lastStep = Infinity;
  let it = 0;
  for (; it < maxIter; it++) {
    checkCancel(control);
    const withHessian = !factor;
    // One pass sums the gradient and (lower-triangle) Hessian: out = [gradient (p), Hessian (p × p)].
    const out = new Float64Array(p + p * p);
    runKernel(pair, { X: data, y, beta }, 'logistic', [d, C, w0, w1, withHessian ? 1 : 0], 0, n, out);
    grad.set(out.subarray(0, p));
    if (withHessian) hess.set(out.subarray(p));
    for (let j = 0; j < d; j++) grad[j]! += beta[j]!;
    if (withHessian) {
      for (let j = 0; j < d; j++) hess[j * p + j]! += 1;
      factor = cholesky(hess, p, COLLINEAR);
    }
    lastFactor = factor;
    const step = choleskySolve(factor!, grad, p);
    let maxStep = 0;
    for (let j = 0; j < p; j++) {
      beta[j]! -= step[j]!;
      maxStep = Math.max(maxStep, Math.abs(step[j]!));
    }
    control?.onProgress?.(Math.min(0.99, (it + 1) / 10), `Newton step ${it + 1}: largest change ${maxStep.toExponential(2)}`);
    if (maxStep < stepTol) return { iterations: it + 1, factor: lastFactor };
    // Pure Newton unless asked; a reused factor is dropped as soon as the steps stop shrinking fast.
    if (!reuseHessian || maxStep > 0.5 * lastStep) factor = null;
    lastStep = maxStep;
  }
  return { iterations: it, factor: lastFactor };
}

export function predictLogistic(model: LogisticModel, input: Matrix): Float64Array {
  const m = model.imputeValues ? applyImputer(input, model.imputeValues) : input;
  const d = m.cols;
  const out = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) {
    let z = model.intercept;
    for (let j = 0; j < d; j++) z += ((m.data[i * d + j]! - model.scalerMean[j]!) / model.scalerScale[j]!) * model.coefficients[j]!;
    out[i] = sigmoid(z);
  }
  return out;
}
