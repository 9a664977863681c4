/** One sentence a product manager can read, from a result. */
import type { WelchResult } from './means';
import { pValueText } from './p-value';
import type { TwoProportionResult } from './proportions';
import type { SrmResult } from './srm';

const pct = (x: number, digits = 1) => `${(100 * x).toFixed(digits)}%`;
const signed = (x: number, digits = 1) => `${x >= 0 ? '+' : '−'}${(100 * Math.abs(x)).toFixed(digits)}%`;
const pFmt = (p: number) => pValueText(p);

export function conversionVerdict(r: TwoProportionResult): string {
  const level = `${Math.round((1 - r.alpha) * 100)}%`;
  const rates = `${pct(r.treatmentRate, 2)} vs ${pct(r.controlRate, 2)}`;
  if (!r.significant) {
    return `No clear difference: treatment converts at ${rates} (${r.lift === null ? 'lift undefined' : signed(r.lift)}), which could be chance (${pFmt(r.pValue)}); keep the test running or accept that any effect is small.`;
  }
  const better = r.difference > 0;
  return `Treatment converts ${better ? 'better' : 'worse'} than control: ${rates}${r.lift === null ? '' : `, a ${signed(r.lift)} relative lift`}; significant at the ${level} level (${pFmt(r.pValue)}).`;
}

export function continuousVerdict(r: WelchResult, metric = 'the metric'): string {
  const level = `${Math.round((1 - r.alpha) * 100)}%`;
  const means = `${r.treatment.mean.toFixed(2)} vs ${r.control.mean.toFixed(2)}`;
  if (!r.significant) return `No clear difference in ${metric}: ${means} per user (${pFmt(r.pValue)}); the difference could be chance.`;
  return `Treatment ${r.difference > 0 ? 'raises' : 'lowers'} ${metric}: ${means} per user${r.lift === null ? '' : ` (${signed(r.lift)})`}; significant at the ${level} level (${pFmt(r.pValue)}).`;
}

export function srmVerdict(r: SrmResult): string {
  return r.mismatch
    ? `Warning: the traffic split does not match the plan (${pFmt(r.pValue)}). Something in assignment or logging is broken; do not trust this test's results until it is explained.`
    : `The traffic split matches the plan (${pFmt(r.pValue)}).`;
}
