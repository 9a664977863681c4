import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { seededUniform } from '../../../shared/ml/random';
import type { RequestOf } from '../../../shared/api/contract';
import {
  FUNNEL_BREAKDOWN_LIMIT,
  FUNNEL_DROPPED_ID_LIMIT,
  FUNNEL_HISTOGRAM_BINS,
  type FunnelResult,
  type FunnelStep,
} from '../../../shared/journeys/funnel';
import { buildFunnelSql } from '../../../shared/journeys/funnel-sql';
import { matches, orderedReachedByDefinition, referenceFunnel, type RefRow } from '../../../shared/journeys/funnel-reference';
import { useWorkbench } from '../test-support';

// The ordered funnel settles most customers from one grouping pass and sends the rest through the chain of joins
// (shared/journeys/funnel-easy-sql.ts): on logs mixing both kinds, every output must still equal the brute force.
const t = useWorkbench();
const BASE = Date.UTC(2025, 0, 1) / 1000;
const HOUR = 3600;
const W = 10 * HOUR;

type Row = Omit<RefRow, 'rn'>;

/**
 * Customers on an hour grid spanning three windows (ties; chains leaving the window from the earliest start while
 * a later start fits), with hand-made shapes mixed in: out-of-order first times, a step only before the previous
 * one, the window's exact edge, tied first steps with different breakdown values, every step at one time. Some
 * NULL timestamps and ids; file order shuffled.
 */
function generate(seed: number, customers: number): Row[] {
  const rnd = seededUniform(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const rows: Row[] = [];
  const add = (id: string, h: number | null, event: string, cat = pick(['p', 'q', 'r', null])) =>
    rows.push({ customer: rnd() < 0.02 ? null : id, ts: h === null ? null : BASE + h * HOUR, event, props: { cat } });
  for (let c = 0; c < customers; c++) {
    const id = `K${String(c).padStart(4, '0')}`;
    const o = Math.floor(rnd() * 50);
    switch (c % 7) {
      case 0: // out-of-order first times: b first, then a, then b again
        [
          [o, 'b'],
          [o + 1, 'a'],
          [o + 2, 'b'],
          [o + 1, 'c'],
          [o + 3, 'c'],
          [o + 4, 'd'],
        ].forEach(([h, e]) => add(id, h as number, e as string));
        break;
      case 1: // the earliest start is too slow, a later one fits; ties at the later start
        [
          [o, 'a'],
          [o + 12, 'a'],
          [o + 12, 'b'],
          [o + 12, 'c'],
          [o + 22, 'd'],
        ].forEach(([h, e]) => add(id, h as number, e as string));
        break;
      case 2: // tied first steps with different breakdown values (file order decides), c only before b
        add(id, o, 'a', 'p');
        add(id, o, 'a', 'q');
        add(id, o + 1, 'c');
        add(id, o + 2, 'b');
        add(id, o + 3, 'd');
        break;
      case 3: // every step at the same time
        ['d', 'c', 'b', 'a'].forEach((e) => add(id, o, e));
        break;
      default:
        for (let i = 0, k = 1 + Math.floor(rnd() * 8); i < k; i++)
          add(id, rnd() < 0.07 ? null : o + Math.floor(rnd() * 30), pick(['a', 'a', 'b', 'b', 'c', 'd', 'x']));
    }
  }
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [rows[i], rows[j]] = [rows[j]!, rows[i]!];
  }
  return rows;
}

async function load(rows: Row[], name: string): Promise<{ id: string; file: string; rows: RefRow[] }> {
  const file = path.join(t.dir, `${name}.csv`);
  const iso = (s: number | null) => (s === null ? '' : new Date(s * 1000).toISOString().replace('T', ' ').replace('.000Z', ''));
  const lines = rows.map((r) => [r.customer ?? '', iso(r.ts), r.event, r.props.cat ?? ''].join(','));
  writeFileSync(file, ['customer_id,ts,event,cat', ...lines].join('\n') + '\n');
  const d = await t.wb.datasets.openAndWait({ path: file, name });
  return { id: d.id, file, rows: rows.map((r, rn) => ({ ...r, rn })) };
}

type Req = Omit<RequestOf<'journeys.funnel'>, 'datasetId' | 'customerColumn' | 'timeColumn' | 'eventColumn'>;

async function funnel(datasetId: string, req: Req): Promise<FunnelResult> {
  const r = await t.wb.invoke('journeys.funnel', {
    datasetId,
    customerColumn: 'customer_id',
    timeColumn: 'ts',
    eventColumn: 'event',
    ...req,
  });
  if (!r.ok) throw new Error(r.error.message);
  return r.value as FunnelResult;
}

