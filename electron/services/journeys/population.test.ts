import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { seededUniform } from '../../../shared/ml/random';
import { FUNNEL_BREAKDOWN_LIMIT, FUNNEL_HISTOGRAM_BINS, type FunnelResult, type FunnelStep } from '../../../shared/journeys/funnel';
import { referenceFunnel, type RefRow } from '../../../shared/journeys/funnel-reference';
import type { AttributionResult, PathsResult } from '../../../shared/journeys/paths-types';
import type { Population } from '../../../shared/journeys/population';
import type { Segment } from '../../../shared/segments/segment';
import type { Dataset } from '../../../shared/types';
import { useWorkbench } from '../test-support';
import { referencePaths } from './paths-reference';

const t = useWorkbench();
const BASE = Date.UTC(2025, 0, 1) / 1000;
const HOUR = 3600;
const EVENTS = ['visit', 'view', 'view', 'cart', 'buy', 'other'];
const STEPS: FunnelStep[] = ['visit', 'view', 'cart', 'buy'];
const CUSTOMERS = 500;

const rnd = seededUniform(7);
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
const idOf = (c: number) => `C${String(c).padStart(4, '0')}`;

/** An event log on an hour grid (ties), some NULL timestamps and ids, file order shuffled; touches converted by a buy. */
const rows: RefRow[] = (() => {
  const out: Omit<RefRow, 'rn'>[] = [];
  for (let c = 0; c < CUSTOMERS; c++) {
    const start = BASE + Math.floor(rnd() * 100) * HOUR;
    const k = Math.floor(rnd() * 10);
    for (let i = 0; i < k; i++)
      out.push({
        customer: rnd() < 0.02 ? null : idOf(c),
        ts: rnd() < 0.05 ? null : start + Math.floor(rnd() * 12) * HOUR,
        event: pick(EVENTS),
        props: { cat: pick(['a', 'b', 'c', null]), price: Math.floor(rnd() * 100) },
      });
  }
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out.map((r, rn) => ({ ...r, rn }));
})();

/** A customer-level table (cluster labels and experiment variants) for some customers, and some ids with no events. */
const profiles = Array.from({ length: CUSTOMERS + 50 }, (_, c) => ({
  id: idOf(c),
  cluster: c % 4,
  variant: rnd() < 0.5 ? 'A' : 'B',
})).filter(() => rnd() < 0.8);

const iso = (s: number | null) => (s === null ? '' : new Date(s * 1000).toISOString().replace('T', ' ').replace('.000Z', ''));
let events: Dataset;
let people: Dataset;

beforeAll(async () => {
  const ev = path.join(t.dir, 'events.csv');
  const lines = rows.map((r) => [r.customer ?? '', iso(r.ts), r.event, r.props.cat ?? '', r.props.price, r.event === 'buy'].join(','));
  writeFileSync(ev, ['customer_id,ts,event,cat,price,converted', ...lines].join('\n') + '\n');
  events = await t.wb.datasets.openAndWait({ path: ev, name: 'pop_events' });
  const pf = path.join(t.dir, 'profiles.csv');
  writeFileSync(pf, ['customer_id,cluster,variant', ...profiles.map((p) => `${p.id},${p.cluster},${p.variant}`)].join('\n') + '\n');
  people = await t.wb.datasets.openAndWait({ path: pf, name: 'pop_profiles' });
}, 60_000);

async function call<T>(method: string, req: Record<string, unknown>): Promise<T> {
  const r = await t.wb.invoke(method, req);
  if (!r.ok) throw new Error(r.error.message);
  return r.value as T;
}

const binding = () => ({ datasetId: events.id, customerColumn: 'customer_id', timeColumn: 'ts', eventColumn: 'event' });
const funnel = (population?: Population, droppedAt?: number) =>
  call<FunnelResult>('journeys.funnel', {
    ...binding(),
    steps: STEPS,
    ...(population ? { population } : {}),
    ...(droppedAt ? { droppedAt } : {}),
  });

