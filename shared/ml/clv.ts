/**
 * Customer lifetime value from an orders summary: BG/NBD for how many purchases a customer will make
 * (and whether they are still active), Gamma-Gamma for what an order is worth, by maximum likelihood
 * (Fader, Hardie & Lee 2005; the likelihoods the `lifetimes` package maximises).
 *
 * Inputs per customer, in one time unit (days here): frequency x = repeat purchase periods, recency
 * t_x = time from the first to the last purchase, T = time from the first purchase to the end of
 * observation, monetary = mean value of the repeat purchases.
 */
import gammaln from '@stdlib/math-base-special-gammaln';
import { checkCancel, ModelInputError, type FitControl } from './errors';
import { nelderMead } from './optimize';

export interface CustomerSummary {
  frequency: ArrayLike<number>;
  recency: ArrayLike<number>;
  T: ArrayLike<number>;
  monetary?: ArrayLike<number>;
}

export interface BgNbdModel {
  kind: 'bgnbd';
  r: number;
  alpha: number;
  a: number;
  b: number;
  /** At the optimum, summed over customers. */
  logLikelihood: number;
  customers: number;
}

export interface GammaGammaModel {
  kind: 'gamma_gamma';
  p: number;
  q: number;
  v: number;
  logLikelihood: number;
  customers: number;
}

/** Customers with the same (x, t_x, T) share a likelihood term: the sums run over distinct triples. */
function group(s: CustomerSummary): { x: Float64Array; tx: Float64Array; T: Float64Array; weight: Float64Array; maxX: number } {
  const n = s.frequency.length;
  if (s.recency.length !== n || s.T.length !== n) throw new ModelInputError('customers', 'frequency, recency and T differ in length.');
  if (!n) throw new ModelInputError('customers', 'there are no customers to fit.');
  const seen = new Map<string, number>();
  const x: number[] = [];
  const tx: number[] = [];
  const T: number[] = [];
  const weight: number[] = [];
  let maxX = 0;
  let repeaters = 0;
  for (let i = 0; i < n; i++) {
    const xi = s.frequency[i]!;
    const ti = s.recency[i]!;
    const Ti = s.T[i]!;
    if (!(Number.isInteger(xi) && xi >= 0))
      throw new ModelInputError('frequency', `customer ${i + 1} has ${xi}; it must be a whole number ≥ 0.`);
    if (!(ti >= 0 && Ti >= ti))
      throw new ModelInputError('recency', `customer ${i + 1} has recency ${ti} and age ${Ti}; need 0 ≤ recency ≤ age.`);
    if (xi > 0) repeaters++;
    const key = `${xi}|${ti}|${Ti}`;
    const at = seen.get(key);
    if (at !== undefined) weight[at]!++;
    else {
      seen.set(key, x.length);
      x.push(xi);
      tx.push(ti);
      T.push(Ti);
      weight.push(1);
    }
    maxX = Math.max(maxX, xi);
  }
  if (!repeaters) throw new ModelInputError('frequency', 'no customer bought more than once; BG/NBD needs repeat purchases.');
  return { x: Float64Array.from(x), tx: Float64Array.from(tx), T: Float64Array.from(T), weight: Float64Array.from(weight), maxX };
}

/** log(e^u + e^v) without overflow. */
function logAddExp(u: number, v: number): number {
  if (u === -Infinity) return v;
  if (v === -Infinity) return u;
  const m = Math.max(u, v);
  return m + Math.log(Math.exp(u - m) + Math.exp(v - m));
}

/** Minimises over log-parameters (so they stay positive): Nelder-Mead, restarted from its own optimum until it stops moving. */
function minimise(f: (logp: number[]) => number, dims: number, control: FitControl | undefined, label: string): number[] {
  // Two starts (a poor one can drift to a degenerate edge, e.g. Gamma-Gamma's p → ∞); the better optimum wins.
  let best: { x: number[]; fx: number } | null = null;
  for (const start of [0, 1]) {
    let x = new Array<number>(dims).fill(start);
    let fx = f(x);
    for (let round = 0; round < 20; round++) {
      checkCancel(control);
      control?.onProgress?.(round / 20, `${label}: optimising (start ${start + 1}, round ${round + 1})`);
      const r = nelderMead(f, x, { maxIterations: 4000, xTolerance: 1e-10, fTolerance: 1e-10, step: round ? 0.05 : 0.5 });
      const moved = fx - r.fx;
      x = r.x;
      fx = r.fx;
      if (!(moved > 1e-9 * Math.max(1, Math.abs(fx)))) break;
    }
    if (!best || fx < best.fx) best = { x, fx };
  }
  if (!Number.isFinite(best!.fx) || best!.fx === Number.MAX_VALUE)
    throw new ModelInputError('customers', `${label}: the likelihood could not be maximised (non-finite).`);
  return best!.x;
}

