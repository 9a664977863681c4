/**
 * Two-sample Kolmogorov–Smirnov test as SciPy's ks_2samp (two-sided, method 'auto'): the exact p-value
 * when the larger sample has at most 10,000 values, otherwise the distribution of the one-sample
 * statistic D_n at n = round(n₁n₂/(n₁+n₂)) (SciPy's kstwo, after Simard & L'Ecuyer, 2011).
 */
import gammaln from '@stdlib/math-base-special-gammaln';

/** Largest sample size for which the exact p-value is computed (SciPy's MAX_AUTO_N). */
export const KS_EXACT_MAX_N = 10_000;

export interface KsResult {
  statistic: number;
  pValue: number;
  method: 'exact' | 'asymptotic';
}

/** D = sup |F₁ − F₂| over sorted samples, and its p-value. */
export function ksTwoSample(x: Float64Array, y: Float64Array): KsResult {
  const n1 = x.length;
  const n2 = y.length;
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < n1 && j < n2) {
    const v = Math.min(x[i]!, y[j]!);
    while (i < n1 && x[i]! <= v) i++;
    while (j < n2 && y[j]! <= v) j++;
    d = Math.max(d, Math.abs(i / n1 - j / n2));
  }
  if (Math.max(n1, n2) <= KS_EXACT_MAX_N) {
    const g = gcd(n1, n2);
    const lcm = (n1 / g) * n2;
    const h = Math.round(d * lcm);
    const statistic = h / lcm;
    const p = h === 0 ? 1 : n1 === n2 ? outsideSquare(n1, h) : outsideBand(n1, n2, g, h);
    return { statistic, pValue: clip(p), method: 'exact' };
  }
  const [m, n] = n1 >= n2 ? [n1, n2] : [n2, n1];
  return { statistic: d, pValue: clip(kolmogorovSf(roundHalfEven((m * n) / (m + n)), d)), method: 'asymptotic' };
}

/**
 * n₁ = n₂ = n: P(D ≥ h/n) = 2·Σₖ (−1)^(k+1)·C(2n, n−kh)/C(2n, n), the alternating sum nested as
 * 2·A₁(1 − A₂(1 − A₃(…))) with Aₖ the ratio of consecutive terms, so no large terms cancel.
 */
function outsideSquare(n: number, h: number): number {
  let nested = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let ratio = 1;
    for (let j = 0; j < h; j++) ratio = (ratio * (n - k * h - j)) / (n + k * h + j + 1);
    nested = ratio * (1 - nested);
  }
  return 2 * nested;
}

/**
 * Share of the lattice paths from (0, 0) to (m, n) that touch or leave the band |x/m − y/n| < h/lcm
 * (Hodges, 1958), by the recursion on that share itself, b(x, y) = (x·b(x−1, y) + y·b(x, y−1))/(x + y),
 * with b = 1 outside the band (Viehmann, 2021, arXiv:2102.08037): every value stays in [0, 1].
 */
function outsideBand(n1: number, n2: number, g: number, h: number): number {
  const [m, n] = n1 >= n2 ? [n1, n2] : [n2, n1];
  const mg = m / g;
  const ng = n / g;
  const col = new Float64Array(n + 1).fill(1);
  // Inside the band at column x: (ng·x − h)/mg < y < (ng·x + h)/mg.
  const low = (x: number) => Math.max(0, Math.floor((ng * x - h) / mg) + 1);
  const high = (x: number) => Math.min(n + 1, Math.ceil((ng * x + h) / mg));
  let lo = 0;
  for (let y = 0; y < high(0); y++) col[y] = 0;
  for (let x = 1; x <= m; x++) {
    const newLo = Math.min(low(x), n);
    const hi = high(x);
    if (hi <= newLo) return 1;
    for (let y = lo; y < newLo; y++) col[y] = 1;
    lo = newLo;
    let below = lo === 0 ? 0 : 1;
    for (let y = lo; y < hi; y++) {
      below = (x * col[y]! + y * below) / (x + y);
      col[y] = below;
    }
  }
  return col[n]!;
}

