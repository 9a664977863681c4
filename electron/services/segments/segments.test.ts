import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FunnelResult } from '../../../shared/journeys/funnel';
import type { Segment, SegmentMembers } from '../../../shared/segments/segment';
import { SAMPLE_DIR, tempDir, testWorkbench } from '../test-support';
import type { Workbench } from '../workbench';

let tmp: ReturnType<typeof tempDir>;
let wb: Workbench;
beforeAll(async () => {
  tmp = tempDir();
  wb = await testWorkbench(path.join(tmp.dir, 'ws'));
});
afterAll(async () => {
  await wb.close();
  tmp.cleanup();
});

async function call<T>(method: string, req: unknown): Promise<T> {
  const r = await wb.invoke(method, req);
  if (!r.ok) throw new Error(r.error.message);
  return r.value as T;
}

const STEPS = ['visit', 'product_view', 'add_to_cart', 'checkout', 'purchase'];

describe('segments', () => {
  it(
    'saves a funnel drop-off, recomputes its members, keeps it across a restart, refuses a duplicate name and deletes it',
    { timeout: 120_000 },
    async () => {
      const d = await wb.datasets.openAndWait({ path: path.join(SAMPLE_DIR, 'events.parquet') });
      const binding = { datasetId: d.id, customerColumn: 'customer_id', timeColumn: 'event_ts', eventColumn: 'event_type' };
      const funnel = await call<FunnelResult>('journeys.funnel', { ...binding, steps: STEPS });
      const dropOff = funnel.steps[2]!.dropOff;
      expect(dropOff).toBeGreaterThan(0);

      const source = { kind: 'funnel_dropoff', ...binding, steps: STEPS, droppedAt: 3 };
      const saved = await call<Segment>('segments.save', { name: 'Left before cart', source, createdFrom: 'E-commerce purchase' });
      expect(saved.count).toBe(dropOff);
      expect(saved.lineage).toEqual({ datasetFingerprint: d.fingerprint, createdFrom: 'E-commerce purchase' });
      expect(saved.source).toEqual(source);

      const members = await call<SegmentMembers>('segments.members', { id: saved.id, limit: 100_000 });
      expect(members.count).toBe(dropOff);
      expect(members.customerIds).toHaveLength(dropOff);
      expect(new Set(members.customerIds).size).toBe(dropOff);
      expect(members.columns).toEqual(['customer_id']);
      const capped = await call<SegmentMembers>('segments.members', { id: saved.id, limit: 5 });
      expect(capped.customerIds).toEqual(members.customerIds.slice(0, 5));

      const dup = await wb.invoke('segments.save', { name: 'Left before cart', source: { ...source, droppedAt: 2 } });
      expect(dup.ok).toBe(false);
      if (!dup.ok) expect(dup.error.message).toMatch(/^name: a segment named "Left before cart" already exists/);

      await wb.close();
      wb = await testWorkbench(path.join(tmp.dir, 'ws'));
      expect(await call<Segment[]>('segments.list', {})).toEqual([saved]);

      await call('segments.delete', { id: saved.id });
      expect(await call<Segment[]>('segments.list', {})).toEqual([]);
      expect(wb.store.auditLog().map((a) => a.action)).toEqual(expect.arrayContaining(['segment.save', 'segment.delete']));
      const gone = await wb.invoke('segments.members', { id: saved.id });
      expect(gone.ok).toBe(false);
    },
  );

  it('holds the population a drop-off and a path node were counted over, and applies it to the members', { timeout: 120_000 }, async () => {
    const d = await wb.datasets.openAndWait({ path: path.join(SAMPLE_DIR, 'events.parquet'), name: 'events_pop' });
    const c = await wb.datasets.openAndWait({ path: path.join(SAMPLE_DIR, 'customers.csv'), name: 'customers_pop' });
    const binding = { datasetId: d.id, customerColumn: 'customer_id', timeColumn: 'event_ts', eventColumn: 'event_type' };
    const gold = { kind: 'column', datasetId: c.id, idColumn: 'customer_id', column: 'loyalty_tier', value: 'gold' } as const;
    const all = await call<FunnelResult>('journeys.funnel', { ...binding, steps: STEPS, droppedAt: 3 });
    const among = await call<FunnelResult>('journeys.funnel', { ...binding, steps: STEPS, droppedAt: 3, population: gold });
    expect(among.dropped!.count).toBeGreaterThan(0);
    expect(among.dropped!.count).toBeLessThan(all.dropped!.count);

    const source = { kind: 'funnel_dropoff', ...binding, steps: STEPS, droppedAt: 3, population: gold };
    const saved = await call<Segment>('segments.save', { name: 'Gold left before cart', source });
    expect(saved.source).toEqual(source);
    expect(saved.count).toBe(among.dropped!.count);
    const members = await call<SegmentMembers>('segments.members', { id: saved.id, limit: 100_000 });
    expect(members.count).toBe(among.dropped!.count);
    // Every member is gold in the customer table.
    const golds = await wb.engine.query(`SELECT customer_id FROM ${c.relation} WHERE loyalty_tier = 'gold'`);
    const goldIds = new Set(golds.data[0]!.map(String));
    expect(members.customerIds.every((id) => goldIds.has(id))).toBe(true);

    // As a population itself, it narrows to its own members (its population applied inside).
    const asPopulation = await call<FunnelResult>('journeys.funnel', {
      ...binding,
      steps: STEPS,
      population: { kind: 'segment', segmentId: saved.id },
    });
    expect(asPopulation.totalCustomers).toBe(members.count);

    // A Sankey node saved over a population: the node's customers who are gold.
    const node = { kind: 'path_node', ...binding, steps: 3, step: 2, event: 'product_view' } as const;
    const over = await call<Segment>('segments.save', { name: 'Gold through product_view', source: { ...node, population: gold } });
    const plain = await call<Segment>('segments.save', { name: 'Through product_view', source: node });
    const plainIds = await call<SegmentMembers>('segments.members', { id: plain.id, limit: 100_000 });
    const want = plainIds.customerIds.filter((id) => goldIds.has(id));
    expect(want.length).toBeGreaterThan(0);
    expect(over.count).toBe(want.length);
    expect((await call<SegmentMembers>('segments.members', { id: over.id, limit: 100_000 })).customerIds).toEqual(want);

    // An unknown segment as the population is refused when saving, naming the field.
    const bad = await wb.invoke('segments.save', {
      name: 'Nope',
      source: { ...source, population: { kind: 'segment', segmentId: 'nope' } },
    });
    expect(bad).toMatchObject({ ok: false, error: { field: 'population.segmentId' } });
  });

  it('saves a SQL segment whose first column is the customer id, and refuses anything but one SELECT', { timeout: 120_000 }, async () => {
    const d = await wb.datasets.openAndWait({ path: path.join(SAMPLE_DIR, 'events.parquet'), name: 'events_sql' });
    const sql = `SELECT customer_id, count(*) AS n FROM ${d.relation} WHERE event_type = 'purchase' GROUP BY 1`;
    const buyers = await wb.engine.query(`SELECT count(DISTINCT customer_id) FROM ${d.relation} WHERE event_type = 'purchase'`);
    const saved = await call<Segment>('segments.save', { name: 'Buyers', source: { kind: 'sql', datasetId: d.id, sql } });
    expect(saved.count).toBe(Number(buyers.data[0]![0]));
    const m = await call<SegmentMembers>('segments.members', { id: saved.id, limit: 3 });
    expect(m).toMatchObject({ count: saved.count, columns: ['customer_id', 'n'] });
    expect(m.customerIds).toHaveLength(3);

    const bad = await wb.invoke('segments.save', {
      name: 'Drop',
      source: { kind: 'sql', datasetId: d.id, sql: `DROP VIEW ${d.relation}` },
    });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.message).toMatch(/^source\.sql: give one SELECT/);
    const kind = await wb.invoke('segments.save', { name: 'X', source: { kind: 'rfm', datasetId: d.id } });
    expect(kind.ok).toBe(false);
    if (!kind.ok) expect(kind.error.message).toMatch(/funnel_dropoff.*sql|kind/);
  });
});
