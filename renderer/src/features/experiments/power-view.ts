import { POWER_FORMULA, runPower, type PowerInput } from '../../../../shared/stats/calculators';
import type { SampleSize } from '../../../../shared/stats/power';
import { fmt, pct, toNumber } from './fields';

export type PowerMetric = 'conversion' | 'continuous';
export type PowerSolve = 'n' | 'mde';

/** What the sample-size form asks: the metric, and whether to solve for n or for the detectable effect. */
export function powerQuestion(v: Record<string, string>): { metric: PowerMetric; solve: PowerSolve } {
  return { metric: v.metric === 'continuous' ? 'continuous' : 'conversion', solve: v.solve === 'mde' ? 'mde' : 'n' };
}

export interface PowerView {
  verdict: string;
  rows: [string, string][];
  curve: { n: number; power: number }[];
  /** The plan on the curve: units in control and the power asked for. */
  marker: { n: number; power: number };
  /** What Save stores with the experiment. */
  saved: Record<string, unknown>;
}

/**
 * The sample-size calculator's answer to what the analyst typed, computed by the shared calculator (`runPower`).
 * Bad input throws its `StatsInputError`, naming the field (a missing or equal target is named `target`).
 */
export function powerView(v: Record<string, string>): PowerView {
  const { metric, solve } = powerQuestion(v);
  const n = (k: string) => toNumber(v[k] ?? '');
  const settings = { alpha: n('alpha'), power: n('power'), variants: n('variants'), ratio: n('ratio') };
  const powerText = pct(settings.power, 0);
  const input: PowerInput = {
    ...settings,
    ...(metric === 'conversion' ? { baseline: n('baseline') } : { sd: n('sd') }),
    ...(solve === 'mde' ? { n: n('n') } : metric === 'conversion' ? { relative_mde: n('relative_mde') } : { mde: n('mde') }),
  };
  const r = runPower(input);
  const at = (x: number) => ({ n: x, power: settings.power });
  if ('mde' in r) {
    const units = input.n!;
    if (r.kind === 'proportions') {
      const m = r.mde;
      const baseline = input.baseline!;
      const verdict = `With ${units.toLocaleString()} users in control you can detect a rise from ${pct(baseline)} to ${pct(m.target)} (${pct(m.relative, 1)} relative) with ${powerText} power.`;
      return {
        verdict,
        rows: [
          ['Detectable rate', pct(m.target)],
          ['Absolute effect', `${(m.absolute * 100).toFixed(3)} pp`],
          ['Relative effect', pct(m.relative, 1)],
        ],
        curve: r.curve,
        marker: at(units),
        saved: { verdict, mde: m.absolute, formula: POWER_FORMULA },
      };
    }
    const sd = input.sd!;
    const verdict = `With ${units.toLocaleString()} units in control you can detect a difference in means of ${fmt(r.mde)} (${fmt(r.mde / sd)} standard deviations) with ${powerText} power.`;
    return {
      verdict,
      rows: [
        ['Detectable difference', fmt(r.mde)],
        ['In standard deviations', fmt(r.mde / sd)],
        ['By the normal approximation', fmt(r.normalApproximation.mde)],
      ],
      curve: r.curve,
      marker: at(units),
      saved: { verdict, mde: r.mde, formula: POWER_FORMULA },
    };
  }
  const size: SampleSize = {
    control: r.control,
    perTreatment: r.perTreatment,
    total: r.total,
    exactControl: r.exactControl,
    alphaPerComparison: r.alphaPerComparison,
  };
  const counts = `${size.control.toLocaleString()} ${r.kind === 'proportions' ? 'users' : 'units'} in control and ${size.perTreatment.toLocaleString()} in each treatment (${size.total.toLocaleString()} in all)`;
  const verdict =
    r.kind === 'proportions'
      ? `You need ${counts} to detect ${pct(input.baseline!)} → ${pct(r.target)} with ${powerText} power.`
      : `You need ${counts} to detect a difference of ${fmt(input.mde!)} with ${powerText} power.`;
  return {
    verdict,
    rows:
      r.kind === 'proportions'
        ? sizeRows(size, [['Target rate', pct(r.target)]])
        : [...sizeRows(size, []), ['Control by the normal approximation', r.normalApproximation.control.toLocaleString()]],
    curve: r.curve,
    marker: at(size.control),
    saved: { verdict, ...size, mde: null, formula: POWER_FORMULA },
  };
}

function sizeRows(size: SampleSize, extra: [string, string][]): [string, string][] {
  return [
    ...extra,
    ['Control', size.control.toLocaleString()],
    ['Per treatment', size.perTreatment.toLocaleString()],
    ['Total', size.total.toLocaleString()],
    ['α per comparison', String(Number(size.alphaPerComparison.toPrecision(4)))],
  ];
}