/** P(D_n ≥ d) for the one-sample two-sided statistic, choosing the method by region as SciPy's kstwo.sf does. */
export function kolmogorovSf(n: number, d: number): number {
  if (d >= 1) return 0;
  if (d <= 0) return 1;
  const t = n * d;
  if (t <= 1) {
    // Ruben & Gambino: P(D_n ≤ d) = n!/nⁿ·(2t − 1)ⁿ for 1/(2n) ≤ d ≤ 1/n.
    if (t <= 0.5) return 1;
    return 1 - Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
  }
  if (t >= n - 1) return 2 * Math.pow(1 - d, n);
  if (d >= 0.5) return 2 * smirnovSf(n, d);
  const nd2 = t * d;
  if (n <= 140) {
    if (nd2 <= 4) return 1 - durbinCdf(n, d);
    return 2 * smirnovSf(n, d);
  }
  if (nd2 >= 370) return 0;
  if (nd2 >= 2.2) return 2 * smirnovSf(n, d);
  return 1 - (n <= 100_000 && n * Math.pow(d, 1.5) <= 1.4 ? durbinCdf(n, d) : pelzGoodCdf(n, d));
}

/** One-sided P(D⁺_n ≥ d), the exact sum of Birnbaum & Tingey (1951): d·Σⱼ C(n, j)(d + j/n)^(j−1)(1 − d − j/n)^(n−j), in logs. */
function smirnovSf(n: number, d: number): number {
  const last = Math.floor(n * (1 - d) + 1e-12);
  const logNFact = gammaln(n + 1);
  let sum = 0;
  for (let j = 0; j <= last; j++) {
    const a = d + j / n;
    const b = 1 - a;
    if (b <= 0 && n - j > 0) continue;
    const logTerm = logNFact - gammaln(j + 1) - gammaln(n - j + 1) + (j - 1) * Math.log(a) + (n - j > 0 ? (n - j) * Math.log(b) : 0);
    sum += Math.exp(logTerm);
  }
  return d * sum;
}

/** log(n!/nⁿ). */
function logFactorialOverPower(n: number): number {
  return gammaln(n + 1) - n * Math.log(n);
}

/**
 * P(D_n < d) by Durbin's matrix (Marsaglia, Tsang & Wang, 2003): with k = ⌈nd⌉ and h = k − nd, the
 * (k, k) element of Hⁿ times n!/nⁿ, H the (2k−1)-square matrix below; powers kept scaled with a separate exponent.
 */
function durbinCdf(n: number, d: number): number {
  const k = Math.ceil(n * d);
  const m = 2 * k - 1;
  const h = k - n * d;
  const H = new Float64Array(m * m);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) H[i * m + j] = i - j + 1 >= 0 ? 1 : 0;
  for (let i = 0; i < m; i++) {
    H[i * m] = H[i * m]! - Math.pow(h, i + 1);
    H[(m - 1) * m + i] = H[(m - 1) * m + i]! - Math.pow(h, m - i);
  }
  if (2 * h - 1 > 0) H[(m - 1) * m] = H[(m - 1) * m]! + Math.pow(2 * h - 1, m);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < m; j++) {
      let factorial = 1;
      for (let g = 2; g <= i - j + 1; g++) factorial *= g;
      H[i * m + j] = H[i * m + j]! / factorial;
    }
  const { matrix, log } = scaledPower(H, m, n);
  return Math.min(1, Math.exp(Math.log(matrix[(k - 1) * m + (k - 1)]!) + log + logFactorialOverPower(n)));
}

