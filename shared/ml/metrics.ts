/** Classification metrics as scikit-learn defines them (roc_auc_score, average_precision_score, log_loss, brier_score_loss, calibration_curve). */
import { ModelInputError } from './errors';

function checkBinary(y: ArrayLike<number>, p: ArrayLike<number>): void {
  if (y.length !== p.length) throw new ModelInputError('scores', `has ${p.length} values for ${y.length} labels.`);
  let pos = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i] !== 0 && y[i] !== 1) throw new ModelInputError('target', `row ${i + 1} is ${y[i]}, not 0 or 1.`);
    pos += y[i]!;
  }
  if (pos === 0 || pos === y.length) throw new ModelInputError('target', 'has only one class; both 0 and 1 are needed.');
}

/** Indices sorted by descending score (stable). */
function byScoreDesc(p: ArrayLike<number>): number[] {
  return Array.from({ length: p.length }, (_, i) => i).sort((a, b) => p[b]! - p[a]! || a - b);
}

/** ROC curve points at every distinct threshold, and the area under it (ties averaged). */
export function roc(y: ArrayLike<number>, p: ArrayLike<number>): { fpr: number[]; tpr: number[]; thresholds: number[]; auc: number } {
  checkBinary(y, p);
  const order = byScoreDesc(p);
  let P = 0;
  for (let i = 0; i < y.length; i++) P += y[i]!;
  const N = y.length - P;
  const fpr = [0];
  const tpr = [0];
  const thresholds = [Infinity];
  let tp = 0;
  let fp = 0;
  let auc = 0;
  for (let i = 0; i < order.length; i++) {
    const idx = order[i]!;
    if (y[idx] === 1) tp++;
    else fp++;
    const last = i + 1 === order.length || p[order[i + 1]!] !== p[idx];
    if (!last) continue;
    const x = fp / N;
    const t = tp / P;
    auc += ((x - fpr[fpr.length - 1]!) * (t + tpr[tpr.length - 1]!)) / 2;
    fpr.push(x);
    tpr.push(t);
    thresholds.push(p[idx]!);
  }
  return { fpr, tpr, thresholds, auc };
}

/** Average precision: Σ (Rₙ − Rₙ₋₁)·Pₙ over distinct thresholds; precision-recall points for a chart. */
export function precisionRecall(
  y: ArrayLike<number>,
  p: ArrayLike<number>,
): { precision: number[]; recall: number[]; averagePrecision: number } {
  checkBinary(y, p);
  const order = byScoreDesc(p);
  let P = 0;
  for (let i = 0; i < y.length; i++) P += y[i]!;
  const precision: number[] = [];
  const recall: number[] = [];
  let tp = 0;
  let ap = 0;
  let prevRecall = 0;
  for (let i = 0; i < order.length; i++) {
    const idx = order[i]!;
    if (y[idx] === 1) tp++;
    const last = i + 1 === order.length || p[order[i + 1]!] !== p[idx];
    if (!last) continue;
    const r = tp / P;
    const pr = tp / (i + 1);
    ap += (r - prevRecall) * pr;
    prevRecall = r;
    precision.push(pr);
    recall.push(r);
  }
  return { precision, recall, averagePrecision: ap };
}

/** Probabilities are clipped to [ε, 1 − ε] with machine epsilon, as scikit-learn's eps='auto'. */
export function logLoss(y: ArrayLike<number>, p: ArrayLike<number>, eps = Number.EPSILON): number {
  checkBinary(y, p);
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    const q = Math.min(1 - eps, Math.max(eps, p[i]!));
    s -= y[i] === 1 ? Math.log(q) : Math.log(1 - q);
  }
  return s / y.length;
}

export function brier(y: ArrayLike<number>, p: ArrayLike<number>): number {
  checkBinary(y, p);
  let s = 0;
  for (let i = 0; i < y.length; i++) s += (p[i]! - y[i]!) ** 2;
  return s / y.length;
}

/** Uniform bins over [0, 1]; only non-empty bins are returned (as calibration_curve). */
export function calibration(
  y: ArrayLike<number>,
  p: ArrayLike<number>,
  bins = 10,
): { meanPredicted: number[]; fractionPositive: number[]; counts: number[] } {
  checkBinary(y, p);
  const sumP = new Float64Array(bins);
  const sumY = new Float64Array(bins);
  const cnt = new Float64Array(bins);
  for (let i = 0; i < y.length; i++) {
    // np.searchsorted(edges[1:-1], p, side='right'): a value on an inner edge goes to the upper bin.
    // np.searchsorted(edges[1:-1], p) with edges as np.linspace computes them (e·step): a value on an edge goes to the lower bin.
    let b = 0;
    for (let e = 1; e < bins; e++) if (p[i]! > e * (1 / bins)) b = e;
    sumP[b]! += p[i]!;
    sumY[b]! += y[i]!;
    cnt[b]!++;
  }
  const out = { meanPredicted: [] as number[], fractionPositive: [] as number[], counts: [] as number[] };
  for (let b = 0; b < bins; b++) {
    if (!cnt[b]) continue;
    out.meanPredicted.push(sumP[b]! / cnt[b]!);
    out.fractionPositive.push(sumY[b]! / cnt[b]!);
    out.counts.push(cnt[b]!);
  }
  return out;
}

export function confusion(y: ArrayLike<number>, p: ArrayLike<number>, threshold = 0.5) {
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (let i = 0; i < y.length; i++) {
    const hit = p[i]! >= threshold;
    if (hit && y[i] === 1) tp++;
    else if (hit) fp++;
    else if (y[i] === 1) fn++;
    else tn++;
  }
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  return { threshold, tp, fp, tn, fn, precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
}

/** Regression fit: R² (1 − SSres/SStot, as scikit-learn's r2_score), MAE, RMSE, and residuals (actual − predicted). */
export function regressionMetrics(
  y: ArrayLike<number>,
  pred: ArrayLike<number>,
): { r2: number; mae: number; rmse: number; residuals: Float64Array } {
  const n = y.length;
  if (pred.length !== n) throw new Error(`regressionMetrics: ${n} actual values but ${pred.length} predictions.`);
  let mean = 0;
  for (let i = 0; i < n; i++) mean += y[i]!;
  mean /= n;
  let ssRes = 0;
  let ssTot = 0;
  let abs = 0;
  const residuals = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = y[i]! - pred[i]!;
    residuals[i] = r;
    ssRes += r * r;
    ssTot += (y[i]! - mean) ** 2;
    abs += Math.abs(r);
  }
  return { r2: ssTot > 0 ? 1 - ssRes / ssTot : Number.NaN, mae: abs / n, rmse: Math.sqrt(ssRes / n), residuals };
}
