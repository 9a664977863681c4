import { useEffect, useMemo, useState } from 'react';
import { betaBinomial, type BetaBinomialResult } from '../../../../shared/stats/bayes';
import { twoProportionTest } from '../../../../shared/stats/proportions';
import { conversionVerdict } from '../../../../shared/stats/verdict';
import { Plot } from '../../components/Plot';
import { useApp } from '../../store/app-store';
import { fmt, NumberField, pct, pValue, toNumber } from './fields';
import { DifferenceChart } from './DifferenceChart';
import { ResultCard } from './ResultCard';
import { useCalculation } from './use-calculation';
import { usePublishResult } from './use-publish-result';

export function ConversionCalculator() {
  const v = useApp((s) => s.inputs.conversion);
  const setInput = useApp((s) => s.setInput);
  const field = (name: string, label: string) => (
    <NumberField
      label={label}
      name={name}
      value={v[name] ?? ''}
      onChange={(x) => setInput('conversion', name, x)}
      error={calc.errors[name]}
    />
  );
  const control = { users: toNumber(v['control.users'] ?? ''), conversions: toNumber(v['control.conversions'] ?? '') };
  const treatment = { users: toNumber(v['treatment.users'] ?? ''), conversions: toNumber(v['treatment.conversions'] ?? '') };
  const alpha = toNumber(v.alpha ?? '');
  const calc = useCalculation(() => twoProportionTest(control, treatment, alpha), [v]);
  const bayes = useDebouncedBayes(calc.result ? { control, treatment } : null);
  const r = calc.result;
  usePublishResult(
    useMemo(
      () =>
        r
          ? {
              ...r,
              verdict: conversionVerdict(r),
              bayes: bayes && {
                probabilityToBeatControl: bayes.probabilityToBeatControl,
                expectedLossTreatment: bayes.expectedLossTreatment,
              },
            }
          : null,
      [r, bayes],
    ),
  );

  return (
    <div className="calculator">
      <form className="inputs" onSubmit={(e) => e.preventDefault()}>
        <fieldset>
          <legend>Control</legend>
          {field('control.users', 'Users')}
          {field('control.conversions', 'Conversions')}
        </fieldset>
        <fieldset>
          <legend>Treatment</legend>
          {field('treatment.users', 'Users')}
          {field('treatment.conversions', 'Conversions')}
        </fieldset>
        <fieldset>
          <legend>Test</legend>
          {field('alpha', 'Significance level α')}
        </fieldset>
      </form>
      {r ? (
        <ResultCard
          verdict={conversionVerdict(r)}
          good={r.significant ? (r.difference > 0 ? 'good' : 'bad') : 'neutral'}
          rows={[
            ['Conversion rate', `${pct(r.controlRate)} → ${pct(r.treatmentRate)}`],
            [
              'Difference',
              `${(r.difference * 100).toFixed(3)} pp (CI ${(r.differenceCi.lower * 100).toFixed(3)} to ${(r.differenceCi.upper * 100).toFixed(3)})`,
            ],
            ['Relative lift', r.lift === null ? '—' : `${pct(r.lift)} (CI ${pct(r.liftCi!.lower)} to ${pct(r.liftCi!.upper)})`],
            ['z', fmt(r.z)],
            ['p-value', pValue(r.pValue)],
            ...(bayes
              ? ([
                  ['P(treatment beats control)', pct(bayes.probabilityToBeatControl, 1)],
                  ['Expected loss if shipped', `${(bayes.expectedLossTreatment * 100).toFixed(4)} pp`],
                ] as [string, string][])
              : []),
          ]}
          note="Two-proportion z-test (pooled SE); Wald interval for the difference; delta-method interval for the lift. Bayesian rows: Beta(1, 1) prior."
        >
          <DifferenceChart
            difference={r.difference * 100}
            lower={r.differenceCi.lower * 100}
            upper={r.differenceCi.upper * 100}
            significant={r.significant}
            axis="difference in conversion rate (percentage points)"
            testId="conversion-ci"
          />
          {bayes && <PosteriorChart b={bayes} />}
        </ResultCard>
      ) : (
        <div className="result-card empty-card">{calc.message ?? 'Fix the highlighted field to see the result.'}</div>
      )}
    </div>
  );
}

function PosteriorChart({ b }: { b: BetaBinomialResult }) {
  const data = useMemo(
    () => [
      {
        type: 'scatter',
        mode: 'lines',
        x: b.densities.x.map((x) => x * 100),
        y: b.densities.control,
        name: 'control',
        fill: 'tozeroy',
        line: { color: '#8a93a6' },
      },
      {
        type: 'scatter',
        mode: 'lines',
        x: b.densities.x.map((x) => x * 100),
        y: b.densities.treatment,
        name: 'treatment',
        fill: 'tozeroy',
        line: { color: '#2f6fde' },
      },
    ],
    [b],
  );
  return (
    <Plot
      data={data}
      layout={{
        xaxis: { title: { text: 'conversion rate (%) — posterior density' } },
        yaxis: { showticklabels: false },
        legend: { orientation: 'h' },
      }}
      height={200}
    />
  );
}

/** The Bayesian view costs a few tens of milliseconds: computed once typing pauses. */
function useDebouncedBayes(
  input: { control: { users: number; conversions: number }; treatment: { users: number; conversions: number } } | null,
): BetaBinomialResult | null {
  const [out, setOut] = useState<BetaBinomialResult | null>(null);
  const key = JSON.stringify(input);
  useEffect(() => {
    if (!input) {
      setOut(null);
      return;
    }
    const t = setTimeout(() => {
      try {
        setOut(betaBinomial(input.control, input.treatment, { draws: 20_000 }));
      } catch {
        setOut(null);
      }
    }, 200);
    return () => clearTimeout(t);
  }, [key]);
  return out;
}