/** The funnel worked out in memory over the rows of these customers only. */
function reference(members: Set<string>, droppedAt?: number): FunnelResult {
  return referenceFunnel(
    rows.filter((r) => r.customer !== null && members.has(r.customer)),
    {
      steps: STEPS,
      windowSeconds: 14 * 86_400,
      mode: 'ordered',
      exclusions: [],
      droppedAt,
      breakdownLimit: FUNNEL_BREAKDOWN_LIMIT,
      droppedIdLimit: 1_000_000,
      histogramBins: FUNNEL_HISTOGRAM_BINS,
    },
  );
}

const counts = (r: FunnelResult) => ({ total: r.totalCustomers, steps: r.steps.map((s) => [s.name, s.customers, s.dropOff]) });
const everyone = () => new Set(rows.flatMap((r) => (r.customer === null ? [] : [r.customer])));
const having = (f: (r: RefRow) => boolean) => new Set(rows.flatMap((r) => (r.customer !== null && f(r) ? [r.customer] : [])));

describe('journeys.funnel with a population', () => {
  it('counts all customers without one and with kind all', async () => {
    const want = counts(reference(everyone()));
    expect(counts(await funnel())).toEqual(want);
    expect(counts(await funnel({ kind: 'all' }))).toEqual(want);
  });

  it('counts the customers with an event row matching a property filter', async () => {
    for (const [population, keep] of [
      [{ kind: 'filter', column: 'cat', op: '=', value: 'a' }, (r: RefRow) => r.props.cat === 'a'],
      [{ kind: 'filter', column: 'price', op: '>', value: 90 }, (r: RefRow) => Number(r.props.price) > 90],
      [{ kind: 'filter', column: 'cat', op: '!=', value: 'b' }, (r: RefRow) => r.props.cat !== 'b'],
    ] as const) {
      const got = counts(await funnel(population));
      expect(got, JSON.stringify(population)).toEqual(counts(reference(having(keep))));
      expect(got.total).toBeLessThan(everyone().size);
    }
  });

  it('counts the customers whose row in another dataset has column = value (a cluster, a variant)', async () => {
    for (const [column, value] of [
      ['variant', 'B'],
      ['cluster', 2],
      ['cluster', '3'],
    ] as const) {
      const members = new Set(profiles.filter((p) => String(p[column]) === String(value)).map((p) => p.id));
      const population: Population = { kind: 'column', datasetId: people.id, idColumn: 'customer_id', column, value };
      expect(counts(await funnel(population)), `${column} = ${value}`).toEqual(counts(reference(members)));
    }
  });

  it("counts a saved segment's members: a SQL segment and a funnel drop-off", async () => {
    const sql = await call<Segment>('segments.save', {
      name: 'Cluster 1',
      source: { kind: 'sql', datasetId: people.id, sql: `SELECT customer_id FROM ${people.relation} WHERE cluster = 1` },
    });
    const cluster1 = new Set(profiles.filter((p) => p.cluster === 1).map((p) => p.id));
    expect(counts(await funnel({ kind: 'segment', segmentId: sql.id }))).toEqual(counts(reference(cluster1)));

    const drop = await call<Segment>('segments.save', {
      name: 'Dropped at cart',
      source: { kind: 'funnel_dropoff', ...binding(), steps: STEPS, droppedAt: 3 },
    });
    const dropped = new Set(reference(everyone(), 3).dropped!.customerIds);
    expect(dropped.size).toBe(drop.count);
    const got = await funnel({ kind: 'segment', segmentId: drop.id });
    expect(counts(got)).toEqual(counts(reference(dropped)));
    // Everyone in it reached step 2 and none step 3.
    expect(got.steps.map((s) => s.customers)).toEqual([dropped.size, dropped.size, 0, 0]);
  });

  it('names the unknown segment, dataset or column, and refuses an unknown kind', async () => {
    const fails = async (population: unknown) => {
      const r = await t.wb.invoke('journeys.funnel', { ...binding(), steps: STEPS, population });
      expect(r.ok).toBe(false);
      return r.ok ? '' : r.error.message;
    };
    expect(await fails({ kind: 'segment', segmentId: 'nope' })).toBe('population.segmentId: no segment "nope" in this workspace.');
    expect(await fails({ kind: 'column', datasetId: 'nope', idColumn: 'customer_id', column: 'cluster', value: 1 })).toBe(
      'population.datasetId: no loaded dataset "nope" in this workspace.',
    );
    expect(await fails({ kind: 'column', datasetId: people.id, idColumn: 'id', column: 'cluster', value: 1 })).toBe(
      'population.idColumn: "id" is not a column of pop_profiles.',
    );
    expect(await fails({ kind: 'column', datasetId: people.id, idColumn: 'customer_id', column: 'segment', value: 1 })).toBe(
      'population.column: "segment" is not a column of pop_profiles.',
    );
    expect(await fails({ kind: 'filter', column: 'colour', op: '=', value: 'red' })).toBe(
      'population.column: "colour" is not a column of pop_events.',
    );
    expect(await fails({ kind: 'cohort' })).toMatch(/population\.kind: .*'all' \| 'segment' \| 'column' \| 'filter'/);
    expect(await fails({ kind: 'filter', column: 'cat', op: 'like', value: 'a' })).toMatch(
      /population\.op: .*"="\|"!="\|"<"\|">"\|"contains"/,
    );
  });
});

