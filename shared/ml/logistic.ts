/**
 * L2-regularised logistic regression, as scikit-learn's LogisticRegression(C) minimises it:
 * ½‖w‖² + C·Σ sᵢ·logloss(yᵢ, σ(xᵢ·w + b)) (intercept not penalised), solved by Newton's method
 * with a Cholesky solve (the optimum scikit-learn's newton-cholesky solver reaches).
 */
import { checkCancel, ModelInputError, type FitControl } from './errors';
import { applyImputer, fitImputer, type ImputeStrategy } from './impute';
import { cholesky, choleskySolve } from './linalg';
import { requireComplete, standardize, type Matrix } from './matrix';
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
  const data = readableByPair(m.data, pair);
  // The scaler's pass also finds missing values (a NaN mean); only then is the matrix scanned to name one.
  const scaling =
    options.standardize === false
      ? { mean: new Float64Array(m.cols), scale: new Float64Array(m.cols).fill(1) }
      : standardize({ ...m, data }, pair);
  if (options.standardize === false || scaling.mean.some(Number.isNaN)) requireComplete(m);
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
  const n = m.rows;
  const d = m.cols;
  // The kernels standardise on the fly: no scaled copy of the data is made.
  const mean = sharedArray(Float64Array, d, pair);
  const inv = sharedArray(Float64Array, d, pair);
  for (let j = 0; j < d; j++) {
    mean[j] = scaling.mean[j]!;
    inv[j] = 1 / scaling.scale[j]!;
  }
  const w1 = options.classWeight === 'balanced' ? n / (2 * pos) : 1;
  const w0 = options.classWeight === 'balanced' ? n / (2 * (n - pos)) : 1;
  const p = d + 1; // last parameter is the intercept
  // Large data: start Newton from the optimum on a sample (its objective is rescaled to the full size),
  // so the full passes only polish; the optimum reached is the same.
  const warm = options.warmStart ?? n > WARM_START_ABOVE;
  const start = warm
    ? warmStart({ X: data, y, mean, inv }, n, d, C * (n / WARM_SAMPLE), w0, w1, control, pair)
    : { beta: new Float64Array(p), factor: null };
  const beta = sharedArray(Float64Array, p, pair);
  beta.set(start.beta);
  // The sample's Hessian (its C scaled by n/sample) stands in for the full one; Newton falls back if steps stall.
  const arrays = { X: data, y, beta, mean, inv };
  pair?.begin(arrays, p + p * p);
  let it: number;
  try {
    it = newton(arrays, n, d, C, w0, w1, options.maxIterations ?? 100, warm ? 1e-8 : 1e-10, control, warm, start.factor, pair).iterations;
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

type LogisticArrays = { X: Float64Array; y: Float64Array; mean: Float64Array; inv: Float64Array };

/** Newton on evenly spaced rows, to a looser step: the full passes polish from there. */
function warmStart(
  full: LogisticArrays,
  n: number,
  d: number,
  C: number,
  w0: number,
  w1: number,
  control?: FitControl,
  pair?: Pair,
): { beta: Float64Array; factor: Float64Array | null } {
  const step = n / WARM_SAMPLE;
  const X = sharedArray(Float64Array, WARM_SAMPLE * d, pair);
  const y = sharedArray(Float64Array, WARM_SAMPLE, pair);
  for (let i = 0; i < WARM_SAMPLE; i++) {
    const r = Math.floor(i * step);
    for (let j = 0, from = r * d, to = i * d; j < d; j++) X[to + j] = full.X[from + j]!;
    y[i] = full.y[r]!;
  }
  const beta = sharedArray(Float64Array, d + 1, pair);
  const arrays = { X, y, beta, mean: full.mean, inv: full.inv };
  pair?.begin(arrays, (d + 1) * (d + 2));
  try {
    // Cancellable, but its steps are not reported: the fit's progress counts the full passes.
    const quiet = { isCancelled: control?.isCancelled };
    const { factor } = newton(arrays, WARM_SAMPLE, d, C, w0, w1, 50, WARM_STEP, quiet, false, null, pair);
    control?.onProgress?.(0.05, `Started from the optimum on ${WARM_SAMPLE.toLocaleString('en-US')} evenly spaced rows`);
    return { beta: Float64Array.from(beta), factor };
  } finally {
    pair?.end();
  }
}

/** The sample's optimum is within sampling error (~1e-2) of the full one; polishing it further is wasted. */
const WARM_STEP = 1e-3;

/**
 * Newton steps in place on beta; returns the number of steps taken. With `reuseHessian`, the Cholesky
 * factor of the first Hessian serves later steps (gradient-only passes) while the steps keep shrinking.
 */
function newton(
  arrays: LogisticArrays & { beta: Float64Array },
  n: number,
  d: number,
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
  const p = d + 1;
  const beta = arrays.beta;
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
    runKernel(pair, arrays, 'logistic', [d, C, w0, w1, withHessian ? 1 : 0], 0, n, out);
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
