/** Positions for forest-style bars of odds ratios: a log scale symmetric around 1, so "no difference" sits in the middle. */

/** Ratios beyond 1/FOREST_MAX_RATIO … FOREST_MAX_RATIO are drawn at the edge. */
export const FOREST_MAX_RATIO = 100;

export interface ForestScale {
  /** The ratio at each edge: 1/max on the left, max on the right. */
  max: number;
  /** A ratio → 0 … 1 across the bar (1 → 0.5). */
  x(ratio: number): number;
}

export function forestScale(rows: readonly { ciLow: number; ciHigh: number }[]): ForestScale {
  const reach = rows.reduce((m, r) => Math.max(m, Math.abs(Math.log(r.ciLow)), Math.abs(Math.log(r.ciHigh))), Math.log(2));
  const half = Math.min(reach, Math.log(FOREST_MAX_RATIO));
  return {
    max: Math.exp(half),
    x: (ratio) => Math.min(1, Math.max(0, 0.5 + Math.log(ratio) / (2 * half))),
  };
}

/** An odds ratio in few digits: 0.043, 0.52, 3.4, 12, 140. */
export function fmtRatio(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x >= 100) return x.toFixed(0);
  if (x >= 10) return x.toFixed(1);
  if (x >= 0.1) return x.toFixed(2);
  return x.toPrecision(2);
}
