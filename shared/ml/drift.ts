/** Drift between the training data and a table to be scored, per feature. */
import { ModelInputError } from './errors';
import { ksTwoSample, type KsResult } from './ks';
import { categoryCounts, type RawFeatures } from './preprocess';
import { seededUniform } from './random';

export const PSI_WARNING = 0.2;

/**
 * Population stability index over the expected (training) sample's deciles:
 * PSI = Σ (aᵢ − eᵢ)·ln(aᵢ/eᵢ), with empty bins floored at 1e-4 so the sum stays finite.
 * Bin edges are the sample's quantiles at 10%, 20%, … 90% with linear interpolation between order
 * statistics (NumPy's default), repeated edges merged; a value equal to an edge falls in the bin above it.
 */
export function psi(
  expected: ArrayLike<number>,
  actual: ArrayLike<number>,
  bins = 10,
): { psi: number; edges: number[]; expectedShare: number[]; actualShare: number[]; warning: boolean } {
  const e = finiteSorted(expected, 'training');
  const a = finiteSorted(actual, 'scored');
  const edges: number[] = [];
  for (let b = 1; b < bins; b++) edges.push(quantileLinear(e, b / bins));
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
  const total = psiOfShares(es, as);
  return { psi: total, edges: uniq, expectedShare: es, actualShare: as, warning: total > PSI_WARNING };
}

/** NumPy's default quantile of sorted values: position q·(n − 1), linear between neighbours (its lerp, exact at both ends). */
export function quantileLinear(sorted: Float64Array, q: number): number {
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const t = pos - lo;
  const a = sorted[lo]!;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)]!;
  return t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t;
}

/** Σ (aᵢ − eᵢ)·ln(aᵢ/eᵢ) over matching shares, each floored at 1e-4 so empty bins keep the sum finite. */
function psiOfShares(expected: number[], actual: number[]): number {
  let total = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = Math.max(expected[i]!, 1e-4);
    const a = Math.max(actual[i]!, 1e-4);
    total += (a - e) * Math.log(a / e);
  }
  return total;
}

/** Two-sample Kolmogorov–Smirnov statistic D = sup |F₁ − F₂| and its two-sided p-value, as SciPy's ks_2samp (see ks.ts). */
export function ks2(sample1: ArrayLike<number>, sample2: ArrayLike<number>): KsResult {
  return ksTwoSample(finiteSorted(sample1, 'training'), finiteSorted(sample2, 'scored'));
}

function finiteSorted(xs: ArrayLike<number>, which: string): Float64Array {
  const out = Float64Array.from(Array.from(xs).filter((v) => Number.isFinite(v)));
  if (!out.length) throw new ModelInputError(which, 'has no numeric values to compare.');
  return out.sort();
}

/** What the training data looked like, kept with the model: a sample per numeric column, category shares per text column. */
export interface DriftReference {
  numeric: { name: string; sample: number[] }[];
  categorical: { name: string; shares: Record<string, number> }[];
}

export interface FeatureDrift {
  feature: string;
  kind: 'numeric' | 'categorical';
  psi: number;
  /** Two-sample Kolmogorov–Smirnov (numeric columns). */
  ks: number | null;
  pValue: number | null;
  warning: boolean;
}

/** Categories beyond the most frequent ones share one bucket. */
const OTHER = '\u0000other';

/**
 * A reference from training rows: up to `size` values per numeric column (a seeded sample) and the
 * shares of the 50 most frequent categories per text column (the rest as one bucket; missing as "").
 */
export function driftReference(raw: RawFeatures, rows: ArrayLike<number>, seed = 0, size = 1000): DriftReference {
  const rand = seededUniform(seed);
  const pick = Array.from(rows);
  for (let i = pick.length - 1; i > 0 && pick.length - i <= size; i--) {
    const j = Math.floor(rand() * (i + 1));
    [pick[i], pick[j]] = [pick[j]!, pick[i]!];
  }
  const chosen = pick.slice(Math.max(0, pick.length - size));
  return {
    numeric: raw.numeric.map((c) => ({
      name: c.name,
      sample: chosen.map((i) => c.values[i]!).filter((v) => Number.isFinite(v)),
    })),
    categorical: raw.categorical.map((c) => {
      const { keys, counts } = categoryCounts(c, rows);
      const top = keys
        .map((_, i) => i)
        .sort((a, b) => counts[b]! - counts[a]!)
        .slice(0, 50);
      const shares: Record<string, number> = {};
      let kept = 0;
      for (const i of top) {
        shares[keys[i]!] = counts[i]! / rows.length;
        kept += counts[i]!;
      }
      if (kept < rows.length) shares[OTHER] = (rows.length - kept) / rows.length;
      return { name: c.name, shares };
    }),
  };
}

/**
 * Drift of the data to be scored against the reference, per column: PSI (numeric: over the training
 * sample's deciles; categorical: over the training categories) and, for numeric columns, the KS
 * statistic. `columnOf` maps a training column to the column it is now fed from. At most `maxRows`
 * rows (evenly spaced) are compared.
 */
export function driftReport(
  ref: DriftReference,
  raw: RawFeatures,
  columnOf: (trainingName: string) => string | undefined = (n) => n,
  maxRows = 20_000,
): { features: FeatureDrift[]; warnings: string[] } {
  const step = Math.max(1, Math.floor(raw.rows / maxRows));
  const rows: number[] = [];
  for (let i = 0; i < raw.rows; i += step) rows.push(i);
  const features: FeatureDrift[] = [];
  for (const r of ref.numeric) {
    const name = columnOf(r.name);
    const col = raw.numeric.find((c) => c.name === name);
    if (!col || !r.sample.length) continue;
    const actual = rows.map((i) => col.values[i]!).filter((v) => Number.isFinite(v));
    if (!actual.length) continue;
    const p = psi(r.sample, actual);
    const k = ks2(r.sample, actual);
    features.push({ feature: name!, kind: 'numeric', psi: p.psi, ks: k.statistic, pValue: k.pValue, warning: p.warning });
  }
  for (const r of ref.categorical) {
    const name = columnOf(r.name);
    const col = raw.categorical.find((c) => c.name === name);
    if (!col) continue;
    const { keys, counts } = categoryCounts(col, rows);
    const actual = new Map<string, number>();
    keys.forEach((k, i) => {
      const key = k in r.shares ? k : OTHER;
      actual.set(key, (actual.get(key) ?? 0) + counts[i]! / rows.length);
    });
    const all = [...new Set([...Object.keys(r.shares), ...actual.keys()])];
    const total = psiOfShares(
      all.map((k) => r.shares[k] ?? 0),
      all.map((k) => actual.get(k) ?? 0),
    );
    features.push({ feature: name!, kind: 'categorical', psi: total, ks: null, pValue: null, warning: total > PSI_WARNING });
  }
  const warnings = features
    .filter((f) => f.warning)
    .map(
      (f) => `${f.feature}: population stability index ${f.psi.toFixed(3)} is above ${PSI_WARNING}; the data has drifted from training.`,
    );
  return { features, warnings };
}
