import { useMemo } from 'react';
import { normalModel } from '../../../../shared/stats/bayes';
import { welchTest } from '../../../../shared/stats/means';
import { continuousVerdict } from '../../../../shared/stats/verdict';
import { useApp } from '../../store/app-store';
import { fmt, NumberField, pct, pValue, toNumber } from './fields';
import { DifferenceChart } from './DifferenceChart';
import { ResultCard } from './ResultCard';
import { useCalculation } from './use-calculation';
import { usePublishResult } from './use-publish-result';

export function ContinuousCalculator() {
  const v = useApp((s) => s.inputs.continuous);
  const setInput = useApp((s) => s.setInput);
  const arm = (k: 'control' | 'treatment') => ({
    n: toNumber(v[`${k}.n`] ?? ''),
    mean: toNumber(v[`${k}.mean`] ?? ''),
    sd: toNumber(v[`${k}.sd`] ?? ''),
  });
  const calc = useCalculation(() => welchTest(arm('control'), arm('treatment'), toNumber(v.alpha ?? '')), [v]);
  const field = (name: string, label: string) => (
    <NumberField
      label={label}
      name={name}
      value={v[name] ?? ''}
      onChange={(x) => setInput('continuous', name, x)}
      error={calc.errors[name]}
    />
  );
  const r = calc.result;
  // The normal model is closed form: cheap enough to recompute on every keystroke.
  const bayes = useMemo(() => (r ? normalModel(r.control, r.treatment) : null), [r]);
  usePublishResult(useMemo(() => (r ? { ...r, verdict: continuousVerdict(r) } : null), [r]));
  return (
    <div className="calculator">
      <form className="inputs" onSubmit={(e) => e.preventDefault()}>
        {(['control', 'treatment'] as const).map((k) => (
          <fieldset key={k}>
            <legend>{k === 'control' ? 'Control' : 'Treatment'}</legend>
            {field(`${k}.n`, 'Units (n)')}
            {field(`${k}.mean`, 'Mean')}
            {field(`${k}.sd`, 'Standard deviation')}
          </fieldset>
        ))}
        <fieldset>
          <legend>Test</legend>
          {field('alpha', 'Significance level α')}
        </fieldset>
      </form>
      {r ? (
        <ResultCard
          verdict={continuousVerdict(r)}
          good={r.significant ? (r.difference > 0 ? 'good' : 'bad') : 'neutral'}
          rows={[
            ['Means', `${fmt(r.control.mean)} → ${fmt(r.treatment.mean)}`],
            ['Difference', `${fmt(r.difference)} (CI ${fmt(r.differenceCi.lower)} to ${fmt(r.differenceCi.upper)})`],
            ['Relative lift', r.lift === null ? '—' : `${pct(r.lift)} (CI ${pct(r.liftCi!.lower)} to ${pct(r.liftCi!.upper)})`],
            ['Welch t (df)', `${fmt(r.t)} (${fmt(r.df, 5)})`],
            ['p-value', pValue(r.pValue)],
            ...(bayes
              ? ([
                  ['P(treatment beats control)', pct(bayes.probabilityToBeatControl, 1)],
                  ['Expected loss if shipped', fmt(bayes.expectedLossTreatment)],
                ] as [string, string][])
              : []),
          ]}
          note="Welch's unequal-variance t-test; t interval for the difference, delta-method interval for the lift. Bayesian rows: flat-prior normal model of the difference."
        >
          <DifferenceChart
            difference={r.difference}
            lower={r.differenceCi.lower}
            upper={r.differenceCi.upper}
            significant={r.significant}
            axis="difference in means"
          />
        </ResultCard>
      ) : (
        <div className="result-card empty-card">{calc.message ?? 'Fix the highlighted field to see the result.'}</div>
      )}
    </div>
  );
}
