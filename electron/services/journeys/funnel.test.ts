import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { seededUniform } from '../../../shared/ml/random';
import type { RequestOf } from '../../../shared/api/contract';
import {
  FUNNEL_BREAKDOWN_LIMIT,
  FUNNEL_DROPPED_ID_LIMIT,
  FUNNEL_HISTOGRAM_BINS,
  FUNNEL_MODES,
  type FunnelMode,
  type FunnelResult,
  type FunnelStep,
} from '../../../shared/journeys/funnel';
import { orderedReachedByDefinition, referenceFunnel, type RefRow } from '../../../shared/journeys/funnel-reference';
import type { Dataset } from '../../../shared/types';
import { SAMPLE_DIR, useWorkbench } from '../test-support';

const t = useWorkbench();
const BASE = Date.UTC(2025, 0, 1) / 1000;
const HOUR = 3600;

/** Rows in file order (rn = position), written as CSV and loaded as a dataset. */
async function load(rows: Omit<RefRow, 'rn'>[], name: string): Promise<{ d: Dataset; rows: RefRow[] }> {
  const file = path.join(t.dir, `${name}.csv`);
  const iso = (s: number | null) => (s === null ? '' : new Date(s * 1000).toISOString().replace('T', ' ').replace('.000Z', ''));
  const cell = (v: string | number | null | undefined) => (v === null || v === undefined ? '' : String(v));
  const lines = rows.map((r) => [cell(r.customer), iso(r.ts), r.event, cell(r.props.cat), cell(r.props.price)].join(','));
  writeFileSync(file, ['customer_id,ts,event,cat,price', ...lines].join('\n') + '\n');
  const d = await t.wb.datasets.openAndWait({ path: file, name });
  return { d, rows: rows.map((r, rn) => ({ ...r, rn })) };
}

type Req = Omit<RequestOf<'journeys.funnel'>, 'datasetId' | 'customerColumn' | 'timeColumn' | 'eventColumn'>;
async function funnel(d: Dataset, req: Req): Promise<FunnelResult> {
  const r = await t.wb.invoke('journeys.funnel', {
    datasetId: d.id,
    customerColumn: 'customer_id',
    timeColumn: 'ts',
    eventColumn: 'event',
    ...req,
  });
  if (!r.ok) throw new Error(r.error.message);
  return r.value as FunnelResult;
}

function reference(rows: RefRow[], req: Req): FunnelResult {
  const n = req.steps.length;
  return referenceFunnel(rows, {
    steps: req.steps as FunnelStep[],
    windowSeconds: req.windowSeconds ?? 14 * 86_400,
    mode: (req.mode ?? 'ordered') as FunnelMode,
    exclusions: (req.exclusions ?? []).map((x) => ({ event: x.event, between: (x.between ?? [1, n]) as [number, number] })),
    breakdownColumn: req.breakdownColumn,
    droppedAt: req.droppedAt,
    breakdownLimit: FUNNEL_BREAKDOWN_LIMIT,
    droppedIdLimit: FUNNEL_DROPPED_ID_LIMIT,
    histogramBins: FUNNEL_HISTOGRAM_BINS,
  });
}

function expectSame(got: FunnelResult, want: FunnelResult, label: string): void {
  expect(
    got.steps.map((s) => [s.name, s.customers, s.dropOff]),
    label,
  ).toEqual(want.steps.map((s) => [s.name, s.customers, s.dropOff]));
  got.steps.forEach((s, i) => {
    const w = want.steps[i]!;
    expect(s.conversion, label).toBeCloseTo(w.conversion, 12);
    expect(s.stepConversion, label).toBeCloseTo(w.stepConversion, 12);
    if (w.medianSecondsFromPrevious === null) expect(s.medianSecondsFromPrevious, label).toBeNull();
    else expect(s.medianSecondsFromPrevious, label).toBeCloseTo(w.medianSecondsFromPrevious, 6);
    expect(s.timeToConvert === undefined, label).toBe(w.timeToConvert === undefined);
    if (s.timeToConvert && w.timeToConvert) {
      expect(s.timeToConvert.median, label).toBeCloseTo(w.timeToConvert.median, 6);
      expect(s.timeToConvert.p25, label).toBeCloseTo(w.timeToConvert.p25, 6);
      expect(s.timeToConvert.p75, label).toBeCloseTo(w.timeToConvert.p75, 6);
      expect(
        s.timeToConvert.histogram.map((h) => h.customers),
        label,
      ).toEqual(w.timeToConvert.histogram.map((h) => h.customers));
    }
  });
  expect(got.totalCustomers, label).toBe(want.totalCustomers);
  expect(got.unknownEvents, label).toEqual(want.unknownEvents);
  expect(got.breakdown, label).toEqual(want.breakdown);
  expect(got.dropped, label).toEqual(want.dropped);
}

