/**
 * Customer lifetime value from an orders summary: BG/NBD for how many purchases a customer will make
 * (and whether they are still active), Gamma-Gamma for what an order is worth, by maximum likelihood
 * (Fader, Hardie & Lee 2005; the likelihoods the `lifetimes` package maximises).
 *
 * Inputs per customer, in one time unit (days here): frequency x = repeat purchase periods, recency
 * t_x = time from the first to the last purchase, T = time from the first purchase to the end of
 * observation, monetary = mean value of the repeat purchases.
 */
import digamma from '@stdlib/math-base-special-digamma';
import gammaln from '@stdlib/math-base-special-gammaln';
import { checkCancel, ModelInputError, type FitControl } from './errors';
import { bfgs, type Objective } from './optimize';

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

/**
 * Maximises a log-likelihood over log-parameters (so they stay positive) by BFGS with its analytic
 * gradient, from two starts (a poor one can stall near a degenerate edge); the better optimum wins.
 * `ll` gives the log-likelihood and its gradient in the parameters themselves.
 */
function maximise(
  ll: (params: number[]) => { f: number; g: number[] },
  dims: number,
  control: FitControl | undefined,
  label: string,
): number[] {
  const objective: Objective = (lp) => {
    const params = lp.map(Math.exp);
    const r = ll(params);
    // d/d(log θ) = θ · d/dθ; minimise the negative.
    return { f: -r.f, g: r.g.map((v, i) => -v * params[i]!) };
  };
  let best: { x: number[]; f: number } | null = null;
  for (const start of [0, 1]) {
    const r = bfgs(objective, new Array<number>(dims).fill(start), {
      maxIterations: 500,
      onIteration: (it) => {
        if (it % 10 === 0) {
          checkCancel(control);
          control?.onProgress?.(Math.min(1, it / 100), `${label}: maximising the likelihood (start ${start + 1}, step ${it})`);
        }
      },
    });
    if (Number.isFinite(r.f) && (!best || r.f < best.f)) best = r;
  }
  if (!best) throw new ModelInputError('customers', `${label}: the likelihood could not be maximised (non-finite).`);
  return best.x;
}

/** The BG/NBD log-likelihood summed over customers, and its gradient in (r, α, a, b). */
export function bgNbdLogLikelihood(
  s: ReturnType<typeof group>,
  r: number,
  alpha: number,
  a: number,
  b: number,
): { f: number; g: number[] } {
  // Terms that depend on x only, once per distinct frequency.
  const byX = new Float64Array(s.maxX + 1);
  const dr = new Float64Array(s.maxX + 1);
  const da = new Float64Array(s.maxX + 1);
  const db = new Float64Array(s.maxX + 1);
  const [lgR, lgAB, lgB, psiR, psiAB, psiB] = [gammaln(r), gammaln(a + b), gammaln(b), digamma(r), digamma(a + b), digamma(b)];
  for (let k = 0; k <= s.maxX; k++) {
    byX[k] = gammaln(r + k) - lgR + lgAB + gammaln(b + k) - lgB - gammaln(a + b + k);
    dr[k] = digamma(r + k) - psiR;
    da[k] = psiAB - digamma(a + b + k);
    db[k] = psiAB + digamma(b + k) - psiB - digamma(a + b + k);
  }
  const logA = Math.log(a);
  const logAlpha = Math.log(alpha);
  let f = 0;
  const g = [0, 0, 0, 0];
  for (let i = 0; i < s.x.length; i++) {
    const x = s.x[i]!;
    const w = s.weight[i]!;
    const lT = Math.log(alpha + s.T[i]!);
    const a3 = -(r + x) * lT;
    if (x === 0) {
      f += w * (byX[0]! + r * logAlpha + a3);
      g[0]! += w * (dr[0]! + logAlpha - lT);
      g[1]! += w * (r / alpha - (r + x) / (alpha + s.T[i]!));
      g[2]! += w * da[0]!;
      g[3]! += w * db[0]!;
      continue;
    }
    const lt = Math.log(alpha + s.tx[i]!);
    const a4 = logA - Math.log(b + x - 1) - (r + x) * lt;
    const m = Math.max(a3, a4);
    const e3 = Math.exp(a3 - m);
    const e4 = Math.exp(a4 - m);
    const w3 = e3 / (e3 + e4);
    const w4 = 1 - w3;
    f += w * (byX[x]! + r * logAlpha + m + Math.log(e3 + e4));
    g[0]! += w * (dr[x]! + logAlpha - w3 * lT - w4 * lt);
    g[1]! += w * (r / alpha - (r + x) * (w3 / (alpha + s.T[i]!) + w4 / (alpha + s.tx[i]!)));
    g[2]! += w * (da[x]! + w4 / a);
    g[3]! += w * (db[x]! - w4 / (b + x - 1));
  }
  return { f, g };
}

