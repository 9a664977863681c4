import { useMemo } from 'react';
import { POWER_FORMULA } from '../../../../shared/stats/calculators';
import { Plot } from '../../components/Plot';
import { useApp } from '../../store/app-store';
import { NumberField } from './fields';
import { powerQuestion, powerView } from './power-view';
import { ResultCard } from './ResultCard';
import { useCalculation } from './use-calculation';
import { usePublishResult } from './use-publish-result';

/** Sample size for a wanted effect, or the smallest detectable effect for a given sample; conversion or continuous. */
export function PowerCalculator() {
  const v = useApp((s) => s.inputs.power);
  const setInput = useApp((s) => s.setInput);
  const { metric, solve } = powerQuestion(v);
  const calc = useCalculation(() => powerView(v), [v]);
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
  usePublishResult(r?.saved ?? null);
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
        { type: 'scatter', mode: 'markers', x: [r.marker.n], y: [r.marker.power], name: 'plan', marker: { size: 10, color: '#c23b3b' } },
      ],
    [r],
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
