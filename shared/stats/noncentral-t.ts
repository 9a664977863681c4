/**
 * CDF of the noncentral t distribution, for the power of t-tests: algorithm AS 243 (Lenth, 1989, Applied
 * Statistics 38:185–189), Guenther's twin series of Poisson-weighted incomplete beta functions.
 */
import betainc from '@stdlib/math-base-special-betainc';
import gammaln from '@stdlib/math-base-special-gammaln';
import { normal } from './dist';

const MAX_TERMS = 1000;
const MAX_ERROR = 1e-13;
const LOG_SQRT_PI = 0.5 * Math.log(Math.PI);
const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

/** P(T ≤ t) for T noncentral t with `df` degrees of freedom and noncentrality `delta`. */
export function noncentralTCdf(t: number, df: number, delta: number): number {
  if (t < 0) return 1 - upperSeries(-t, df, -delta);
  return upperSeries(t, df, delta);
}

/** P(T > t). */
export function noncentralTSf(t: number, df: number, delta: number): number {
  if (t < 0) return upperSeries(-t, df, -delta);
  return 1 - upperSeries(t, df, delta);
}

/** AS 243 for t ≥ 0: P(T ≤ t) = Φ(−δ) + Σ pⱼ·I_x(j + ½, df/2) + qⱼ·I_x(j + 1, df/2), x = t²/(t² + df). */
function upperSeries(t: number, df: number, delta: number): number {
  const lambda = delta * delta;
  if (lambda / 2 > 700) {
    // Poisson weights underflow: the normal approximation of the noncentral t (Abramowitz & Stegun 26.7.10) is exact to many digits here.
    return normal.cdf((t * (1 - 1 / (4 * df)) - delta) / Math.sqrt(1 + (t * t) / (2 * df)));
  }
  let total = 0;
  const x = (t * t) / (t * t + df);
  if (x > 0) {
    let p = 0.5 * Math.exp(-0.5 * lambda);
    let q = SQRT_2_OVER_PI * p * delta;
    let s = 0.5 - p;
    let a = 0.5;
    const b = 0.5 * df;
    const rxb = Math.pow(1 - x, b);
    const logBeta = LOG_SQRT_PI + gammaln(b) - gammaln(a + b);
    let xOdd = betainc(x, a, b, true, false);
    let gOdd = 2 * rxb * Math.exp(a * Math.log(x) - logBeta);
    let xEven = 1 - rxb;
    let gEven = b * x * rxb;
    total = p * xOdd + q * xEven;
    for (let en = 1; en <= MAX_TERMS; en++) {
      a += 1;
      xOdd -= gOdd;
      xEven -= gEven;
      gOdd *= (x * (a + b - 1)) / a;
      gEven *= (x * (a + b - 0.5)) / (a + 0.5);
      p *= lambda / (2 * en);
      q *= lambda / (2 * en + 1);
      s -= p;
      total += p * xOdd + q * xEven;
      if (2 * s * (xOdd - gOdd) <= MAX_ERROR) break;
    }
  }
  return Math.min(1, Math.max(0, total + normal.cdf(-delta)));
}
