/** Distribution functions from @stdlib (ports of Cephes/Boost), wrapped with the names the engine uses. */
import betaCdf from '@stdlib/stats-base-dists-beta-cdf';
import betaPdf from '@stdlib/stats-base-dists-beta-pdf';
import betaQuantile from '@stdlib/stats-base-dists-beta-quantile';
import chisqCdf from '@stdlib/stats-base-dists-chisquare-cdf';
import normCdf from '@stdlib/stats-base-dists-normal-cdf';
import normPdf from '@stdlib/stats-base-dists-normal-pdf';
import normQuantile from '@stdlib/stats-base-dists-normal-quantile';
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

export const normal = {
  cdf: (x: number) => normCdf(x, 0, 1),
  /** Upper tail, computed without cancellation. */
  sf: (x: number) => normCdf(-x, 0, 1),
  pdf: (x: number) => normPdf(x, 0, 1),
  quantile: (p: number) => normQuantile(p, 0, 1),
};

export const studentT = {
  cdf: (x: number, df: number) => tCdf(x, df),
  sf: (x: number, df: number) => tCdf(-x, df),
  quantile: (p: number, df: number) => tQuantile(p, df),
};

export const chiSquare = {
  sf: (x: number, df: number) => 1 - chisqCdf(x, df),
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