const EVENTS = ['visit', 'view', 'view', 'cart', 'buy', 'x_ex', 'other'];

/** Customers with up to 9 rows on a coarse hour grid (many ties), some NULL timestamps and ids, file order shuffled. */
function generate(seed: number, customers: number): Omit<RefRow, 'rn'>[] {
  const rnd = seededUniform(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const rows: Omit<RefRow, 'rn'>[] = [];
  for (let c = 0; c < customers; c++) {
    const id = `C${String(c).padStart(4, '0')}`;
    const start = BASE + Math.floor(rnd() * 100) * HOUR;
    const k = Math.floor(rnd() * 10);
    for (let i = 0; i < k; i++) {
      rows.push({
        customer: rnd() < 0.02 ? null : id,
        ts: rnd() < 0.08 ? null : start + Math.floor(rnd() * 12) * 2 * HOUR,
        event: pick(EVENTS),
        props: { cat: pick(['a', 'b', 'c', null]), price: rnd() < 0.1 ? null : Math.floor(rnd() * 100) },
      });
    }
  }
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [rows[i], rows[j]] = [rows[j]!, rows[i]!];
  }
  return rows;
}

const STEP_LISTS: FunnelStep[][] = [
  ['visit', 'view', 'cart', 'buy'],
  ['view', 'view', 'cart'],
  ['view', 'cart', 'view', 'buy', 'view'],
  [
    { event: 'view', filters: [{ column: 'cat', op: '=', value: 'a' }] },
    'cart',
    { event: 'buy', filters: [{ column: 'price', op: '>', value: 50 }] },
  ],
  ['cart', 'nope'],
];

describe('journeys.funnel against a brute-force reference', () => {
  it('matches on generated logs with ties, NULL timestamps, shuffled file order and repeated steps', { timeout: 300_000 }, async () => {
    for (const seed of [1, 2]) {
      const { d, rows } = await load(generate(seed, 400), `gen${seed}`);
      for (const steps of STEP_LISTS) {
        for (const windowSeconds of [6 * HOUR, 30 * HOUR]) {
          for (const mode of FUNNEL_MODES) {
            const req: Req = { steps, windowSeconds, mode, breakdownColumn: 'cat', droppedAt: 2 };
            const label = JSON.stringify({ seed, ...req });
            const got = await funnel(d, req);
            expectSame(got, reference(rows, req), label);
            if (mode === 'ordered') {
              // The reference's attempts (earliest rows) agree with the definition taken literally.
              const byCustomer = new Map<string, RefRow[]>();
              for (const r of rows) if (r.customer !== null) byCustomer.set(r.customer, [...(byCustomer.get(r.customer) ?? []), r]);
              const literal = [...byCustomer.values()].map((rs) => orderedReachedByDefinition(rs, steps, windowSeconds));
              expect(
                got.steps.map((_, i) => literal.filter((r) => r > i).length),
                label,
              ).toEqual(got.steps.map((s) => s.customers));
            }
          }
        }
      }
      for (const mode of ['ordered', 'strict'] as const) {
        for (const between of [undefined, [2, 3] as [number, number]]) {
          const req: Req = {
            steps: ['visit', 'view', 'cart', 'buy'],
            windowSeconds: 30 * HOUR,
            mode,
            exclusions: [{ event: 'x_ex', between }],
          };
          expectSame(await funnel(d, req), reference(rows, req), JSON.stringify({ seed, ...req }));
        }
      }
    }
  });
});

/** Steps matching any of several events, with property filters (a map card bound to several events, with its filters). */
const MULTI_STEP_LISTS: FunnelStep[][] = [
  [{ event: ['visit', 'other'] }, { event: ['view', 'cart'], filters: [{ column: 'cat', op: '=', value: 'a' }] }, 'buy'],
  [{ event: ['visit', 'view'] }, { event: ['visit', 'view'] }, 'cart'],
  [{ event: ['buy', 'cart'] }, 'view', { event: ['cart', 'buy'] }],
];
/** Two different steps that can match one row: exact up to the documented caveat (tied rows may count a step fewer). */
const OVERLAPPING: FunnelStep[] = [
  { event: ['view'] },
  { event: ['cart', 'buy'] },
  { event: ['cart', 'buy'], filters: [{ column: 'price', op: '>', value: 30 }] },
];