function scaledPower(base: Float64Array, m: number, power: number): { matrix: Float64Array; log: number } {
  const multiply = (a: Float64Array, b: Float64Array) => {
    const out = new Float64Array(m * m);
    for (let i = 0; i < m; i++)
      for (let l = 0; l < m; l++) {
        const ail = a[i * m + l]!;
        if (ail === 0) continue;
        for (let j = 0; j < m; j++) out[i * m + j] = out[i * m + j]! + ail * b[l * m + j]!;
      }
    return out;
  };
  const rescale = (a: Float64Array): number => {
    let max = 0;
    for (const v of a) max = Math.max(max, Math.abs(v));
    if (max === 0 || (max < 1e100 && max > 1e-100)) return 0;
    const s = Math.log(max);
    for (let i = 0; i < a.length; i++) a[i] = a[i]! / max;
    return s;
  };
  let result: Float64Array | null = null;
  let resultLog = 0;
  let sq = base.slice();
  let sqLog = 0;
  for (let p = power; p > 0; p = Math.floor(p / 2)) {
    if (p & 1) {
      if (result) {
        result = multiply(result, sq);
        resultLog += sqLog;
      } else {
        result = sq.slice();
        resultLog = sqLog;
      }
      resultLog += rescale(result);
    }
    if (p > 1) {
      sq = multiply(sq, sq);
      sqLog *= 2;
      sqLog += rescale(sq);
    }
  }
  return { matrix: result!, log: resultLog };
}

/** P(D_n ≤ d) by the Pelz–Good (1976) expansion K₀ + K₁/√n + K₂/n + K₃/n^1.5 in theta-function form, z = d√n. */
function pelzGoodCdf(n: number, d: number): number {
  const z = Math.sqrt(n) * d;
  const z2 = z * z;
  const z4 = z2 * z2;
  const z6 = z4 * z2;
  const PI2 = Math.PI * Math.PI;
  const PI4 = PI2 * PI2;
  const PI6 = PI4 * PI2;
  const logQ = -PI2 / 8 / z2;
  if (logQ < -708) return 0;
  const q = Math.exp(logQ);
  const k1a = -z2;
  const k1b = PI2 / 4;
  const k2a = 6 * z6 + 2 * z4;
  const k2b = ((2 * z4 - 5 * z2) * PI2) / 4;
  const k2c = (PI4 * (1 - 2 * z2)) / 16;
  const k3d = (PI6 * (5 - 30 * z2)) / 64;
  const k3c = (PI4 * (-60 * z2 + 212 * z4)) / 16;
  const k3b = (PI2 * (135 * z4 - 96 * z6)) / 4;
  const k3a = -30 * z6 - 90 * z4 * z4;
  const K = [0, 0, 0, 0];
  const terms = Math.ceil((16 * z) / Math.PI);
  // Σ over odd m = 2k − 1 of cᵢ·q^(m²), by Horner in q⁸ᵏ.
  for (let k = terms; k >= 1; k--) {
    const m2 = (2 * k - 1) ** 2;
    const qk = Math.pow(q, 8 * k);
    const c = [1, k1a + k1b * m2, k2a + k2b * m2 + k2c * m2 * m2, k3a + k3b * m2 + k3c * m2 * m2 + k3d * m2 * m2 * m2];
    for (let i = 0; i < 4; i++) K[i] = K[i]! * qk + c[i]!;
  }
  const s2pi = Math.sqrt(2 * Math.PI);
  const div = [z, 6 * z4, 72 * z6 * z, 6480 * z6 * z4];
  for (let i = 0; i < 4; i++) K[i] = (K[i]! * q * s2pi) / div[i]!;
  // The sums over all k for K₂ and K₃.
  const q2 = Math.exp(-PI2 / 2 / z2);
  let extra2 = 0;
  let extra3 = 0;
  const s3z = Math.sqrt(3) * z;
  for (let k = terms; k >= 1; k--) {
    const k2 = k * k;
    const qp = Math.pow(q2, k2);
    extra2 += k2 * qp;
    extra3 += (s3z + Math.PI * k) * (s3z - Math.PI * k) * k2 * qp;
  }
  K[2] = K[2]! + (extra2 * PI2 * s2pi) / (-36 * z2 * z);
  K[3] = K[3]! + (extra3 * PI2 * s2pi) / (216 * z6);
  return K[0]! + K[1]! / Math.sqrt(n) + K[2]! / n + K[3]! / Math.pow(n, 1.5);
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** NumPy's round: halves go to the even neighbour. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

const clip = (p: number) => Math.min(1, Math.max(0, p));