describe('journeys.paths and journeys.attribution with a population', () => {
  const population: Population = { kind: 'column', datasetId: '', idColumn: 'customer_id', column: 'variant', value: 'A' };
  const members = () => new Set(profiles.filter((p) => p.variant === 'A').map((p) => p.id));

  it("counts paths over the population's sessions only", async () => {
    const sortEdges = (r: Pick<PathsResult, 'edges'>) =>
      [...r.edges].sort((a, b) => a.step - b.step || a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
    const got = await call<PathsResult>('journeys.paths', { ...binding(), steps: 4, population: { ...population, datasetId: people.id } });
    const keep = members();
    const want = referencePaths(
      rows.filter((r) => r.customer !== null && keep.has(r.customer)).map((r) => ({ customer: r.customer, time: r.ts, event: r.event })),
      { steps: 4 },
    );
    expect(got.sessions).toBe(want.sessions);
    expect(sortEdges(got)).toEqual(sortEdges(want));
    const all = await call<PathsResult>('journeys.paths', { ...binding(), steps: 4 });
    expect(got.sessions).toBeLessThan(all.sessions);
  });

  it("attributes the population's journeys only, as a table of their rows alone does", async () => {
    const keep = members();
    const file = path.join(t.dir, 'variant-a.csv');
    const lines = rows
      .filter((r) => r.customer !== null && keep.has(r.customer))
      .map((r) => [r.customer, iso(r.ts), r.event, r.props.cat ?? '', r.props.price, r.event === 'buy'].join(','));
    writeFileSync(file, ['customer_id,ts,event,cat,price,converted', ...lines].join('\n') + '\n');
    const alone = await t.wb.datasets.openAndWait({ path: file, name: 'variant_a' });
    const req = { journeyColumn: 'customer_id', timeColumn: 'ts', channelColumn: 'cat', convertedColumn: 'converted' };
    const got = await call<AttributionResult>('journeys.attribution', {
      datasetId: events.id,
      ...req,
      population: { ...population, datasetId: people.id },
    });
    const want = await call<AttributionResult>('journeys.attribution', { datasetId: alone.id, ...req });
    // Same journeys, so the same numbers up to the order in which floating-point sums were added.
    expect(rounded(got)).toEqual(rounded(want));
    const all = await call<AttributionResult>('journeys.attribution', { datasetId: events.id, ...req });
    expect(got.journeys).toBeLessThan(all.journeys);
  });
});

/** Numbers rounded to 12 significant digits, everything else as is. */
function rounded(value: unknown): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? value : Number(value.toPrecision(12));
  if (Array.isArray(value)) return value.map(rounded);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rounded(v)]));
  return value;
}