export function fitBgNbd(summary: CustomerSummary, control?: FitControl): BgNbdModel {
  const s = group(summary);
  const lp = maximise((p) => bgNbdLogLikelihood(s, p[0]!, p[1]!, p[2]!, p[3]!), 4, control, 'BG/NBD');
  const [r, alpha, a, b] = lp.map(Math.exp) as [number, number, number, number];
  return { kind: 'bgnbd', r, alpha, a, b, logLikelihood: bgNbdLogLikelihood(s, r, alpha, a, b).f, customers: summary.frequency.length };
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
  const maxX = xs.reduce((m, x) => Math.max(m, x), 0);
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
  const ll = (p: number, q: number, v: number): { f: number; g: number[] } => {
    let f = n * (q * Math.log(v) - gammaln(q)) + p * sumXLogM - sumLogM + p * sumXLogX;
    const g = [sumXLogM + sumXLogX, n * (Math.log(v) - digamma(q)), (n * q) / v];
    for (let k = 1; k <= maxX; k++) {
      const c = countOfX[k]!;
      if (!c) continue;
      f += c * (gammaln(p * k + q) - gammaln(p * k));
      const psi = digamma(p * k + q);
      g[0]! += c * k * (psi - digamma(p * k));
      g[1]! += c * psi;
    }
    for (let i = 0; i < n; i++) {
      const l = Math.log(xm[i]! + v);
      f -= (p * xs[i]! + q) * l;
      g[0]! -= xs[i]! * l;
      g[1]! -= l;
      g[2]! -= (p * xs[i]! + q) / (xm[i]! + v);
    }
    return { f, g };
  };
  const lp = maximise((t) => ll(t[0]!, t[1]!, t[2]!), 3, control, 'Gamma-Gamma');
  const [p, q, v] = lp.map(Math.exp) as [number, number, number];
  return { kind: 'gamma_gamma', p, q, v, logLikelihood: ll(p, q, v).f, customers: n };
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
  /** What a reader of the parameters should know (for example a degenerate dropout distribution). */
  notes: string[];
}

/**
 * Above this a + b, the fitted dropout distribution (Beta(a, b)) has next to no spread: the data show
 * one dropout probability for everyone, the likelihood keeps rising as a and b grow together, and only
 * a/(a + b) is determined.
 */
const DEGENERATE_DROPOUT = 1e4;

/** Notes on a BG/NBD fit that a reader of its parameters needs. */
export function bgNbdNotes(m: BgNbdModel): string[] {
  if (m.a + m.b <= DEGENERATE_DROPOUT) return [];
  const p = m.a / (m.a + m.b);
  return [
    `BG/NBD: a (${m.a.toPrecision(3)}) and b (${m.b.toPrecision(3)}) grow without bound: the customers show one dropout ` +
      `probability after each purchase (${p.toPrecision(3)}) rather than a spread of them. Only that ratio is determined; ` +
      'the predictions use it and stay valid, but a and b are not meaningful on their own.',
  ];
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
  return {
    bgnbd,
    gammaGamma,
    pAlive,
    expectedPurchases: expected,
    expectedOrderValue: value,
    clv,
    nonPositiveSpend,
    notes: bgNbdNotes(bgnbd),
  };
}
