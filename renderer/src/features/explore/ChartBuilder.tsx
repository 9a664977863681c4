import { useMemo } from 'react';
import { useApp } from '../../store/app-store';
import { Plot } from '../../components/Plot';
import type { ColumnPage } from '../../../../shared/types';
import { buildTraces, CHART_KINDS, chartLayout, fitChoice } from './chart-spec';
import { isNumeric } from './grid-model';

/** Plotly chart from any result in a few clicks. */
export function ChartBuilder({ page }: { page: ColumnPage }) {
  const numeric = useMemo(() => page.columns.filter(isNumeric).map((c) => c.name), [page]);
  const names = useMemo(() => page.columns.map((c) => c.name), [page]);
  // The choice lives in the store (it survives switching to the table and back); a new result with
  // other columns keeps it where it still fits, computed here rather than in an effect (one draw, not two).
  const stored = useApp((s) => s.chartChoice);
  const setChoice = useApp((s) => s.setChartChoice);
  const choice = useMemo(() => fitChoice(page, stored), [page, stored]);
  const traces = useMemo(() => buildTraces(page, choice), [page, choice]);
  const needsY = choice.kind !== 'histogram';

  const layout = useMemo(() => chartLayout(page, choice), [page, choice]);

  const select = (label: string, key: 'x' | 'y' | 'color', options: string[], allowNone: boolean) => (
    <label>
      {label}
      <select aria-label={label} value={choice[key] ?? ''} onChange={(e) => setChoice({ ...choice, [key]: e.target.value || null })}>
        {allowNone && <option value="">(none)</option>}
        {options.map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <div className="chart-builder">
      <div className="chart-controls">
        <div className="segmented" role="group" aria-label="Chart type">
          {CHART_KINDS.map((k) => (
            <button
              key={k}
              className={k === choice.kind ? 'active' : ''}
              aria-pressed={k === choice.kind}
              onClick={() => setChoice({ ...choice, kind: k })}
            >
              {k}
            </button>
          ))}
        </div>
        {select(choice.kind === 'box' ? 'Group' : 'X', 'x', names, false)}
        {needsY && select('Y', 'y', numeric.length ? numeric : names, choice.kind === 'box' || choice.y === null)}
        {select('Color', 'color', names, true)}
      </div>
      <Plot data={traces} layout={layout} className="chart" testId="chart" />
    </div>
  );
}
