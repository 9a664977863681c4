import { useMemo } from 'react';
import { POWER_FORMULA } from '../../../../shared/stats/calculators';
import {
  mdeMeans,
  mdeMeansNormal,
  mdeProportions,
  powerCurve,
  powerMeans,
  powerProportions,
  sampleSizeMeans,
  sampleSizeProportions,
  type SampleSize,
} from '../../../../shared/stats/power';
import { Plot } from '../../components/Plot';
import { useApp } from '../../store/app-store';
import { fmt, NumberField, pct, toNumber } from './fields';
import { ResultCard } from './ResultCard';
import { useCalculation } from './use-calculation';
import { usePublishResult } from './use-publish-result';

interface PowerResult {
  verdict: string;
  size?: SampleSize;
  mde?: number;
  rows: [string, string][];
  curve: { n: number; power: number }[];
  marker: number;
}

/** Sample size for a wanted effect, or the smallest detectable effect for a given sample; conversion or continuous. */
export function PowerCalculator() {
  const v = useApp((s) => s.inputs.power);
  const setInput = useApp((s) => s.setInput);
  const metric = v.metric === 'continuous' ? 'continuous' : 'conversion';
  const solve = v.solve === 'mde' ? 'mde' : 'n';
  const n = (k: string) => toNumber(v[k] ?? '');
  const settings = { alpha: n('alpha'), power: n('power'), variants: n('variants'), ratio: n('ratio') };
  const calc = useCalculation((): PowerResult => {
    const powerText = pct(settings.power, 0);
    if (metric === 'conversion') {
      const baseline = n('baseline');
      if (solve === 'n') {
        const target = baseline * (1 + n('relative_mde'));
        const size = sampleSizeProportions(baseline, target, settings);
        return {
          verdict: `You need ${size.control.toLocaleString()} users in control and ${size.perTreatment.toLocaleString()} in each treatment (${size.total.toLocaleString()} in all) to detect ${pct(baseline)} → ${pct(target)} with ${powerText} power.`,
          size,
          rows: sizeRows(size, [['Target rate', pct(target)]]),
          curve: powerCurve((x) => powerProportions(baseline, target, x, settings), 2 * size.control),
          marker: size.control,
        };
      }
      const users = n('n');
      const m = mdeProportions(baseline, users, settings);
      return {
        verdict: `With ${users.toLocaleString()} users in control you can detect a rise from ${pct(baseline)} to ${pct(m.target)} (${pct(m.relative, 1)} relative) with ${powerText} power.`,
        mde: m.absolute,
        rows: [
          ['Detectable rate', pct(m.target)],
          ['Absolute effect', `${(m.absolute * 100).toFixed(3)} pp`],
          ['Relative effect', pct(m.relative, 1)],
        ],
        curve: powerCurve((x) => powerProportions(baseline, m.target, x, settings), 2 * users),
        marker: users,
      };
    }
    const sd = n('sd');
    if (solve === 'n') {
      const delta = n('mde');
      const size = sampleSizeMeans(sd, delta, settings);
      return {
        verdict: `You need ${size.control.toLocaleString()} units in control and ${size.perTreatment.toLocaleString()} in each treatment (${size.total.toLocaleString()} in all) to detect a difference of ${fmt(delta)} with ${powerText} power.`,
        size,
        rows: [...sizeRows(size, []), ['Control by the normal approximation', size.normalApproximation.control.toLocaleString()]],
        curve: powerCurve((x) => powerMeans(sd, delta, x, settings), 2 * size.control),
        marker: size.control,
      };
    }
    const units = n('n');
    const mde = mdeMeans(sd, units, settings);
    return {
      verdict: `With ${units.toLocaleString()} units in control you can detect a difference in means of ${fmt(mde)} (${fmt(mde / sd)} standard deviations) with ${powerText} power.`,
      mde,
      rows: [
        ['Detectable difference', fmt(mde)],
        ['In standard deviations', fmt(mde / sd)],
        ['By the normal approximation', fmt(mdeMeansNormal(sd, units, settings))],
      ],
      curve: powerCurve((x) => powerMeans(sd, mde, x, settings), 2 * units),
      marker: units,
    };
  }, [v]);
  const errors: Record<string, string> = { ...calc.errors };
  if (errors.target) errors.relative_mde = errors.target;
  const field = (name: string, label: string, hint?: string) => (
    <NumberField
      label={label}
      name={name}
      value={v[name] ?? ''}
      onChange={(x) => setInput('power', name, x)}
      error={errors[name]}
      hint={hint}
    />
  );
  const choice = (name: string, label: string, options: [string, string][], value: string) => (
    <label className="field">
      <span className="field-label">{label}</span>
      <select aria-label={label} value={value} onChange={(e) => setInput('power', name, e.target.value)}>
        {options.map(([k, t]) => (
          <option key={k} value={k}>
            {t}
          </option>
        ))}
      </select>
    </label>
  );
  const r = calc.result;
  usePublishResult(useMemo(() => (r ? { verdict: r.verdict, ...(r.size ?? {}), mde: r.mde ?? null, formula: POWER_FORMULA } : null), [r]));
  const chart = useMemo(
    () =>
      r && [
        {
          type: 'scatter',
          mode: 'lines',
          x: r.curve.map((p) => p.n),
          y: r.curve.map((p) => p.power),
          name: 'power',
          line: { color: '#2f6fde' },
        },
        { type: 'scatter', mode: 'markers', x: [r.marker], y: [settings.power], name: 'plan', marker: { size: 10, color: '#c23b3b' } },
      ],
    [r, settings.power],
  );
  return (
    <div className="calculator">
      <form className="inputs" onSubmit={(e) => e.preventDefault()}>
        <fieldset>
          <legend>Question</legend>
          {choice(
            'solve',
            'Solve for',
            [
              ['n', 'Sample size'],
              ['mde', 'Detectable effect for a given n'],
            ],
            solve,
          )}
          {choice(
            'metric',
            'Metric',
            [
              ['conversion', 'Conversion rate'],
              ['continuous', 'Continuous (mean)'],
            ],
            metric,
          )}
        </fieldset>
        <fieldset>
          <legend>Metric</legend>
          {metric === 'conversion'
            ? field('baseline', 'Baseline conversion rate', 'e.g. 0.2 for 20%')
            : field('sd', 'Standard deviation of the metric')}
          {solve === 'n'
            ? metric === 'conversion'
              ? field('relative_mde', 'Minimum detectable lift (relative)', 'e.g. 0.1 for +10%')
              : field('mde', 'Minimum detectable difference in means')
            : field('n', 'Units in control')}
        </fieldset>
        <fieldset>
          <legend>Test</legend>
          {field('alpha', 'Significance level α')}
          {field('power', 'Power (1 − β)')}
          {field('variants', 'Variants (incl. control)')}
          {field('ratio', 'Traffic ratio treatment/control')}
        </fieldset>
      </form>
      {r ? (
        <ResultCard verdict={r.verdict} good="neutral" rows={r.rows} note={POWER_FORMULA}>
          {chart && (
            <Plot
              data={chart}
              layout={{
                xaxis: { title: { text: 'units in control' } },
                yaxis: { title: { text: 'power' }, range: [0, 1] },
                showlegend: false,
              }}
              height={240}
              testId="power-curve"
            />
          )}
        </ResultCard>
      ) : (
        <div className="result-card empty-card">{calc.message ?? 'Fix the highlighted field to see the result.'}</div>
      )}
    </div>
  );
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
