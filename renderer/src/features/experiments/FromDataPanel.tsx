import { useEffect, useMemo } from 'react';
import { MAX_VARIANTS, type ExperimentAnalysis } from '../../../../shared/experiment-types';
import { Plot } from '../../components/Plot';
import { pValueLogAxis } from '../../components/plot-axes';
import { forestHeight, forestLabel } from './forest';
import { useApp } from '../../store/app-store';
import { summarizeArms } from '../../../../shared/experiment-summary';
import { fmt, pct, pValue } from './fields';
import type { FromDataChoice } from './experiments-slice';
import { choiceField } from './choice-field';
import { guessColumns, isVariantCandidate } from './guess-columns';
import { ResultCard } from './ResultCard';
import { useAnalysisJob } from './use-analysis-job';
import { usePublishResult } from './use-publish-result';

/** An experiment straight from a loaded table: sufficient statistics come from one DuckDB aggregation. */
export function FromDataPanel() {
  const datasets = useApp((s) => s.datasets);
  const choice = useApp((s) => s.fromData);
  const setChoice = useApp((s) => s.setFromData);
  const dataset = datasets.find((d) => d.id === choice.datasetId) ?? null;
  const ready = Boolean(dataset && choice.unitColumn && choice.variantColumn && choice.metricColumn);
  const winsor = choice.metricKind === 'continuous' && choice.winsorize ? Number(choice.winsorize) : undefined;
  const { analysis, error, job, cancel } = useAnalysisJob(
    ready
      ? {
          datasetId: dataset!.id,
          unitColumn: choice.unitColumn,
          variantColumn: choice.variantColumn,
          metricColumn: choice.metricColumn,
          metricKind: choice.metricKind,
          covariateColumn: choice.metricKind === 'continuous' && choice.covariateColumn ? choice.covariateColumn : undefined,
          breakdownColumn: choice.breakdownColumn || undefined,
          timeColumn: choice.timeColumn || undefined,
          winsorizePercentile: winsor,
          correction: choice.correction,
        }
      : null,
  );
  const errorAt = choiceField(error?.field);
  usePublishResult(analysis);

  // First visit: the first dataset that looks like an experiment.
  useEffect(() => {
    if (choice.datasetId || !datasets.length) return;
    const d = datasets.find((x) => x.columns.some(isVariantCandidate)) ?? datasets[0]!;
    setChoice(guessColumns(d.id, d.columns));
  }, [choice.datasetId, datasets, setChoice]);

  if (!datasets.length)
    return (
      <div className="result-card empty-card">
        Load an assignments table first (one row per user with its variant and metric), then come back here.
      </div>
    );
  const cols = dataset?.columns ?? [];
  const select = (label: string, field: keyof FromDataChoice, options: string[], optional = false) => (
    <label className={`field ${errorAt === field ? 'has-error' : ''}`}>
      <span className="field-label">{label}</span>
      <select
        aria-label={label}
        value={String(choice[field])}
        onChange={(e) => setChoice({ [field]: e.target.value } as Partial<FromDataChoice>)}
      >
        {optional && <option value="">(none)</option>}
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
      {errorAt === field && <span className="field-error">{error!.message}</span>}
    </label>
  );
  const names = cols.map((c) => c.name);
  return (
    <div className="calculator">
      <form className="inputs" onSubmit={(e) => e.preventDefault()}>
        <fieldset>
          <legend>Data</legend>
          <label className={`field ${errorAt === 'datasetId' ? 'has-error' : ''}`}>
            <span className="field-label">Dataset</span>
            <select
              aria-label="Dataset"
              value={choice.datasetId}
              onChange={(e) => {
                const d = datasets.find((x) => x.id === e.target.value);
                if (d) setChoice(guessColumns(d.id, d.columns));
              }}
            >
              {datasets.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name} ({d.rowCount.toLocaleString()} rows)
                </option>
              ))}
            </select>
            {errorAt === 'datasetId' && <span className="field-error">{error!.message}</span>}
          </label>
          {select('Unit (user id)', 'unitColumn', names)}
          {select('Variant', 'variantColumn', names)}
        </fieldset>
        <fieldset>
          <legend>Metric</legend>
          {select('Metric column', 'metricColumn', names)}
          {select('Metric kind', 'metricKind', ['binary', 'continuous'])}
          {choice.metricKind === 'continuous' && select('Pre-period covariate (CUPED)', 'covariateColumn', names, true)}
          {choice.metricKind === 'continuous' && select('Winsorise at percentile', 'winsorize', ['0.95', '0.99', '0.999'], true)}
        </fieldset>
        <fieldset>
          <legend>Segments</legend>
          {select('Breakdown', 'breakdownColumn', names, true)}
          {select('Assignment time (looks)', 'timeColumn', names, true)}
          {select('Correction', 'correction', ['holm', 'bonferroni', 'bh', 'none'])}
        </fieldset>
      </form>
      {analysis ? (
        <AnalysisView a={analysis} />
      ) : job ? (
        <div className="result-card empty-card analysis-progress" role="status" data-testid="analysis-progress">
          <span>{job.message}</span>
          <progress max={1} value={job.progress ?? undefined} />
          <button className="small" onClick={cancel}>
            Cancel
          </button>
        </div>
      ) : (
        <div className="result-card empty-card">
          {error
            ? errorAt
              ? 'Fix the highlighted choice on the left.'
              : error.message
            : ready
              ? 'Starting…'
              : `Choose the columns on the left: the unit, a variant column (at most ${MAX_VARIANTS} arms) and the metric.`}
        </div>
      )}
    </div>
  );
}

