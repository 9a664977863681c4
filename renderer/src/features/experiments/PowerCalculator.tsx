import { useMemo } from 'react';
import { POWER_FORMULA } from '../../../../shared/stats/calculators';
import { powerCurve, powerProportions, sampleSizeProportions } from '../../../../shared/stats/power';
import { Plot } from '../../components/Plot';
import { useApp } from '../../store/app-store';
import { NumberField, pct, toNumber } from './fields';
import { ResultCard } from './ResultCard';
import { useCalculation } from './use-calculation';
import { usePublishResult } from './use-publish-result';

export function PowerCalculator() {
  const v = useApp((s) => s.inputs.power);
  const setInput = useApp((s) => s.setInput);
  const baseline = toNumber(v.baseline ?? '');
  const rel = toNumber(v.relative_mde ?? '');
  const settings = {
    alpha: toNumber(v.alpha ?? ''),
    power: toNumber(v.power ?? ''),
    variants: toNumber(v.variants ?? ''),
    ratio: toNumber(v.ratio ?? ''),
  };
  const calc = useCalculation(() => {
    const target = baseline * (1 + rel);
    const size = sampleSizeProportions(baseline, target, settings);
    return { target, size, curve: powerCurve((n) => powerProportions(baseline, target, n, settings), 2 * size.control) };
  }, [v]);
  const errors: Record<string, string> = { ...calc.errors, relative_mde: calc.errors.target ?? calc.errors.relative_mde ?? '' };
  const field = (name: string, label: string, hint?: string) => (
    <NumberField
      label={label}
      name={name}
      value={v[name] ?? ''}
      onChange={(x) => setInput('power', name, x)}
      error={errors[name] || undefined}
      hint={hint}
    />
  );
  const r = calc.result;
  usePublishResult(useMemo(() => (r ? { target: r.target, ...r.size, formula: POWER_FORMULA } : null), [r]));
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
        {
          type: 'scatter',
          mode: 'markers',
          x: [r.size.control],
          y: [settings.power],
          name: 'required n',
          marker: { size: 10, color: '#c23b3b' },
        },
      ],
    [r],
  );
  return (
    <div className="calculator">
      <form className="inputs" onSubmit={(e) => e.preventDefault()}>
        <fieldset>
          <legend>Metric</legend>
          {field('baseline', 'Baseline conversion rate', 'e.g. 0.2 for 20%')}
          {field('relative_mde', 'Minimum detectable lift (relative)', 'e.g. 0.1 for +10%')}
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
        <ResultCard
          verdict={`You need ${r.size.control.toLocaleString()} users in control and ${r.size.perTreatment.toLocaleString()} in each treatment (${r.size.total.toLocaleString()} in all) to detect ${pct(baseline)} → ${pct(r.target)} with ${pct(settings.power, 0)} power.`}
          good="neutral"
          rows={[
            ['Target rate', pct(r.target)],
            ['Control users', r.size.control.toLocaleString()],
            ['Users per treatment', r.size.perTreatment.toLocaleString()],
            ['Total users', r.size.total.toLocaleString()],
            ['α per comparison', String(Number(r.size.alphaPerComparison.toPrecision(4)))],
          ]}
          note={POWER_FORMULA}
        >
          {chart && (
            <Plot
              data={chart}
              layout={{
                xaxis: { title: { text: 'users in control' } },
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
