/** Pure: turns a result page and the user's choices into Plotly traces and the layout they need. */
import type { ColumnPage } from '../../../../shared/types';
import { isNumericType } from '../../../../shared/types';
import { isYearLike } from './format';

export const CHART_KINDS = ['bar', 'line', 'scatter', 'histogram', 'box'] as const;
export type ChartKind = (typeof CHART_KINDS)[number];

/** At most this many colour groups get a trace (a legend of hundreds reads as noise). */
export const MAX_SERIES = 30;

export interface ChartChoice {
  kind: ChartKind;
  x: string;
  y: string | null;
  color: string | null;
}

/** Above this many rows a bar per row is unreadable (and slow to draw): the first chart summarises instead. */
export const MANY_ROWS = 200;

const TEMPORAL_TYPE = /^(DATE|TIMESTAMP|TIME)/;

/**
 * A first chart for a result. A few rows (a group-by): a bar of the first column against the first other
 * numeric one. Many rows: a line over time, a scatter of two numbers, or a box per category. No other
 * numeric column: a histogram of the first column (counts).
 */
export function defaultChoice(page: ColumnPage): ChartChoice {
  const x = page.columns[0];
  if (!x) return { kind: 'bar', x: '', y: null, color: null };
  const y = page.columns.find((c) => c.name !== x.name && isNumericType(c.type))?.name ?? null;
  if (!y) return { kind: 'histogram', x: x.name, y: null, color: null };
  if (page.rowCount <= MANY_ROWS) return { kind: 'bar', x: x.name, y, color: null };
  if (TEMPORAL_TYPE.test(x.type)) return { kind: 'line', x: x.name, y, color: null };
  return { kind: isNumericType(x.type) ? 'scatter' : 'box', x: x.name, y, color: null };
}

/**
 * The analyst's last choice kept where it still fits a new result's columns. Returns the same object
 * when nothing changes, so the chart is not rebuilt and redrawn for nothing.
 */
export function fitChoice(page: ColumnPage, choice: ChartChoice | null): ChartChoice {
  const fallback = defaultChoice(page);
  if (!choice) return fallback;
  const names = new Set(page.columns.map((c) => c.name));
  const x = names.has(choice.x) ? choice.x : fallback.x;
  const y = choice.y && names.has(choice.y) ? choice.y : fallback.y;
  const color = choice.color && names.has(choice.color) ? choice.color : null;
  return x === choice.x && y === choice.y && color === choice.color ? choice : { ...choice, x, y, color };
}

export function column(page: ColumnPage, name: string | null): unknown[] | null {
  if (!name) return null;
  const i = page.columns.findIndex((c) => c.name === name);
  return i >= 0 ? (page.data[i] ?? null) : null;
}

function columnType(page: ColumnPage, name: string | null): string | null {
  return page.columns.find((c) => c.name === name)?.type ?? null;
}

/** Numbers, dates and times sort by value; everything else by its text. */
function compareValues(a: unknown, b: unknown): number {
  if (a === null || a === undefined) return b === null || b === undefined ? 0 : 1;
  if (b === null || b === undefined) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

const label = (v: unknown) => (v === null || v === undefined ? '(null)' : String(v));

export function buildTraces(page: ColumnPage, choice: ChartChoice): Record<string, unknown>[] {
  const x = column(page, choice.x) ?? [];
  const y = column(page, choice.y);
  const color = column(page, choice.color);
  const groups = new Map<string, number[]>();
  for (let i = 0; i < page.rowCount; i++) {
    const key = color ? label(color[i]) : '';
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(i);
  }
  const pick = (arr: unknown[] | null, idx: number[]) => (arr ? idx.map((i) => arr[i]) : undefined);
  const entries = [...groups.entries()].slice(0, MAX_SERIES);
  const xNumeric = isNumericType(columnType(page, choice.x) ?? '');
  const xTemporal = isNaiveTemporal(columnType(page, choice.x));

  // A histogram over categories is a count per category: counted here, one bar trace per colour group
  // over the same category axis, so every group shows and each bar is its real count.
  if (choice.kind === 'histogram' && !xNumeric && !xTemporal) {
    const categories = [...new Set(x.map(label))].sort();
    return entries.map(([name, idx]) => {
      const counts = new Map<string, number>();
      for (const i of idx) counts.set(label(x[i]), (counts.get(label(x[i])) ?? 0) + 1);
      return {
        name: name || 'count',
        showlegend: Boolean(color),
        type: 'bar',
        x: categories,
        y: categories.map((c) => counts.get(c) ?? 0),
      };
    });
  }

  return entries.map(([name, idx]) => {
    const base = { name: name || choice.y || choice.x, showlegend: Boolean(color) };
    switch (choice.kind) {
      case 'histogram':
        return { ...base, type: 'histogram', x: xTemporal ? idx.map((i) => epochMs(x[i])) : pick(x, idx) };
      case 'box':
        return { ...base, type: 'box', x: y ? pick(x, idx) : undefined, y: pick(y ?? x, idx) };
      case 'scatter':
        return { ...base, type: 'scatter', mode: 'markers', x: pick(x, idx), y: pick(y, idx), marker: { size: 6, opacity: 0.7 } };
      case 'line': {
        // A line joins points in x order within its series, or it doubles back.
        const sorted = [...idx].sort((a, b) => compareValues(x[a], x[b]) || a - b);
        return { ...base, type: 'scatter', mode: 'lines+markers', x: pick(x, sorted), y: pick(y, sorted) };
      }
      case 'bar':
      default:
        return { ...base, type: 'bar', x: pick(x, idx), y: pick(y, idx) };
    }
  });
}

/** Dates and timestamps without a time zone: the grid shows them as "YYYY-MM-DD[ hh:mm:ss]". */
function isNaiveTemporal(type: string | null): boolean {
  return type === 'DATE' || (type !== null && type.startsWith('TIMESTAMP') && !type.includes('TIME ZONE'));
}

/**
 * A date or timestamp as milliseconds (read as UTC, as Plotly's date axis reads numbers): Plotly bins
 * numbers several times faster than it parses date strings.
 */
export function epochMs(v: unknown): number | null {
  if (typeof v !== 'string') return null;
  const ms = Date.parse(v.length === 10 ? `${v}T00:00:00Z` : `${v.replace(' ', 'T')}Z`);
  return Number.isNaN(ms) ? null : ms;
}

/** Layout for a choice: bars of several colour groups stand side by side (histograms stack), never overlaid. */
export function chartLayout(page: ColumnPage, choice: ChartChoice): Record<string, unknown> {
  const needsY = choice.kind !== 'histogram';
  const axis = (name: string | null) => {
    const type = columnType(page, name);
    const values = column(page, name);
    // Years are labels, not thousands: 1950, never 1,950.
    return type && values && isYearLike(name ?? '', type, values) ? { tickformat: 'd', separatethousands: false } : {};
  };
  return {
    margin: { l: 56, r: 16, t: 16, b: 48 },
    barmode: choice.kind === 'histogram' ? 'stack' : 'group',
    xaxis: {
      title: { text: choice.x },
      automargin: true,
      ...axis(choice.x),
      ...(choice.kind === 'histogram' && isNaiveTemporal(columnType(page, choice.x)) ? { type: 'date' } : {}),
    },
    yaxis: { title: { text: needsY ? (choice.y ?? '') : 'count' }, automargin: true, ...(needsY ? axis(choice.y) : {}) },
  };
}
