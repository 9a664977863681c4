import { useMemo } from 'react';
import { sampleRatioMismatch } from '../../../../shared/stats/srm';
import { srmVerdict } from '../../../../shared/stats/verdict';
import { Plot } from '../../components/Plot';
import { useApp } from '../../store/app-store';
import { fmt, NumberField, pct, pValue, toNumber } from './fields';
import { ResultCard } from './ResultCard';
import { useCalculation } from './use-calculation';
import { usePublishResult } from './use-publish-result';

const list = (s: string) =>
  s
    .split(/[,;\s]+/)
    .filter(Boolean)
    .map(toNumber);

export function SrmCalculator() {
  const v = useApp((s) => s.inputs.srm);
  const setInput = useApp((s) => s.setInput);
  const calc = useCalculation(() => sampleRatioMismatch(list(v.observed ?? ''), list(v.expected_weights ?? '')), [v]);
  const fieldError = (name: string) => Object.entries(calc.errors).find(([k]) => k === name || k.startsWith(`${name}[`))?.[1];
  const r = calc.result;
  usePublishResult(useMemo(() => (r ? { ...r, verdict: srmVerdict(r) } : null), [r]));
  const chart = useMemo(
    () =>
      r && [
        {
          type: 'bar',
          name: 'observed',
          x: r.observedShare.map((_, i) => `variant ${i + 1}`),
          y: list(v.observed ?? ''),
          marker: { color: '#2f6fde' },
        },
        { type: 'bar', name: 'expected', x: r.expected.map((_, i) => `variant ${i + 1}`), y: r.expected, marker: { color: '#c5cad3' } },
      ],
    [r],
  );
  return (
    <div className="calculator">
      <form className="inputs" onSubmit={(e) => e.preventDefault()}>
        <fieldset>
          <legend>Traffic</legend>
          <NumberField
            label="Users per variant"
            name="observed"
            value={v.observed ?? ''}
            onChange={(x) => setInput('srm', 'observed', x)}
            error={fieldError('observed')}
            hint="comma separated, control first"
          />
          <NumberField
            label="Intended split"
            name="expected_weights"
            value={v.expected_weights ?? ''}
            onChange={(x) => setInput('srm', 'expected_weights', x)}
            error={fieldError('expected_weights')}
            hint="shares summing to 1, e.g. 0.5, 0.5"
          />
        </fieldset>
      </form>
      {r ? (
        <ResultCard
          verdict={srmVerdict(r)}
          good={r.mismatch ? 'warn' : 'good'}
          rows={[
            ['Observed shares', r.observedShare.map((s) => pct(s)).join(' / ')],
            ['χ² (df)', `${fmt(r.chiSquare)} (${r.df})`],
            ['p-value', pValue(r.pValue)],
          ]}
          note="Chi-square goodness of fit against the intended split; a mismatch is flagged below p = 0.001."
        >
          {chart && <Plot data={chart} layout={{ barmode: 'group', legend: { orientation: 'h' } }} height={220} />}
        </ResultCard>
      ) : (
        <div className="result-card empty-card">{calc.message ?? 'Fix the highlighted field to see the result.'}</div>
      )}
    </div>
  );
}
