/** Distribution functions from @stdlib (ports of Cephes/Boost), wrapped with the names the engine uses. */
import betaCdf from '@stdlib/stats-base-dists-beta-cdf';
import betaPdf from '@stdlib/stats-base-dists-beta-pdf';
import betaQuantile from '@stdlib/stats-base-dists-beta-quantile';
import gammainc from '@stdlib/math-base-special-gammainc';
import normCdf from '@stdlib/stats-base-dists-normal-cdf';
import normPdf from '@stdlib/stats-base-dists-normal-pdf';
import normQuantile from '@stdlib/stats-base-dists-normal-quantile';
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

export const normal = {
  cdf: (x: number) => normCdf(x, 0, 1),
  /** Upper tail as Φ(−x) = erfc(x/√2)/2 (stdlib's normal CDF is erfc-based), so it keeps relative accuracy far out. */
  sf: (x: number) => normCdf(-x, 0, 1),
  pdf: (x: number) => normPdf(x, 0, 1),
  quantile: (p: number) => normQuantile(p, 0, 1),
};

export const studentT = {
  cdf: (x: number, df: number) => tCdf(x, df),
  /** Upper tail as F(−x), an incomplete beta of df/(df + x²): no cancellation. */
  sf: (x: number, df: number) => tCdf(-x, df),
  quantile: (p: number, df: number) => tQuantile(p, df),
};

export const chiSquare = {
  /** Upper tail as the regularized upper incomplete gamma Q(df/2, x/2): no 1 − CDF cancellation, so tiny p-values keep their digits. */
  sf: (x: number, df: number) => (x <= 0 ? 1 : gammainc(x / 2, df / 2, true, true)),
};

export const beta = {
  cdf: (x: number, a: number, b: number) => betaCdf(x, a, b),
  pdf: (x: number, a: number, b: number) => betaPdf(x, a, b),
  quantile: (p: number, a: number, b: number) => betaQuantile(p, a, b),
};

/** Two-sided p-value of a z statistic. */
export function twoSidedZ(z: number): number {
  return Math.min(1, 2 * normal.sf(Math.abs(z)));
}
