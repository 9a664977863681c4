/** More evaluation, as data a chart can use: lift and cumulative gain by decile, threshold choice. */
import { confusion } from './metrics';
import { ModelInputError } from './errors';

export interface DecileRow {
  decile: number;
  rows: number;
  positives: number;
  rate: number;
  /** rate / overall rate. */
  lift: number;
  /** Share of all positives found in this decile and the ones above it. */
  cumulativeGain: number;
}

/** Rows ranked by score (highest first) and cut into ten groups of (nearly) equal size. */
export function liftByDecile(y: ArrayLike<number>, p: ArrayLike<number>): DecileRow[] {
  const n = y.length;
  if (n < 10) throw new ModelInputError('rows', 'need at least 10 rows for deciles.');
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => p[b]! - p[a]! || a - b);
  let total = 0;
  for (let i = 0; i < n; i++) total += y[i]!;
  const overall = total / n;
  const out: DecileRow[] = [];
  let cum = 0;
  for (let d = 0; d < 10; d++) {
    const lo = Math.floor((d * n) / 10);
    const hi = Math.floor(((d + 1) * n) / 10);
    let pos = 0;
    for (let i = lo; i < hi; i++) pos += y[order[i]!]!;
    cum += pos;
    const rate = pos / (hi - lo);
    out.push({
      decile: d + 1,
      rows: hi - lo,
      positives: pos,
      rate,
      lift: overall ? rate / overall : 0,
      cumulativeGain: total ? cum / total : 0,
    });
  }
  return out;
}

/**
 * The threshold that maximises F1, or minimises cost = fpCost·FP + fnCost·FN, over every distinct score.
 */
export function bestThreshold(
  y: ArrayLike<number>,
  p: ArrayLike<number>,
  objective: { kind: 'f1' } | { kind: 'cost'; fpCost: number; fnCost: number },
) {
  const candidates = [...new Set(Array.from(p))].sort((a, b) => a - b);
  let best = { threshold: 0.5, value: objective.kind === 'f1' ? -Infinity : Infinity };
  // Sweep from the highest score down, keeping counts incrementally.
  const order = Array.from({ length: y.length }, (_, i) => i).sort((a, b) => p[b]! - p[a]!);
  let P = 0;
  for (let i = 0; i < y.length; i++) P += y[i]!;
  let tp = 0;
  let fp = 0;
  let at = 0;
  for (let c = candidates.length - 1; c >= 0; c--) {
    const t = candidates[c]!;
    while (at < order.length && p[order[at]!]! >= t) {
      if (y[order[at]!] === 1) tp++;
      else fp++;
      at++;
    }
    const fn = P - tp;
    if (objective.kind === 'f1') {
      const f1 = tp ? (2 * tp) / (2 * tp + fp + fn) : 0;
      if (f1 > best.value) best = { threshold: t, value: f1 };
    } else {
      const cost = objective.fpCost * fp + objective.fnCost * fn;
      if (cost < best.value) best = { threshold: t, value: cost };
    }
  }
  return { ...best, confusion: confusion(y, p, best.threshold) };
}