export function bgNbdLogLikelihood(s: ReturnType<typeof group>, r: number, alpha: number, a: number, b: number): number {
  // Terms that depend on x only, once per distinct frequency.
  const byX = new Float64Array(s.maxX + 1);
  for (let k = 0; k <= s.maxX; k++)
    byX[k] = gammaln(r + k) - gammaln(r) + gammaln(a + b) + gammaln(b + k) - gammaln(b) - gammaln(a + b + k);
  const logA = Math.log(a);
  let ll = 0;
  for (let i = 0; i < s.x.length; i++) {
    const x = s.x[i]!;
    const a3 = -(r + x) * Math.log(alpha + s.T[i]!);
    const a4 = x > 0 ? logA - Math.log(b + x - 1) - (r + x) * Math.log(alpha + s.tx[i]!) : -Infinity;
    ll += s.weight[i]! * (byX[x]! + r * Math.log(alpha) + logAddExp(a3, a4));
  }
  return ll;
}

export function fitBgNbd(summary: CustomerSummary, control?: FitControl): BgNbdModel {
  const s = group(summary);
  const nll = (lp: number[]) => {
    const v = -bgNbdLogLikelihood(s, Math.exp(lp[0]!), Math.exp(lp[1]!), Math.exp(lp[2]!), Math.exp(lp[3]!));
    return Number.isFinite(v) ? v : Number.MAX_VALUE;
  };
  const lp = minimise(nll, 4, control, 'BG/NBD');
  const [r, alpha, a, b] = lp.map(Math.exp) as [number, number, number, number];
  return { kind: 'bgnbd', r, alpha, a, b, logLikelihood: -nll(lp), customers: summary.frequency.length };
}

/** Gauss's hypergeometric series 2F1(a, b; c; z) for 0 ≤ z < 1 (where the BG/NBD expectation needs it). */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  if (!(z >= 0 && z < 1)) throw new RangeError(`hyp2f1: z must be in [0, 1), got ${z}.`);
  let term = 1;
  let sum = 1;
  for (let k = 0; k < 1_000_000; k++) {
    term *= (((a + k) * (b + k)) / ((c + k) * (k + 1))) * z;
    sum += term;
    if (Math.abs(term) <= 1e-16 * Math.abs(sum)) return sum;
  }
  return sum;
}

/** Expected purchases in the next t time units for a customer with (x, t_x, T). */
export function expectedPurchases(m: BgNbdModel, t: number, x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = m;
  const hyp = hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + T + t));
  const first = ((a + b + x - 1) / (a - 1)) * (1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hyp);
  return first / (1 + (x > 0 ? (a / (b + x - 1)) * ((alpha + T) / (alpha + tx)) ** (r + x) : 0));
}

/** Probability the customer is still active at T. */
export function probabilityAlive(m: BgNbdModel, x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = m;
  return 1 / (1 + (x > 0 ? (a / (b + x - 1)) * ((alpha + T) / (alpha + tx)) ** (r + x) : 0));
}

export function fitGammaGamma(summary: CustomerSummary, control?: FitControl): GammaGammaModel {
  const mon = summary.monetary;
  if (!mon) throw new ModelInputError('monetary', 'Gamma-Gamma needs each customer’s average order value.');
  const xs: number[] = [];
  const ms: number[] = [];
  for (let i = 0; i < summary.frequency.length; i++) {
    const x = summary.frequency[i]!;
    if (x <= 0) continue;
    const v = mon[i]!;
    if (!(v > 0)) throw new ModelInputError('monetary', `customer ${i + 1} has average value ${v}; Gamma-Gamma needs values above 0.`);
    xs.push(x);
    ms.push(v);
  }
  if (xs.length < 2) throw new ModelInputError('monetary', 'fewer than two customers bought more than once; Gamma-Gamma cannot be fitted.');
  const n = xs.length;
  const maxX = Math.max(...xs);
  // Sums that do not depend on the parameters.
  let sumXLogM = 0;
  let sumLogM = 0;
  let sumXLogX = 0;
  for (let i = 0; i < n; i++) {
    sumXLogM += xs[i]! * Math.log(ms[i]!);
    sumLogM += Math.log(ms[i]!);
    sumXLogX += xs[i]! * Math.log(xs[i]!);
  }
  const xm = xs.map((x, i) => x * ms[i]!);
  const countOfX = new Float64Array(maxX + 1);
  for (const x of xs) countOfX[x]!++;
  const ll = (p: number, q: number, v: number) => {
    let s = n * (q * Math.log(v) - gammaln(q)) + p * sumXLogM - sumLogM + p * sumXLogX;
    for (let k = 1; k <= maxX; k++) if (countOfX[k]) s += countOfX[k]! * (gammaln(p * k + q) - gammaln(p * k));
    for (let i = 0; i < n; i++) s -= (p * xs[i]! + q) * Math.log(xm[i]! + v);
    return s;
  };
  const nll = (lp: number[]) => {
    const v = -ll(Math.exp(lp[0]!), Math.exp(lp[1]!), Math.exp(lp[2]!));
    return Number.isFinite(v) ? v : Number.MAX_VALUE;
  };
  const lp = minimise(nll, 3, control, 'Gamma-Gamma');
  const [p, q, v] = lp.map(Math.exp) as [number, number, number];
  return { kind: 'gamma_gamma', p, q, v, logLikelihood: -nll(lp), customers: n };
}

