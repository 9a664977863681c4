/** Probability calibration for a classifier: a map fitted on out-of-fold training scores, measured on the test rows. */
import { isotonicCalibrator, plattCalibrator, type CalibrationMode } from '../../../shared/ml/calibration';
import { takeRows, type Matrix } from '../../../shared/ml/matrix';
import { brier, logLoss } from '../../../shared/ml/metrics';
import { stratifiedFolds } from '../../../shared/ml/validation';
import type { CalibrationReport } from '../../../shared/models/types';
import { modelInput, range } from './columns';

/** Folds of the training rows whose held-out scores the calibration map is fitted on (as CalibratedClassifierCV(cv=3)). */
export const CALIBRATION_FOLDS = 3;

export const CALIBRATION_NOTE =
  'The ONNX file outputs the uncalibrated probability; the calibrated one is the map applied to probabilities_1 ' +
  '(Platt: 1 / (1 + exp(-(a·p + b))); isotonic: linear interpolation through the points x → y, constant beyond them).';

/**
 * Fits the map on out-of-fold scores of the training rows (one more fit per fold, so the map never sees
 * scores of rows the model was fitted on), then reports Brier score and log loss on the test rows before and after.
 */
export async function calibrate(
  mode: Exclude<CalibrationMode, 'none'>,
  Xtr: Matrix,
  ytr: number[],
  yte: number[],
  pTest: Float64Array,
  seed: number,
  fit: (X: Matrix, y: number[]) => Promise<(X: Matrix) => Float64Array>,
): Promise<CalibrationReport> {
  const folds = modelInput(() => stratifiedFolds(ytr, CALIBRATION_FOLDS, seed));
  const outOfFold = new Float64Array(ytr.length);
  for (const test of folds) {
    const inTest = new Set(test);
    const rows = range(Xtr.rows).filter((i) => !inTest.has(i));
    const predict = await fit(
      takeRows(Xtr, rows),
      rows.map((i) => ytr[i]!),
    );
    const p = predict(takeRows(Xtr, test));
    test.forEach((row, j) => (outOfFold[row] = p[j]!));
  }
  const calibrator = mode === 'platt' ? plattCalibrator(ytr, outOfFold) : isotonicCalibrator(ytr, outOfFold);
  const after = calibrator.apply(pTest);
  return {
    method: mode,
    before: { brier: brier(yte, pTest), logLoss: logLoss(yte, pTest) },
    after: { brier: brier(yte, after), logLoss: logLoss(yte, after) },
    map:
      'a' in calibrator
        ? { kind: 'platt', a: calibrator.a, b: calibrator.b }
        : { kind: 'isotonic', ...breakpoints(calibrator.x, calibrator.y) },
    fittedOn: { rows: ytr.length, folds: CALIBRATION_FOLDS },
    inOnnx: false,
    note: CALIBRATION_NOTE,
  };
}

/** The points where an isotonic step function bends: the ends of each flat run (the same map under linear interpolation). */
function breakpoints(x: number[], y: number[]): { x: number[]; y: number[] } {
  const keep = x.map((_, i) => i === 0 || i === x.length - 1 || y[i] !== y[i - 1] || y[i] !== y[i + 1]);
  return { x: x.filter((_, i) => keep[i]), y: y.filter((_, i) => keep[i]) };
}