describe('journeys.funnel with multi-event steps and filters', () => {
  it('matches the brute-force reference in every mode', { timeout: 300_000 }, async () => {
    for (const seed of [3, 4]) {
      const { d, rows } = await load(generate(seed, 300), `multi${seed}`);
      for (const steps of MULTI_STEP_LISTS) {
        for (const mode of FUNNEL_MODES) {
          const req: Req = { steps, windowSeconds: 30 * HOUR, mode, breakdownColumn: 'cat', droppedAt: 3 };
          const got = await funnel(d, req);
          expectSame(got, reference(rows, req), JSON.stringify({ seed, ...req }));
        }
      }
      for (const mode of ['ordered', 'strict'] as const) {
        const req: Req = { steps: OVERLAPPING, windowSeconds: 30 * HOUR, mode };
        const got = reached(await funnel(d, req));
        const want = reached(reference(rows, req));
        expect(got[0]).toBe(want[0]);
        got.forEach((n, i) => expect(n, JSON.stringify({ seed, mode, step: i + 1 })).toBeLessThanOrEqual(want[i]!));
        if (mode === 'strict') expect(got).toEqual(want);
      }
      const ex: Req = { steps: MULTI_STEP_LISTS[0]!, windowSeconds: 30 * HOUR, exclusions: [{ event: 'x_ex' }] };
      expectSame(await funnel(d, ex), reference(rows, ex), JSON.stringify({ seed, ...ex }));
    }
    const { d } = await load([row('c', 1, 'a')], 'multi-refusal');
    const r = await t.wb.invoke('journeys.funnel', {
      datasetId: d.id,
      customerColumn: 'customer_id',
      timeColumn: 'ts',
      eventColumn: 'event',
      steps: [{ event: ['a', 'b'] }, 'c'],
      exclusions: [{ event: 'b' }],
    });
    expect(!r.ok && r.error.message).toMatch(/exclusions\[0\]: "b" is also a step/);
    const names = await funnel(d, { steps: [{ event: ['a', 'b'], filters: [{ column: 'cat', op: '=', value: 'x' }] }, 'c'] });
    expect(names.steps[0]!.name).toBe('a or b (cat = x)');
    expect(names.unknownEvents).toEqual(['b', 'c']);
  });
});

const at = (h: number) => BASE + h * HOUR;
const row = (customer: string, h: number | null, event: string, props: RefRow['props'] = {}) => ({
  customer,
  ts: h === null ? null : at(h),
  event,
  props,
});
const reached = (r: FunnelResult) => r.steps.map((s) => s.customers);

describe('journeys.funnel edge cases', () => {
  it(
    'ties, repeated steps, NULL timestamps, the window boundary, the best attempt, strict, unordered and exclusions',
    { timeout: 120_000 },
    async () => {
      const { d } = await load(
        [
          row('tie', 5, 'b'), // file order b before a, same time
          row('tie', 5, 'a'),
          row('once', 1, 'a'), // one row cannot serve a step twice
          row('twice', 1, 'a'),
          row('twice', 1, 'a'),
          row('null', null, 'a'), // ignored
          row('null', 2, 'b'),
          row('edge', 0, 'a'), // exactly the window apart: counts
          row('edge', 10, 'b'),
          row('late', 0, 'a'), // first attempt too slow, a later one converts
          row('late', 50, 'b'),
          row('late', 60, 'a'),
          row('late', 61, 'b'),
          row('gap', 0, 'a'), // strict: another event in between
          row('gap', 1, 'x'),
          row('gap', 2, 'b'),
          row('rev', 3, 'b'), // unordered: b before a
          row('rev', 4, 'a'),
        ],
        'edges',
      );
      const W = 10 * HOUR;
      const ab = await funnel(d, { steps: ['a', 'b'], windowSeconds: W, droppedAt: 2 });
      // a reached by tie, once, twice, edge, late, gap, rev; b after a by tie, edge, late, gap.
      expect(reached(ab)).toEqual([7, 4]);
      expect(ab.dropped).toEqual({ step: 2, count: 3, customerIds: ['once', 'rev', 'twice'] });
      expect(reached(await funnel(d, { steps: ['a', 'b'], windowSeconds: W - 1 }))).toEqual([7, 3]);
      expect(reached(await funnel(d, { steps: ['a', 'a'], windowSeconds: W }))).toEqual([7, 1]); // twice (late's two are too far apart)
      // Strict: ties by file order (tie has b then a), gap has x between.
      expect(reached(await funnel(d, { steps: ['a', 'b'], windowSeconds: W, mode: 'strict' }))).toEqual([7, 2]);
      // Unordered: rev and tie count too.
      expect(reached(await funnel(d, { steps: ['a', 'b'], windowSeconds: W, mode: 'unordered' }))).toEqual([7, 5]);
      // Exclusion: x between a and b stops gap's attempt at a.
      const ex = await funnel(d, { steps: ['a', 'b'], windowSeconds: W, exclusions: [{ event: 'x' }] });
      expect(reached(ex)).toEqual([7, 3]);
      const unknown = await funnel(d, { steps: ['a', 'nope'] });
      expect(unknown.unknownEvents).toEqual(['nope']);
      expect(unknown.totalCustomers).toBe(8);
    },
  );

  it('refuses unknown columns, a numeric time column and exclusions that are steps, naming the field', async () => {
    const { d } = await load([row('c', 1, 'a', { price: 3 })], 'refusals');
    const call = (req: Partial<RequestOf<'journeys.funnel'>>) =>
      t.wb.invoke('journeys.funnel', {
        datasetId: d.id,
        customerColumn: 'customer_id',
        timeColumn: 'ts',
        eventColumn: 'event',
        steps: ['a', 'b'],
        ...req,
      });
    const err = async (req: Partial<RequestOf<'journeys.funnel'>>) => {
      const r = await call(req);
      if (r.ok) throw new Error('expected a refusal');
      return r.error;
    };
    expect((await err({ customerColumn: 'who' })).message).toMatch(/customerColumn: "who" is not a column/);
    expect((await err({ timeColumn: 'price' })).message).toMatch(/timeColumn: "price" is [A-Z]+; use a date\/time column/);
    expect((await err({ exclusions: [{ event: 'b' }] })).message).toMatch(/exclusions\[0\]: "b" is also a step/);
    expect((await err({ exclusions: [{ event: 'x', between: [2, 2] }] })).field).toBe('exclusions[0]');
    expect((await err({ mode: 'unordered', exclusions: [{ event: 'x' }] })).message).toMatch(/use mode ordered or strict/);
    expect((await err({ droppedAt: 1 })).message).toMatch(/droppedAt: 1 must be a step from 2 to 2/);
    expect((await err({ steps: [{ event: 'a', filters: [{ column: 'nope', op: '=', value: 1 }] }, 'b'] })).field).toBe(
      'steps[0].filters[0].column',
    );
    expect((await err({ mode: 'sideways' as never })).message).toMatch(/ordered|strict|unordered/);
  });
});