/** Expected value of a customer's future orders given x repeat orders averaging mx (the population mean when x = 0). */
export function expectedAverageValue(m: GammaGammaModel, x: number, mx: number): number {
  const { p, q, v } = m;
  if (!(q > 1)) return Number.NaN;
  return x > 0 ? (p * (v + x * mx)) / (p * x + q - 1) : (p * v) / (q - 1);
}

export interface ClvOptions {
  /** Days ahead (default 365). */
  horizon?: number;
  /** Discount per 30-day month (default 0), applied to each month's expected purchases. */
  monthlyDiscount?: number;
}

export interface ClvFit {
  bgnbd: BgNbdModel;
  gammaGamma: GammaGammaModel;
  pAlive: Float64Array;
  expectedPurchases: Float64Array;
  expectedOrderValue: Float64Array;
  clv: Float64Array;
  /** Repeat customers whose average order value was not above 0 (refunds): valued at the population mean. */
  nonPositiveSpend: number;
}

/** Both models fitted, and per customer: P(alive), purchases expected over the horizon, order value, and their (discounted) product. */
export function fitClv(s: CustomerSummary, options: ClvOptions = {}, control?: FitControl): ClvFit {
  const horizon = options.horizon ?? 365;
  const d = options.monthlyDiscount ?? 0;
  if (!(horizon > 0)) throw new ModelInputError('horizon', `must be above 0 days, got ${horizon}.`);
  if (!(d >= 0 && d < 1)) throw new ModelInputError('monthlyDiscount', `must be in [0, 1), got ${d}.`);
  const bgnbd = fitBgNbd(s, control);
  const n = s.frequency.length;
  const monetary = s.monetary ?? new Float64Array(n);
  // Repeat customers with refunds outweighing orders cannot enter Gamma-Gamma; they get the population's value.
  const spendable = Array.from({ length: n }, (_, i) => s.frequency[i]! > 0 && monetary[i]! > 0);
  const nonPositiveSpend = Array.from({ length: n }, (_, i) => s.frequency[i]! > 0 && !spendable[i]).filter(Boolean).length;
  const gammaGamma = fitGammaGamma(
    {
      ...s,
      frequency: Array.from({ length: n }, (_, i) => (spendable[i] ? s.frequency[i]! : 0)),
      monetary,
    },
    control,
  );
  const pAlive = new Float64Array(n);
  const expected = new Float64Array(n);
  const value = new Float64Array(n);
  const clv = new Float64Array(n);
  const months = Math.ceil(horizon / 30);
  for (let i = 0; i < n; i++) {
    if (i % 5000 === 0) checkCancel(control);
    const x = s.frequency[i]!;
    const tx = s.recency[i]!;
    const T = s.T[i]!;
    pAlive[i] = probabilityAlive(bgnbd, x, tx, T);
    expected[i] = expectedPurchases(bgnbd, horizon, x, tx, T);
    value[i] = spendable[i] ? expectedAverageValue(gammaGamma, x, monetary[i]!) : expectedAverageValue(gammaGamma, 0, 0);
    if (d === 0) clv[i] = expected[i]! * value[i]!;
    else {
      let total = 0;
      let before = 0;
      for (let m = 1; m <= months; m++) {
        const upTo = expectedPurchases(bgnbd, Math.min(30 * m, horizon), x, tx, T);
        total += ((upTo - before) * value[i]!) / (1 + d) ** m;
        before = upTo;
      }
      clv[i] = total;
    }
  }
  return { bgnbd, gammaGamma, pAlive, expectedPurchases: expected, expectedOrderValue: value, clv, nonPositiveSpend };
}
