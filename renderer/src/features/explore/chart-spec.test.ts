import { describe, expect, it } from 'vitest';
import type { ColumnPage } from '../../../../shared/types';
import { buildTraces, chartLayout, defaultChoice, fitChoice } from './chart-spec';

const page = (cols: Record<string, { type: string; values: unknown[] }>): ColumnPage => {
  const entries = Object.entries(cols);
  return {
    columns: entries.map(([name, c]) => ({ name, type: c.type })),
    data: entries.map(([, c]) => c.values) as ColumnPage['data'],
    rowCount: entries[0]![1].values.length,
  };
};

describe('chart spec', () => {
  it('a histogram of a categorical x with a colour column counts each category per group, every group a visible bar trace', () => {
    const p = page({
      device: { type: 'VARCHAR', values: ['web', 'app', 'web', 'web', 'app', 'tablet'] },
      variant: { type: 'VARCHAR', values: ['a', 'a', 'a', 'b', 'b', 'b'] },
    });
    const traces = buildTraces(p, { kind: 'histogram', x: 'device', y: null, color: 'variant' });
    expect(traces).toHaveLength(2);
    expect(traces.map((t) => [t.type, t.name, t.x, t.y])).toEqual([
      ['bar', 'a', ['app', 'tablet', 'web'], [1, 0, 2]],
      ['bar', 'b', ['app', 'tablet', 'web'], [1, 1, 1]],
    ]);
    expect(traces.every((t) => t.opacity === undefined && t.visible === undefined)).toBe(true);
    expect(chartLayout(p, { kind: 'histogram', x: 'device', y: null, color: 'variant' }).barmode).toBe('stack');
  });

  it('bars of several colour groups are grouped, never overlaid', () => {
    const p = page({ k: { type: 'VARCHAR', values: ['x'] }, n: { type: 'BIGINT', values: [1] } });
    expect(chartLayout(p, { kind: 'bar', x: 'k', y: 'n', color: 'k' }).barmode).toBe('group');
  });

  it('a line chart with a colour column sorts each series by x', () => {
    const p = page({
      day: { type: 'DATE', values: ['2026-01-03', '2026-01-01', '2026-01-02', '2026-01-02', '2026-01-01'] },
      n: { type: 'BIGINT', values: [3, 1, 2, 20, 10] },
      g: { type: 'VARCHAR', values: ['a', 'a', 'a', 'b', 'b'] },
    });
    const traces = buildTraces(p, { kind: 'line', x: 'day', y: 'n', color: 'g' });
    expect(traces.map((t) => [t.name, t.x, t.y])).toEqual([
      ['a', ['2026-01-01', '2026-01-02', '2026-01-03'], [1, 2, 3]],
      ['b', ['2026-01-01', '2026-01-02'], [10, 20]],
    ]);
  });

  it('sorts numeric x by value, not as text', () => {
    const p = page({ x: { type: 'BIGINT', values: [10, 9, 100] }, y: { type: 'BIGINT', values: [1, 2, 3] } });
    expect(buildTraces(p, { kind: 'line', x: 'x', y: 'y', color: null })[0]!.x).toEqual([9, 10, 100]);
  });

  it('a year axis has no thousands separators', () => {
    const p = page({ birth_year: { type: 'BIGINT', values: [1950, 2006] }, n: { type: 'BIGINT', values: [1, 2] } });
    const layout = chartLayout(p, { kind: 'bar', x: 'birth_year', y: 'n', color: null });
    expect(layout.xaxis).toMatchObject({ tickformat: 'd' });
    expect(layout.yaxis).not.toHaveProperty('tickformat');
  });

  it('bins dates and timestamps as milliseconds on a date axis', () => {
    const p = page({
      ts: { type: 'TIMESTAMP', values: ['2025-01-03 15:56:24', null, '2025-02-01 00:00:00.5'] },
      d: { type: 'DATE', values: ['2025-01-03', '2025-01-04', 'x'] },
    });
    expect(buildTraces(p, { kind: 'histogram', x: 'ts', y: null, color: null })[0]!.x).toEqual([
      Date.UTC(2025, 0, 3, 15, 56, 24),
      null,
      Date.UTC(2025, 1, 1, 0, 0, 0, 500),
    ]);
    expect(buildTraces(p, { kind: 'histogram', x: 'd', y: null, color: null })[0]!.x).toEqual([
      Date.UTC(2025, 0, 3),
      Date.UTC(2025, 0, 4),
      null,
    ]);
    expect(chartLayout(p, { kind: 'histogram', x: 'ts', y: null, color: null }).xaxis).toMatchObject({ type: 'date' });
  });

  it('starts with a chart that reads at the size of the result', () => {
    const many = (n: number, f: (i: number) => unknown) => Array.from({ length: n }, (_, i) => f(i));
    const events = (n: number) =>
      page({
        ts: { type: 'TIMESTAMP', values: many(n, (i) => i) },
        kind: { type: 'VARCHAR', values: many(n, (i) => `k${i % 3}`) },
        amount: { type: 'DOUBLE', values: many(n, (i) => i / 2) },
      });
    expect(defaultChoice(events(10))).toEqual({ kind: 'bar', x: 'ts', y: 'amount', color: null });
    expect(defaultChoice(events(10_000))).toEqual({ kind: 'line', x: 'ts', y: 'amount', color: null });
    const noNumbers = page({ ts: { type: 'TIMESTAMP', values: [1, 2] }, kind: { type: 'VARCHAR', values: ['a', 'b'] } });
    expect(defaultChoice(noNumbers)).toEqual({ kind: 'histogram', x: 'ts', y: null, color: null });
    const byKind = page({
      kind: { type: 'VARCHAR', values: many(1000, (i) => `k${i % 3}`) },
      v: { type: 'DOUBLE', values: many(1000, (i) => i) },
    });
    expect(defaultChoice(byKind).kind).toBe('box');
    const twoNumbers = page({ a: { type: 'BIGINT', values: many(1000, (i) => i) }, b: { type: 'DOUBLE', values: many(1000, (i) => i) } });
    expect(defaultChoice(twoNumbers)).toEqual({ kind: 'scatter', x: 'a', y: 'b', color: null });
  });

  it('keeps the last choice where it fits a new result, as the same object when nothing changes', () => {
    const p = page({ week: { type: 'DATE', values: [] }, kind: { type: 'VARCHAR', values: [] }, n: { type: 'BIGINT', values: [] } });
    expect(defaultChoice(p)).toEqual({ kind: 'bar', x: 'week', y: 'n', color: null });
    const kept = { kind: 'line' as const, x: 'week', y: 'n', color: 'kind' };
    expect(fitChoice(p, kept)).toBe(kept);
    const other = page({ a: { type: 'VARCHAR', values: [] }, m: { type: 'DOUBLE', values: [] } });
    expect(fitChoice(other, kept)).toEqual({ kind: 'line', x: 'a', y: 'm', color: null });
    expect(fitChoice(other, null)).toEqual(defaultChoice(other));
  });
});
