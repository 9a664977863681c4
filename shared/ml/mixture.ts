/** Gaussian mixture (full covariances) fitted by EM from a k-means start; soft assignments and log-likelihood. */
import { checkCancel, ModelInputError, type FitControl } from './errors';
import { kmeans } from './kmeans';
import { cholesky } from './linalg';
import { requireComplete, type Matrix } from './matrix';

export interface GaussianMixture {
  kind: 'gmm';
  k: number;
  weights: number[];
  means: Float64Array[];
  covariances: Float64Array[];
  /** Mean log-likelihood per row at the end (scikit-learn's lower_bound_). */
  meanLogLikelihood: number;
  iterations: number;
  converged: boolean;
}

const REG = 1e-6; // added to the diagonal, as scikit-learn's reg_covar

export function fitGaussianMixture(
  m: Matrix,
  k: number,
  options: { maxIterations?: number; tolerance?: number; seed?: number } = {},
  control?: FitControl,
): GaussianMixture {
  requireComplete(m);
  const n = m.rows;
  if (k < 1 || k > n) throw new ModelInputError('k', `asks for ${k} components but there are only ${n} rows.`);
  const start = kmeans(m, { k, restarts: 1, seed: options.seed ?? 0 });
  const resp = new Float64Array(n * k);
  for (let i = 0; i < n; i++) resp[i * k + start.labels[i]!] = 1;
  let model = mStep(m, resp, k);
  let prev = -Infinity;
  let it = 0;
  let converged = false;
  let ll = -Infinity;
  for (; it < (options.maxIterations ?? 200); it++) {
    checkCancel(control);
    ll = eStep(m, model, resp, k);
    if (Math.abs(ll - prev) < (options.tolerance ?? 1e-3)) {
      converged = true;
      break;
    }
    prev = ll;
    model = mStep(m, resp, k);
  }
  return { kind: 'gmm', k, ...model, meanLogLikelihood: ll, iterations: it + 1, converged };
}

function mStep(m: Matrix, resp: Float64Array, k: number): { weights: number[]; means: Float64Array[]; covariances: Float64Array[] } {
  const { rows: n, cols: d, data } = m;
  const weights: number[] = [];
  const means: Float64Array[] = [];
  const covariances: Float64Array[] = [];
  for (let c = 0; c < k; c++) {
    let nk = 0;
    const mu = new Float64Array(d);
    for (let i = 0; i < n; i++) {
      const r = resp[i * k + c]!;
      nk += r;
      for (let f = 0; f < d; f++) mu[f]! += r * data[i * d + f]!;
    }
    nk += 10 * Number.EPSILON;
    for (let f = 0; f < d; f++) mu[f]! /= nk;
    const cov = new Float64Array(d * d);
    for (let i = 0; i < n; i++) {
      const r = resp[i * k + c]!;
      if (!r) continue;
      for (let a = 0; a < d; a++) {
        const da = data[i * d + a]! - mu[a]!;
        for (let b = 0; b <= a; b++) cov[a * d + b]! += r * da * (data[i * d + b]! - mu[b]!);
      }
    }
    for (let a = 0; a < d; a++) {
      for (let b = 0; b <= a; b++) cov[b * d + a] = cov[a * d + b] = cov[a * d + b]! / nk;
      cov[a * d + a]! += REG;
    }
    weights.push(nk / n);
    means.push(mu);
    covariances.push(cov);
  }
  return { weights, means, covariances };
}

/** Responsibilities in place; returns the mean log-likelihood. */
function eStep(
  m: Matrix,
  model: { weights: number[]; means: Float64Array[]; covariances: Float64Array[] },
  resp: Float64Array,
  k: number,
): number {
  const { rows: n, cols: d, data } = m;
  const parts = model.covariances.map((cov) => {
    const L = cholesky(cov, d, 'a component collapsed onto too few distinct points; use fewer components.');
    let logDet = 0;
    for (let a = 0; a < d; a++) logDet += 2 * Math.log(L[a * d + a]!);
    return { L, logDet };
  });
  const logp = new Float64Array(k);
  const z = new Float64Array(d);
  let total = 0;
  for (let i = 0; i < n; i++) {
    let max = -Infinity;
    for (let c = 0; c < k; c++) {
      const { L, logDet } = parts[c]!;
      const mu = model.means[c]!;
      // Solve L·z = x − μ; the Mahalanobis distance is ‖z‖².
      let maha = 0;
      for (let a = 0; a < d; a++) {
        let s = data[i * d + a]! - mu[a]!;
        for (let b = 0; b < a; b++) s -= L[a * d + b]! * z[b]!;
        z[a] = s / L[a * d + a]!;
        maha += z[a]! * z[a]!;
      }
      logp[c] = Math.log(model.weights[c]!) - 0.5 * (d * Math.log(2 * Math.PI) + logDet + maha);
      max = Math.max(max, logp[c]!);
    }
    let sum = 0;
    for (let c = 0; c < k; c++) sum += Math.exp(logp[c]! - max);
    const lse = max + Math.log(sum);
    total += lse;
    for (let c = 0; c < k; c++) resp[i * k + c] = Math.exp(logp[c]! - lse);
  }
  return total / n;
}

/** Each row's most likely component, and the mean log-likelihood of the rows under the model. */
export function assignGaussianMixture(m: Matrix, model: GaussianMixture): { labels: Int32Array; meanLogLikelihood: number } {
  requireComplete(m);
  const k = model.k;
  const resp = new Float64Array(m.rows * k);
  const meanLogLikelihood = eStep(m, model, resp, k);
  const labels = new Int32Array(m.rows);
  for (let i = 0; i < m.rows; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (resp[i * k + c]! > resp[i * k + best]!) best = c;
    labels[i] = best;
  }
  return { labels, meanLogLikelihood };
}

/** Bayesian information criterion of a full-covariance mixture on n rows (as scikit-learn's GaussianMixture.bic): lower is better. */
export function mixtureBic(model: GaussianMixture, meanLogLikelihood: number, n: number, d: number): number {
  const parameters = model.k - 1 + model.k * d + (model.k * d * (d + 1)) / 2;
  return -2 * meanLogLikelihood * n + parameters * Math.log(n);
}
