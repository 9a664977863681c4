import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PathsResult } from '../../../shared/journeys/paths-types';
import { mulberry32 } from '../../../shared/random';
import type { Segment, SegmentMembers } from '../../../shared/segments/segment';
import { referenceNodeCustomers, type RefEvent, type RefOptions } from '../journeys/paths-reference';
import { useWorkbench } from '../test-support';

const t = useWorkbench();

/** Ties at the same second, missing values, gaps longer than a session, a session column, rows out of time order. */
function eventLog(seed: number, rows: number): RefEvent[] {
  const next = mulberry32(seed);
  const rand = () => next() / 2 ** 32;
  const names = ['visit', 'view', 'view', 'cart', 'buy', 'help'];
  const clock = new Map<string, number>();
  const out: RefEvent[] = [];
  for (let i = 0; i < rows; i++) {
    const customer = `c${String(Math.floor(rand() * 60)).padStart(2, '0')}`;
    const u = rand();
    const time = (clock.get(customer) ?? 1_735_689_600) + (u < 0.3 ? 0 : u < 0.85 ? 60 * Math.floor(1 + rand() * 10) : 3600 * 3);
    clock.set(customer, time);
    out.push({
      customer: rand() < 0.02 ? null : customer,
      time: rand() < 0.05 ? null : time,
      event: rand() < 0.02 ? null : names[Math.floor(rand() * names.length)]!,
      session: `s${Math.floor(time / 7200)}`,
    });
  }
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function writeCsv(file: string, events: RefEvent[]): string {
  const iso = (s: number) => new Date(s * 1000).toISOString().replace('T', ' ').replace('.000Z', '');
  writeFileSync(
    file,
    [
      'customer_id,event_ts,event,session_id',
      ...events.map((e) => [e.customer ?? '', e.time === null ? '' : iso(e.time), e.event ?? '', e.session ?? ''].join(',')),
    ].join('\n') + '\n',
  );
  return file;
}

async function call<T>(method: string, req: unknown): Promise<T> {
  const r = await t.wb.invoke(method, req);
  if (!r.ok) throw new Error(r.error.message);
  return r.value as T;
}

describe('path_node segments against a brute-force reference', () => {
  const log = eventLog(20261128, 2500);
  let loaded: Promise<{ id: string }> | undefined;
  const dataset = () => (loaded ??= t.wb.datasets.openAndWait({ path: writeCsv(path.join(t.dir, 'log.csv'), log), name: 'log' }));
  const cases: [string, RefOptions, number, string][] = [
    ['the first 4 steps, view at step 2', { steps: 4 }, 2, 'view'],
    ['the first 5 steps, repeats kept, buy at step 5', { steps: 5, collapseRepeats: false }, 5, 'buy'],
    ['sessions from a column, visit at step 1', { steps: 3, sessionColumn: true }, 1, 'visit'],
    ['the 4 steps up to buy, cart at step 3', { steps: 4, endEvent: 'buy' }, 3, 'cart'],
    ['a 10-minute gap, the 3 steps up to cart, help at step 1', { steps: 3, endEvent: 'cart', sessionGapSeconds: 600 }, 1, 'help'],
  ];
  let n = 0;
  for (const [what, o, step, event] of cases) {
    it(what, async () => {
      const d = await dataset();
      const { sessionColumn, ...rest } = o;
      const paths = { datasetId: d.id, customerColumn: 'customer_id', timeColumn: 'event_ts', eventColumn: 'event', ...rest };
      const params = { ...paths, ...(sessionColumn ? { sessionColumn: 'session_id' } : {}) };
      const want = referenceNodeCustomers(log, o, step, event);
      expect(want.length).toBeGreaterThan(0);
      const source = { kind: 'path_node', ...params, step, event };
      const saved = await call<Segment>('segments.save', { name: `node ${n++}`, source });
      expect(saved).toMatchObject({ count: want.length, source, lineage: { createdFrom: 'paths' } });
      const members = await call<SegmentMembers>('segments.members', { id: saved.id, limit: 100_000 });
      expect(members).toEqual({ count: want.length, customerIds: want, columns: ['customer_id'] });
      expect((await call<SegmentMembers>('segments.members', { id: saved.id, limit: 3 })).customerIds).toEqual(want.slice(0, 3));
      // No more customers than the node's sessions in journeys.paths.
      const drawn = await call<PathsResult>('journeys.paths', params);
      const node = drawn.nodes.find((x) => x.id === `${step}:${event}`);
      if (node) expect(want.length).toBeLessThanOrEqual(node.sessions);
    });
  }

  it('refuses a step past the path, a limit or min weight, and an unknown column, naming the field', async () => {
    const d = await dataset();
    const source = {
      kind: 'path_node',
      datasetId: d.id,
      customerColumn: 'customer_id',
      timeColumn: 'event_ts',
      eventColumn: 'event',
      steps: 3,
    };
    const past = await t.wb.invoke('segments.save', { name: 'past', source: { ...source, step: 4, event: 'view' } });
    expect(past.ok).toBe(false);
    if (!past.ok) expect(past.error.message).toBe("source.step: 4 is past the path's 3 steps.");
    const limit = await t.wb.invoke('segments.save', { name: 'limit', source: { ...source, step: 2, event: 'view', limit: 5 } });
    expect(limit.ok).toBe(false);
    if (!limit.ok) expect(limit.error.message).toMatch(/limit/);
    const column = await t.wb.invoke('segments.save', { name: 'col', source: { ...source, eventColumn: 'nope', step: 2, event: 'view' } });
    expect(column.ok).toBe(false);
    if (!column.ok) expect(column.error.message).toMatch(/no column "nope" \(source\.eventColumn\)/);
  });
});