function reference(rows: RefRow[], req: Req): FunnelResult {
  return referenceFunnel(rows, {
    steps: req.steps as FunnelStep[],
    windowSeconds: req.windowSeconds!,
    mode: 'ordered',
    exclusions: [],
    breakdownColumn: req.breakdownColumn,
    droppedAt: req.droppedAt,
    breakdownLimit: FUNNEL_BREAKDOWN_LIMIT,
    droppedIdLimit: FUNNEL_DROPPED_ID_LIMIT,
    histogramBins: FUNNEL_HISTOGRAM_BINS,
  });
}

/** Every field, numbers to 1e-6 (times are whole seconds; the SQL divides microseconds). */
function expectSame(got: FunnelResult, want: FunnelResult, label: string): void {
  const round = (x: unknown): unknown =>
    typeof x === 'number'
      ? Math.round(x * 1e6) / 1e6
      : Array.isArray(x)
        ? x.map(round)
        : x && typeof x === 'object'
          ? Object.fromEntries(Object.entries(x).map(([k, v]) => [k, round(v)]))
          : x;
  expect(round(got), label).toEqual(round(want));
}

/** Per customer (rows with a time): the level of the chain from the earliest start, each step at its earliest row. */
function earliestStartLevel(rows: RefRow[], steps: FunnelStep[], windowSeconds: number): number {
  const timed = rows.filter((r) => r.ts !== null);
  const starts = timed.filter((r) => matches(steps[0]!, r)).map((r) => r.ts!);
  if (!starts.length) return 0;
  const t1 = Math.min(...starts);
  let [level, prev] = [1, t1];
  for (const step of steps.slice(1)) {
    const next = timed.filter((r) => matches(step, r) && r.ts! >= prev).map((r) => r.ts!);
    if (!next.length || Math.min(...next) - t1 > windowSeconds) break;
    [level, prev] = [level + 1, Math.min(...next)];
  }
  return level;
}

const STEP_LISTS: FunnelStep[][] = [
  ['a', 'b', 'c', 'd'],
  [{ event: 'a', filters: [{ column: 'cat', op: '!=', value: 'r' }] }, { event: ['b', 'x'] }, 'c'],
];

describe('ordered funnel: customers settled by aggregates and customers sent through the chain', () => {
  it('equals the brute force in every output, on logs mixing both', { timeout: 300_000 }, async () => {
    const db = await DuckDBInstance.create(':memory:');
    const con = await db.connect();
    try {
      for (const seed of [5, 6]) {
        const { id, file, rows } = await load(generate(seed, 420), `tiers${seed}`);
        const byCustomer = new Map<string, RefRow[]>();
        for (const r of rows) if (r.customer !== null) byCustomer.set(r.customer, [...(byCustomer.get(r.customer) ?? []), r]);
        for (const steps of STEP_LISTS) {
          const label = JSON.stringify({ seed, steps });
          // The mix: customers of both tiers, and some whose counted attempt is not the earliest start's.
          const tiers = await con.runAndReadAll(
            buildFunnelSql({
              source: `read_csv('${file}', header = true, all_varchar = true)`,
              tiebreak: [],
              customerColumn: 'customer_id',
              timeColumn: 'ts',
              eventColumn: 'event',
              steps,
              windowSeconds: W,
              mode: 'ordered',
              exclusions: [],
              breakdownLimit: FUNNEL_BREAKDOWN_LIMIT,
              droppedIdLimit: FUNNEL_DROPPED_ID_LIMIT,
              histogramBins: FUNNEL_HISTOGRAM_BINS,
              tiersOnly: true,
            }),
          );
          const [easy, hard] = tiers.getRows()[0]!.map(Number);
          expect(easy, label).toBeGreaterThan(100);
          expect(hard, label).toBeGreaterThan(20);
          const levels = [...byCustomer.entries()].map(([c, rs]) => [c, orderedReachedByDefinition(rs, steps, W)] as const);
          const later = [...byCustomer.values()].filter(
            (rs) => orderedReachedByDefinition(rs, steps, W) > earliestStartLevel(rs, steps, W),
          );
          expect(later.length, label).toBeGreaterThan(10);

          for (const req of [
            { steps, windowSeconds: W, breakdownColumn: 'cat' },
            { steps, windowSeconds: W, breakdownColumn: 'cat', droppedAt: 2 },
            { steps, windowSeconds: W, droppedAt: steps.length },
            { steps, windowSeconds: 2 * HOUR, breakdownColumn: 'cat', droppedAt: 3 },
          ] satisfies Req[]) {
            expectSame(await funnel(id, req), reference(rows, req), JSON.stringify({ seed, ...req }));
          }
          for (const k of [2, steps.length]) {
            const want = levels
              .filter(([, l]) => l >= k)
              .map(([c]) => c)
              .sort();
            const got = await funnel(id, { steps, windowSeconds: W, reachedAt: k });
            expect(got.reached, label).toEqual({ step: k, count: want.length, customerIds: want });
          }
        }
      }
    } finally {
      con.closeSync();
      db.closeSync();
    }
  });
});