function AnalysisView({ a }: { a: ExperimentAnalysis }) {
  const overall = a.comparisons.filter((c) => c.segment === null);
  const segments = a.comparisons.filter((c) => c.segment !== null);
  // Over all arms: the best arm against control and how many differ (with one arm, that arm's verdict).
  const summary = summarizeArms(a);
  const main = summary.best;
  const binary = a.spec.metricKind === 'binary';
  const value = (c: (typeof a.comparisons)[number]) => {
    if (c.conversion) return `${pct(c.conversion.controlRate)} → ${pct(c.conversion.treatmentRate)}`;
    const w = c.continuous!;
    return `${fmt(w.control.mean)} → ${fmt(w.treatment.mean)}`;
  };
  const lift = (c: (typeof a.comparisons)[number]) => {
    const l = c.conversion?.lift ?? c.continuous?.lift ?? null;
    return l === null ? '—' : pct(l, 1);
  };
  const forest = useMemo(() => {
    const rows = a.comparisons.map((c) => {
      const r = c.conversion ?? c.continuous!;
      const scale = binary ? 100 : 1;
      return {
        label: forestLabel(c.segment, c.variant, segments.length > 0),
        d: r.difference * scale,
        lo: r.differenceCi.lower * scale,
        hi: r.differenceCi.upper * scale,
        sig: c.significant,
      };
    });
    return [
      {
        type: 'scatter',
        mode: 'markers',
        x: rows.map((r) => r.d),
        y: rows.map((r) => r.label),
        error_x: { type: 'data', symmetric: false, array: rows.map((r) => r.hi - r.d), arrayminus: rows.map((r) => r.d - r.lo) },
        marker: { size: 10, color: rows.map((r) => (r.sig ? '#2f6fde' : '#8a93a6')) },
        hovertemplate: '%{y}: %{x:.3g}<extra></extra>',
      },
    ];
  }, [a, binary, segments.length]);
  return (
    <div className="analysis" style={{ flex: 1, minWidth: 420 }}>
      {a.warnings.map((w) => (
        <div key={w} className="warning-banner" role="alert">
          {w}
        </div>
      ))}
      <ResultCard
        verdict={summary.headline}
        good={summary.tone}
        rows={[
          ['Units', a.variants.map((v) => `${v.variant}: ${v.units.toLocaleString()}`).join(' · ')],
          ...(overall.length > 1
            ? ([
                [
                  'Arms that differ',
                  `${summary.higher + summary.lower} of ${overall.length} (${summary.higher} higher, ${summary.lower} lower)`,
                ],
                ['Best arm', main.variant],
              ] as [string, string][])
            : []),
          [binary ? 'Conversion rate' : 'Mean per unit', value(main)],
          ['Relative lift', lift(main)],
          ['p-value (adjusted)', `${pValue(main.pValue)} (${pValue(main.adjustedPValue)})`],
          ...(main.cuped ? ([['CUPED variance reduction', pct(main.cuped.varianceReduction, 1)]] as [string, string][]) : []),
          ...(a.winsorizedAt !== null ? ([['Winsorised at', fmt(a.winsorizedAt)]] as [string, string][]) : []),
          ['Computed in', `${a.elapsedMs.toFixed(0)} ms`],
        ]}
        note={`Control: "${a.control}". Sufficient statistics from one DuckDB aggregation; ${a.spec.correction ?? 'holm'} correction across ${segments.length ? 'segments' : 'variants'}.`}
      >
        <Plot
          data={forest}
          layout={{
            xaxis: {
              title: { text: binary ? 'difference (percentage points), 95% CI' : 'difference in mean, 95% CI' },
              zerolinecolor: '#c23b3b',
              zerolinewidth: 2,
            },
            // One row per comparison, every label shown (no skipping), the margin grown to the longest label.
            yaxis: { automargin: true, autorange: 'reversed', type: 'category', dtick: 1, tickfont: { size: 12 } },
            margin: { l: 8, r: 16, t: 8, b: 44 },
          }}
          height={forestHeight(a.comparisons.length)}
          testId="forest"
        />
        {a.sequential && <SequentialView s={a.sequential} />}
        {segments.length > 0 && (
          <table className="segments">
            <thead>
              <tr>
                <th>Segment</th>
                <th>Variant</th>
                <th>{binary ? 'Rate' : 'Mean'}</th>
                <th>Lift</th>
                <th>p</th>
                <th>adjusted p</th>
              </tr>
            </thead>
            <tbody>
              {segments.map((c) => (
                <tr key={`${c.segment}-${c.variant}`} className={c.significant ? 'sig' : ''}>
                  <td>{c.segment}</td>
                  <td>{c.variant}</td>
                  <td>{value(c)}</td>
                  <td>{lift(c)}</td>
                  <td>{pValue(c.pValue)}</td>
                  <td>{pValue(c.adjustedPValue)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </ResultCard>
    </div>
  );
}

function SequentialView({ s }: { s: NonNullable<ExperimentAnalysis['sequential']> }) {
  const data = useMemo(
    () => [
      {
        type: 'scatter',
        mode: 'lines+markers',
        name: 'naive p (peeking)',
        x: s.lookLabels,
        y: s.looks.map((l) => l.naivePValue),
        line: { color: '#d08a00' },
      },
      {
        type: 'scatter',
        mode: 'lines+markers',
        name: 'always-valid p',
        x: s.lookLabels,
        y: s.looks.map((l) => l.alwaysValidPValue),
        line: { color: '#2f6fde' },
      },
      {
        type: 'scatter',
        mode: 'lines',
        name: `α = ${s.alpha}`,
        x: [s.lookLabels[0], s.lookLabels[s.lookLabels.length - 1]],
        y: [s.alpha, s.alpha],
        line: { color: '#c23b3b', dash: 'dot' },
      },
    ],
    [s],
  );
  return (
    <div className="sequential">
      <p className="sequential-verdict" data-testid="sequential-verdict">
        {s.verdict}
      </p>
      <Plot
        data={data}
        layout={{
          yaxis: pValueLogAxis(s.looks.flatMap((l) => [l.naivePValue, l.alwaysValidPValue]).concat(s.alpha)),
          xaxis: { title: { text: 'look' } },
          legend: { orientation: 'h', y: 1.18 },
          margin: { t: 36 },
        }}
        height={240}
        testId="sequential"
      />
    </div>
  );
}
