/** The headline of a from-data analysis over all its arms: the best arm against control, and how many arms differ. Pure. */
import type { ComparisonResult, ExperimentAnalysis } from './experiment-types';
import { pValueText } from './stats/p-value';

export type Tone = 'good' | 'bad' | 'neutral';

export interface ArmsSummary {
  headline: string;
  tone: Tone;
  /** The arm with the largest estimated effect (the only arm when there is one). */
  best: ComparisonResult;
  /** Arms against control (segments left out). */
  arms: number;
  higher: number;
  lower: number;
}

export const CORRECTION_NAMES: Record<string, string> = { holm: 'Holm', bonferroni: 'Bonferroni', bh: 'Benjamini–Hochberg', none: 'no' };

const pct = (x: number, digits = 2) => `${(100 * x).toFixed(digits)}%`;
const signed = (x: number) => `${x >= 0 ? '+' : '−'}${(100 * Math.abs(x)).toFixed(1)}%`;
const num = (x: number) => (Math.abs(x) >= 1000 ? Math.round(x).toLocaleString('en-US') : String(Number(x.toPrecision(4))));

/** The estimated effect of an arm: difference in rate or in mean against control. */
export const effectOf = (c: ComparisonResult): number => (c.conversion ?? c.continuous)?.difference ?? 0;

/** "12.30% vs 10.00% (+23.0%)" or "41.2 vs 38.9 per unit (+5.9%)". */
export function armValues(c: ComparisonResult): string {
  if (c.conversion) {
    const r = c.conversion;
    return `${pct(r.treatmentRate)} vs ${pct(r.controlRate)}${r.lift === null ? '' : ` (${signed(r.lift)})`}`;
  }
  const r = c.continuous!;
  return `${num(r.treatment.mean)} vs ${num(r.control.mean)} per unit${r.lift === null ? '' : ` (${signed(r.lift)})`}`;
}

export function summarizeArms(a: Pick<ExperimentAnalysis, 'comparisons' | 'control' | 'spec'>): ArmsSummary {
  const overall = a.comparisons.filter((c) => c.segment === null);
  const best = overall.reduce((b, c) => (effectOf(c) > effectOf(b) ? c : b), overall[0]!);
  const higher = overall.filter((c) => c.significant && effectOf(c) > 0).length;
  const lower = overall.filter((c) => c.significant && effectOf(c) < 0).length;
  const toneOf = (c: ComparisonResult): Tone => (c.significant ? (effectOf(c) > 0 ? 'good' : 'bad') : 'neutral');
  if (overall.length === 1) return { headline: best.verdict, tone: toneOf(best), best, arms: 1, higher, lower };

  const correction = CORRECTION_NAMES[a.spec.correction ?? 'holm'] ?? a.spec.correction;
  const n = overall.length;
  const differ = higher + lower;
  const count =
    differ === 0
      ? `none of the ${n} arms differs from control "${a.control}" after ${correction} correction`
      : `${differ} of ${n} arms differ from control "${a.control}" after ${correction} correction (${higher} higher, ${lower} lower)`;
  // With a significant winner, the best of those (a bigger but uncertain estimate does not take the headline).
  const winners = overall.filter((c) => c.significant && effectOf(c) > 0);
  const lead = winners.length ? winners.reduce((b, c) => (effectOf(c) > effectOf(b) ? c : b)) : best;
  const leadText = `${lead.variant}, ${armValues(lead)}, adjusted ${pValueText(lead.adjustedPValue)}`;
  const headline =
    differ === 0
      ? `No clear winner: ${count}. The best estimate is ${leadText}, which could be chance.`
      : higher > 0
        ? `${lead.variant} does best: ${armValues(lead)} against control, adjusted ${pValueText(lead.adjustedPValue)}; ${count}.`
        : `No arm beats control: ${count}. The best estimate is ${leadText}.`;
  return { headline, tone: higher > 0 ? 'good' : lower > 0 ? 'bad' : 'neutral', best: lead, arms: n, higher, lower };
}
