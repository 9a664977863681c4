import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNNEL_BREAKDOWN_LIMIT, FUNNEL_DROPPED_ID_LIMIT, FUNNEL_HISTOGRAM_BINS } from '../../../shared/journeys/funnel';
import { buildFunnelSql, type FunnelSqlRow, type FunnelSqlSpec } from '../../../shared/journeys/funnel-sql';
import { funnelQuery } from './funnel-service';

// Customers keyed by a hash of their id: the answer must not change, even when two ids share a key.
let db: DuckDBInstance;
let run: (sql: string) => Promise<unknown>;

beforeAll(async () => {
  db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  run = async (sql) => (await con.runAndReadAll(sql)).getRows()[0]?.[0];
  // 40 customers, events by hash of the row number; a key function that puts every id under one of two keys.
  await con.run(`CREATE TABLE ev AS
    SELECT 'C' || (i % 40)::VARCHAR AS customer_id, TIMESTAMP '2025-01-01' + to_seconds((hash(i) % 100000)::BIGINT) AS ts,
           ['visit', 'view', 'cart', 'buy', 'other'][1 + (hash(i * 7) % 5)::BIGINT] AS event, i AS rn
    FROM range(600) t(i)`);
  await con.run(`CREATE MACRO two_keys(x) AS hash(x) % 2`);
});
afterAll(() => db.closeSync());

const spec = (mode: FunnelSqlSpec['mode']): FunnelSqlSpec => ({
  source: 'ev',
  tiebreak: ['rn'],
  customerColumn: 'customer_id',
  timeColumn: 'ts',
  eventColumn: 'event',
  steps: ['visit', 'view', 'cart', 'buy'],
  windowSeconds: 86_400,
  mode,
  exclusions: [],
  breakdownLimit: FUNNEL_BREAKDOWN_LIMIT,
  droppedIdLimit: FUNNEL_DROPPED_ID_LIMIT,
  histogramBins: FUNNEL_HISTOGRAM_BINS,
});
const byIds = async (s: FunnelSqlSpec) => JSON.parse((await run(buildFunnelSql(s))) as string) as FunnelSqlRow;
// The histogram's bins and the present events come back in no particular order.
const summary = (r: FunnelSqlRow) => ({
  steps: r.steps,
  hist: [...(r.hist ?? [])].sort((a, b) => a.k - b.k || a.bin - b.bin),
  total: r.total,
  present: [...(r.present ?? [])].sort(),
});

describe('funnel keyed by a hash of the customer id', () => {
  it('gives the answer of the ids themselves, and says no two ids share a hash', async () => {
    for (const mode of ['ordered', 'strict', 'unordered'] as const) {
      const want = await byIds(spec(mode));
      expect(want.steps![1]!.customers, mode).toBeGreaterThan(0);
      const hashed = JSON.parse((await run(buildFunnelSql({ ...spec(mode), customerHash: 'hash' }))) as string) as FunnelSqlRow;
      expect(hashed.collision, mode).toBe(false);
      expect(summary(hashed), mode).toEqual(summary(want));
      expect(summary(await funnelQuery(run, spec(mode))), mode).toEqual(summary(want));
    }
  });

  it('reports ids sharing a key, and then runs again on the ids', async () => {
    const want = await byIds(spec('ordered'));
    const merged = JSON.parse((await run(buildFunnelSql({ ...spec('ordered'), customerHash: 'two_keys' }))) as string) as FunnelSqlRow;
    expect(merged.collision).toBe(true);
    expect(merged.steps![0]!.customers).toBeLessThan(want.steps![0]!.customers);
    const got = await funnelQuery(run, spec('ordered'), 'two_keys');
    expect(summary(got)).toEqual(summary(want));
  });

  it('refuses a key function that is not a plain name', () => {
    expect(() => buildFunnelSql({ ...spec('ordered'), customerHash: 'hash(x); DROP TABLE ev' })).toThrow(/customerHash/);
  });
});
