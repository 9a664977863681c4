/** Probability calibration: Platt scaling (a logistic fit on the score) and isotonic regression (pool adjacent violators). */
import { fitLogistic, predictLogistic } from './logistic';
import { fromColumns } from './matrix';

/** Probability calibration a classifier can be trained with ('none': its raw probabilities). */
export const CALIBRATION_MODES = ['none', 'platt', 'isotonic'] as const;
export type CalibrationMode = (typeof CALIBRATION_MODES)[number];

export interface Calibrator {
  kind: 'platt' | 'isotonic';
  apply(p: ArrayLike<number>): Float64Array;
}

/** σ(a·s + b) fitted by (nearly unregularised) logistic regression of the labels on the raw score. */
export function plattCalibrator(y: ArrayLike<number>, score: ArrayLike<number>): Calibrator & { a: number; b: number } {
  const m = fromColumns({ s: Array.from(score) }, ['s']);
  const model = fitLogistic(m, y, { C: 1e12, standardize: false });
  const a = model.coefficients[0]!;
  const b = model.intercept;
  return {
    kind: 'platt',
    a,
    b,
    apply: (p) => predictLogistic(model, fromColumns({ s: Array.from(p) }, ['s'])),
  };
}

/** Non-decreasing step function fitted by pool-adjacent-violators, interpolated linearly between steps (as IsotonicRegression). */
export function isotonicCalibrator(y: ArrayLike<number>, score: ArrayLike<number>): Calibrator & { x: number[]; y: number[] } {
  const order = Array.from({ length: y.length }, (_, i) => i).sort((a, b) => score[a]! - score[b]! || y[a]! - y[b]!);
  // Merge equal scores first (their mean label), as scikit-learn does before PAV.
  const xs: number[] = [];
  const sums: number[] = [];
  const ws: number[] = [];
  for (const i of order) {
    const s = score[i]!;
    if (xs.length && xs[xs.length - 1] === s) {
      sums[sums.length - 1]! += y[i]!;
      ws[ws.length - 1]!++;
    } else {
      xs.push(s);
      sums.push(y[i]!);
      ws.push(1);
    }
  }
  // Pool adjacent violators over blocks.
  const blockVal: number[] = [];
  const blockW: number[] = [];
  const blockLen: number[] = [];
  for (let i = 0; i < xs.length; i++) {
    blockVal.push(sums[i]! / ws[i]!);
    blockW.push(ws[i]!);
    blockLen.push(1);
    while (blockVal.length > 1 && blockVal[blockVal.length - 2]! > blockVal[blockVal.length - 1]!) {
      const w = blockW.pop()!;
      const v = blockVal.pop()!;
      const l = blockLen.pop()!;
      const j = blockVal.length - 1;
      blockVal[j] = (blockVal[j]! * blockW[j]! + v * w) / (blockW[j]! + w);
      blockW[j]! += w;
      blockLen[j]! += l;
    }
  }
  const fitted: number[] = [];
  blockVal.forEach((v, b) => {
    for (let k = 0; k < blockLen[b]!; k++) fitted.push(v);
  });
  const apply = (p: ArrayLike<number>) => {
    const out = new Float64Array(p.length);
    for (let i = 0; i < p.length; i++) {
      const v = p[i]!;
      if (v <= xs[0]!) out[i] = fitted[0]!;
      else if (v >= xs[xs.length - 1]!) out[i] = fitted[fitted.length - 1]!;
      else {
        let lo = 0;
        let hi = xs.length - 1;
        while (hi - lo > 1) {
          const mid = (lo + hi) >> 1;
          if (xs[mid]! <= v) lo = mid;
          else hi = mid;
        }
        const t = (v - xs[lo]!) / (xs[hi]! - xs[lo]!);
        out[i] = fitted[lo]! + t * (fitted[hi]! - fitted[lo]!);
      }
    }
    return out;
  };
  return { kind: 'isotonic', x: xs, y: fitted, apply };
}
