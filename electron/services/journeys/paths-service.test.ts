import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../shared/random';
import { SAMPLE_DIR, useWorkbench } from '../test-support';
import { referencePaths, type RefEvent, type RefOptions } from './paths-reference';
import type { PathsResult } from '../../../shared/journeys/paths-types';

const t = useWorkbench();

/** Uniform in [0, 1) from the seeded generator. */
function uniform(seed: number): () => number {
  const next = mulberry32(seed);
  return () => next() / 2 ** 32;
}

/**
 * An event log with what exports really hold: many events at the same second, missing timestamps, rows
 * out of time order, repeated events, gaps longer than a session, and a session column.
 */
function eventLog(seed: number, rows: number): RefEvent[] {
  const rand = uniform(seed);
  const names = ['visit', 'view', 'view', 'cart', 'buy', 'help'];
  const clock = new Map<string, number>();
  const out: RefEvent[] = [];
  for (let i = 0; i < rows; i++) {
    const customer = `c${Math.floor(rand() * 40)}`;
    // Steps of 0 (a tie), a few minutes, or more than the 30-minute gap.
    const u = rand();
    const t = (clock.get(customer) ?? 1_735_689_600) + (u < 0.3 ? 0 : u < 0.85 ? 60 * Math.floor(1 + rand() * 10) : 3600 * 3);
    clock.set(customer, t);
    out.push({
      customer: rand() < 0.02 ? null : customer,
      time: rand() < 0.05 ? null : t,
      event: rand() < 0.02 ? null : names[Math.floor(rand() * names.length)]!,
      session: `s${Math.floor(t / 7200)}`,
    });
  }
  // File order that is not time order.
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function writeCsv(file: string, events: RefEvent[]): string {
  const iso = (t: number) => new Date(t * 1000).toISOString().replace('T', ' ').replace('.000Z', '');
  const cell = (v: string | null | undefined) => v ?? '';
  writeFileSync(
    file,
    [
      'customer_id,event_ts,event,session_id',
      ...events.map((e) => [cell(e.customer), e.time === null ? '' : iso(e.time), cell(e.event), cell(e.session)].join(',')),
    ].join('\n') + '\n',
  );
  return file;
}

const sortEdges = (r: Pick<PathsResult, 'edges'>) =>
  [...r.edges].sort((a, b) => a.step - b.step || a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
const sortNodes = (r: Pick<PathsResult, 'nodes'>) => [...r.nodes].sort((a, b) => a.id.localeCompare(b.id));

async function pathsOf(datasetId: string, o: RefOptions): Promise<PathsResult> {
  const { sessionColumn, ...rest } = o;
  const r = await t.wb.invoke('journeys.paths', {
    datasetId,
    customerColumn: 'customer_id',
    timeColumn: 'event_ts',
    eventColumn: 'event',
    ...(sessionColumn ? { sessionColumn: 'session_id' } : {}),
    ...rest,
  });
  if (!r.ok) throw new Error(r.error.message);
  return r.value as PathsResult;
}

describe('journeys.paths against a brute-force reference', () => {
  const log = eventLog(20260101, 3000);
  const cases: [string, RefOptions][] = [
    ['first 4 steps, repeats collapsed', { steps: 4 }],
    ['first 3 steps, repeats kept', { steps: 3, collapseRepeats: false }],
    ['a 10-minute session gap', { steps: 5, sessionGapSeconds: 600 }],
    ['sessions from a column', { steps: 4, sessionColumn: true }],
    ['the 3 steps up to the end event', { steps: 3, endEvent: 'buy' }],
    [
      'the 2 steps up to a frequent end event, repeats kept, sessions from a column',
      { steps: 2, endEvent: 'view', collapseRepeats: false, sessionColumn: true },
    ],
    ['the 6 steps up to the end event, a 20-minute gap', { steps: 6, endEvent: 'cart', sessionGapSeconds: 1200 }],
    ['a minimum weight and an edge limit', { steps: 5, minWeight: 3, limit: 6 }],
    ['a limit with ties', { steps: 2, limit: 1 }],
  ];
  let loaded: Promise<{ id: string }> | undefined;
  const logDataset = () => (loaded ??= t.wb.datasets.openAndWait({ path: writeCsv(path.join(t.dir, 'log.csv'), log), name: 'log' }));
  for (const [what, o] of cases) {
    it(what, async () => {
      const d = await logDataset();
      const got = await pathsOf(d.id, o);
      const want = referencePaths(log, o);
      expect(got.sessions).toBe(want.sessions);
      expect(sortEdges(got)).toEqual(sortEdges(want));
      expect(sortNodes(got)).toEqual(sortNodes(want));
      if (o.limit) expect(got.edges.filter((e) => e.from !== 'Other' && e.to !== 'Other').length).toBeLessThanOrEqual(o.limit);
      // Folding keeps every session's move at every position.
      const moves = (edges: { step: number; sessions: number }[]) =>
        edges.reduce((m, e) => m.set(e.step, (m.get(e.step) ?? 0) + e.sessions), new Map());
      expect(moves(got.edges)).toEqual(moves(referencePaths(log, { ...o, limit: undefined }).edges));
    });
  }

  it('gives the same answer whatever the file order', async () => {
    const a = await t.wb.datasets.openAndWait({ path: writeCsv(path.join(t.dir, 'a.csv'), log), name: 'order_a' });
    const b = await t.wb.datasets.openAndWait({ path: writeCsv(path.join(t.dir, 'b.csv'), [...log].reverse()), name: 'order_b' });
    expect(await pathsOf(b.id, { steps: 6 })).toEqual(await pathsOf(a.id, { steps: 6 }));
  });
});

describe('journeys.paths on the sample events', () => {
  it('counts every session, gives ids that carry the position, and refuses unknown columns by field', async () => {
    const events = await t.wb.datasets.openAndWait({ path: path.join(SAMPLE_DIR, 'events.parquet') });
    const r = await t.wb.invoke('journeys.paths', {
      datasetId: events.id,
      customerColumn: 'customer_id',
      timeColumn: 'event_ts',
      eventColumn: 'event_type',
      sessionColumn: 'session_id',
      steps: 6,
      limit: 3,
    });
    if (!r.ok) throw new Error(r.error.message);
    const v = r.value as PathsResult;
    expect(v.sessions).toBe(65128);
    expect(v.edges.filter((e) => e.from !== 'Other' && e.to !== 'Other')).toHaveLength(3);
    // Every session starts with a visit, so nothing is folded at position 1's source.
    expect(v.nodes.find((n) => n.id === '1:Other')).toBeUndefined();
    expect(v.edges[0]).toMatchObject({ step: 1, from: 'visit', to: 'product_view' });
    for (const n of v.nodes) expect(n.id).toBe(`${n.step}:${n.name}`);
    const bad = await t.wb.invoke('journeys.paths', {
      datasetId: events.id,
      customerColumn: 'customer_id',
      timeColumn: 'ts',
      eventColumn: 'event_type',
      steps: 3,
    });
    expect(bad).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', field: 'timeColumn', message: expect.stringMatching(/no column "ts"/) },
    });
    const steps = await t.wb.invoke('journeys.paths', {
      datasetId: events.id,
      customerColumn: 'customer_id',
      timeColumn: 'event_ts',
      eventColumn: 'event_type',
      steps: 21,
    });
    expect(steps).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });
});
