/** Drift between the training data and a table to be scored, per feature. */
import { ModelInputError } from './errors';

export const PSI_WARNING = 0.2;

/**
 * Population stability index over the expected (training) sample's deciles:
 * PSI = Σ (aᵢ − eᵢ)·ln(aᵢ/eᵢ), with empty bins floored at 1e-4 so the sum stays finite.
 */
export function psi(
  expected: ArrayLike<number>,
  actual: ArrayLike<number>,
  bins = 10,
): { psi: number; edges: number[]; expectedShare: number[]; actualShare: number[]; warning: boolean } {
  const e = finiteSorted(expected, 'training');
  const a = finiteSorted(actual, 'scored');
  const edges: number[] = [];
  for (let b = 1; b < bins; b++) edges.push(e[Math.floor((b * e.length) / bins)]!);
  const uniq = [...new Set(edges)];
  const share = (xs: Float64Array) => {
    const counts = new Array<number>(uniq.length + 1).fill(0);
    for (const x of xs) {
      let b = 0;
      while (b < uniq.length && x >= uniq[b]!) b++;
      counts[b]!++;
    }
    return counts.map((c) => c / xs.length);
  };
  const es = share(e);
  const as = share(a);
  let total = 0;
  for (let i = 0; i < es.length; i++) {
    const ei = Math.max(es[i]!, 1e-4);
    const ai = Math.max(as[i]!, 1e-4);
    total += (ai - ei) * Math.log(ai / ei);
  }
  return { psi: total, edges: uniq, expectedShare: es, actualShare: as, warning: total > PSI_WARNING };
}

/** Two-sample Kolmogorov–Smirnov statistic D = sup |F₁ − F₂| and its classical asymptotic p-value, Q_KS(√(nm/(n+m))·D). */
export function ks2(sample1: ArrayLike<number>, sample2: ArrayLike<number>): { statistic: number; pValue: number } {
  const x = finiteSorted(sample1, 'training');
  const y = finiteSorted(sample2, 'scored');
  const n = x.length;
  const m = y.length;
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < n && j < m) {
    const v = Math.min(x[i]!, y[j]!);
    while (i < n && x[i]! <= v) i++;
    while (j < m && y[j]! <= v) j++;
    d = Math.max(d, Math.abs(i / n - j / m));
  }
  const en = Math.sqrt((n * m) / (n + m));
  return { statistic: d, pValue: kolmogorovSf(en * d) };
}

/** Survival function of the Kolmogorov distribution: 2 Σ (−1)^(k−1) e^(−2k²x²). */
function kolmogorovSf(x: number): number {
  if (x <= 0) return 1;
  if (x < 0.2) return 1;
  let s = 0;
  for (let k = 1; k < 200; k++) {
    const term = 2 * (k % 2 ? 1 : -1) * Math.exp(-2 * k * k * x * x);
    s += term;
    if (Math.abs(term) < 1e-18) break;
  }
  return Math.min(1, Math.max(0, s));
}

function finiteSorted(xs: ArrayLike<number>, which: string): Float64Array {
  const out = Float64Array.from(Array.from(xs).filter((v) => Number.isFinite(v)));
  if (!out.length) throw new ModelInputError(which, 'has no numeric values to compare.');
  return out.sort();
}
