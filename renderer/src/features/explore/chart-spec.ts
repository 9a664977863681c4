/** Pure: turns a result page and the user's choices into Plotly traces. */
import type { ColumnPage } from '../../../../shared/types';

export type ChartKind = 'bar' | 'line' | 'scatter' | 'histogram' | 'box';

export interface ChartChoice {
  kind: ChartKind;
  x: string;
  y: string | null;
  color: string | null;
}

export function column(page: ColumnPage, name: string | null): unknown[] | null {
  if (!name) return null;
  const i = page.columns.findIndex((c) => c.name === name);
  return i >= 0 ? (page.data[i] ?? null) : null;
}

export function buildTraces(page: ColumnPage, choice: ChartChoice): Record<string, unknown>[] {
  const x = column(page, choice.x) ?? [];
  const y = column(page, choice.y);
  const color = column(page, choice.color);
  const groups = new Map<string, number[]>();
  for (let i = 0; i < page.rowCount; i++) {
    const key = color ? String(color[i] ?? '(null)') : '';
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(i);
  }
  const pick = (arr: unknown[] | null, idx: number[]) => (arr ? idx.map((i) => arr[i]) : undefined);
  return [...groups.entries()].slice(0, 30).map(([name, idx]) => {
    const base = { name: name || choice.y || choice.x, showlegend: Boolean(color) };
    switch (choice.kind) {
      case 'histogram':
        return { ...base, type: 'histogram', x: pick(x, idx), opacity: color ? 0.65 : 1 };
      case 'box':
        return { ...base, type: 'box', x: y ? pick(x, idx) : undefined, y: pick(y ?? x, idx) };
      case 'scatter':
        return { ...base, type: 'scatter', mode: 'markers', x: pick(x, idx), y: pick(y, idx), marker: { size: 6, opacity: 0.7 } };
      case 'line':
        return { ...base, type: 'scatter', mode: 'lines+markers', x: pick(x, idx), y: pick(y, idx) };
      case 'bar':
      default:
        return { ...base, type: 'bar', x: pick(x, idx), y: pick(y, idx) };
    }
  });
}