describe('journeys.funnel on the sample events', () => {
  it('runs the purchase funnel with breakdown, times and dropped customers', { timeout: 120_000 }, async () => {
    const d = await t.wb.datasets.openAndWait({ path: path.join(SAMPLE_DIR, 'events.parquet') });
    const r = await t.wb.invoke('journeys.funnel', {
      datasetId: d.id,
      customerColumn: 'customer_id',
      timeColumn: 'event_ts',
      eventColumn: 'event_type',
      steps: ['visit', 'product_view', 'add_to_cart', 'checkout', 'purchase'],
      breakdownColumn: 'device',
      droppedAt: 5,
    });
    if (!r.ok) throw new Error(r.error.message);
    const f = r.value as FunnelResult;
    expect(f.steps.map((s) => s.name)).toEqual(['visit', 'product_view', 'add_to_cart', 'checkout', 'purchase']);
    for (let i = 1; i < f.steps.length; i++) {
      const s = f.steps[i]!;
      const prev = f.steps[i - 1]!;
      expect(s.customers).toBeLessThanOrEqual(prev.customers);
      expect(s.dropOff).toBe(prev.customers - s.customers);
      expect(s.conversion).toBeCloseTo(s.customers / f.steps[0]!.customers, 12);
      expect(s.medianSecondsFromPrevious).toBeGreaterThanOrEqual(0);
      expect(s.timeToConvert!.histogram.reduce((a, h) => a + h.customers, 0)).toBe(s.customers);
    }
    expect(f.steps[4]!.customers).toBeGreaterThan(0);
    expect(f.steps[0]!.customers).toBeLessThanOrEqual(f.totalCustomers);
    expect(f.unknownEvents).toEqual([]);
    expect(f.dropped!.count).toBe(f.steps[3]!.customers - f.steps[4]!.customers);
    expect(f.dropped!.customerIds.length).toBe(Math.min(f.dropped!.count, FUNNEL_DROPPED_ID_LIMIT));
    const devices = f.breakdown!.map((b) => b.value);
    expect(new Set(devices).size).toBe(devices.length);
    expect(f.breakdown!.reduce((a, b) => a + b.steps[0]!, 0)).toBe(f.steps[0]!.customers);
    // The same request, step events spelled wrong, flags them.
    const wrong = await t.wb.invoke('journeys.funnel', {
      datasetId: d.id,
      customerColumn: 'customer_id',
      timeColumn: 'event_ts',
      eventColumn: 'event_type',
      steps: ['visit', 'add_to_basket'],
    });
    expect(wrong.ok && (wrong.value as FunnelResult).unknownEvents).toEqual(['add_to_basket']);
  });
});
