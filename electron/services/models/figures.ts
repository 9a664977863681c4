/** The figures a chart or summary shows for a classifier or a regressor (training and evaluate share them). */
import { bestThreshold, liftByDecile } from '../../../shared/ml/evaluation';
import { brier, calibration, confusion, logLoss, precisionRecall, regressionMetrics, roc } from '../../../shared/ml/metrics';
import type { ClassificationFigures, Confusion, RegressionFigures } from '../../../shared/models/types';

/** Curves, scores, the confusion at a threshold, lift and calibration. */
export function classificationFigures(
  y: number[],
  p: Float64Array,
  threshold: number,
): ClassificationFigures & { threshold: number; confusion: Confusion } {
  const r = roc(y, p);
  const pr = precisionRecall(y, p);
  return {
    auc: r.auc,
    averagePrecision: pr.averagePrecision,
    logLoss: logLoss(y, p),
    brier: brier(y, p),
    threshold,
    confusion: confusion(y, p, threshold),
    bestF1Threshold: bestThreshold(y, p, { kind: 'f1' }),
    liftByDecile: liftByDecile(y, p),
    calibration: calibration(y, p, 10),
    roc: { fpr: r.fpr, tpr: r.tpr },
    pr: { precision: pr.precision, recall: pr.recall },
  };
}

/** R², MAE, RMSE, and residuals against predictions for a chart (the first 5,000 rows). */
export function regressionFigures(y: number[], p: Float64Array): RegressionFigures {
  const m = regressionMetrics(y, p);
  const shown = Math.min(5_000, y.length);
  return {
    r2: m.r2,
    mae: m.mae,
    rmse: m.rmse,
    residuals: { predicted: Array.from(p.subarray(0, shown)), residual: Array.from(m.residuals.subarray(0, shown)) },
  };
}
