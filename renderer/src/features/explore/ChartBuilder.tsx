import { useEffect, useMemo, useState } from 'react';
import { Plot } from '../../components/Plot';
import type { ColumnPage } from '../../../../shared/types';
import { buildTraces, CHART_KINDS, chartLayout, type ChartChoice } from './chart-spec';
import { isNumeric } from './grid-model';

/** Plotly chart from any result in a few clicks. */
export function ChartBuilder({ page }: { page: ColumnPage }) {
  const numeric = useMemo(() => page.columns.filter(isNumeric).map((c) => c.name), [page]);
  const names = useMemo(() => page.columns.map((c) => c.name), [page]);
  const [choice, setChoice] = useState<ChartChoice>(() => ({
    kind: 'bar',
    x: names[0] ?? '',
    y: numeric.find((n) => n !== names[0]) ?? numeric[0] ?? null,
    color: null,
  }));
  useEffect(() => {
    // A new result with other columns: keep the choice only where it still fits.
    setChoice((c) => ({
      ...c,
      x: names.includes(c.x) ? c.x : (names[0] ?? ''),
      y: c.y && names.includes(c.y) ? c.y : (numeric.find((n) => n !== names[0]) ?? numeric[0] ?? null),
      color: c.color && names.includes(c.color) ? c.color : null,
    }));
  }, [page]);
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
        {needsY && select('Y', 'y', numeric.length ? numeric : names, choice.kind === 'box')}
        {select('Color', 'color', names, true)}
      </div>
      <Plot data={traces} layout={layout} className="chart" testId="chart" />
    </div>
  );
}
