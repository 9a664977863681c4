/**
 * The funnel benchmark's data and request: 10M events from 1M customers (10 each, in time order, with ties),
 * and a 5-step ordered funnel over them; a customer-level table (cluster, variant) for the map's numbers over a
 * population. `npx tsx bench/funnel.ts [--rows N]` times the builders' SQL in raw DuckDB on its own (no build
 * needed), with the process's CPU time and a hand-written funnel beside it (on a shared machine the wall time
 * varies run to run; the ratio to the hand-written query does less). With `--app` (after `npx electron-vite build`)
 * it also times both requests through the app, as `npm run bench` does.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import {
  DEFAULT_FUNNEL_WINDOW_SECONDS,
  FUNNEL_BREAKDOWN_LIMIT,
  FUNNEL_DROPPED_ID_LIMIT,
  FUNNEL_HISTOGRAM_BINS,
} from '../shared/journeys/funnel';
import { buildFunnelSql } from '../shared/journeys/funnel-sql';
import { columnMembersSql, restrictToMembers, type Population } from '../shared/journeys/population';
import { openDataset, startHost } from './host-client';

export const FUNNEL_STEPS = ['visit', 'product_view', 'add_to_cart', 'checkout', 'purchase'];

/** Ten events per customer: a visit, then views, carts, checkouts and purchases drawn by hash; seconds apart, some tied. */
export async function ensureFunnelEvents(dir: string, rows: number): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `funnel_events_${rows}.parquet`);
  if (existsSync(file)) return file;
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  await con.run(`COPY (
    WITH b AS (SELECT i, i // 10 AS c, i % 10 AS p, (hash(i) % 1000000007)::BIGINT AS h FROM range(${rows}) t(i))
    SELECT 'C' || lpad(c::VARCHAR, 7, '0') AS customer_id,
           TIMESTAMP '2025-01-01' + to_seconds((c % 100000) * 60 + p * (h % 7200) // 4) AS event_ts,
           CASE WHEN p = 0 THEN 'visit' ELSE CASE WHEN h % 100 < 40 THEN 'product_view' WHEN h % 100 < 60 THEN 'add_to_cart'
             WHEN h % 100 < 72 THEN 'checkout' WHEN h % 100 < 80 THEN 'purchase' WHEN h % 100 < 90 THEN 'visit' ELSE 'support_contact' END END AS event_type,
           ['mobile', 'desktop', 'tablet'][1 + c % 3] AS device
    FROM b ORDER BY event_ts, i) TO '${file}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880)`);
  con.closeSync();
  db.closeSync();
  return file;
}

/** One row per customer of the funnel events (rows / 10 of them): a cluster label 0..7 and an experiment variant. */
export async function ensureFunnelCustomers(dir: string, rows: number): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `funnel_customers_${rows}.parquet`);
  if (existsSync(file)) return file;
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  await con.run(`COPY (
    SELECT 'C' || lpad(c::VARCHAR, 7, '0') AS customer_id, (hash(c * 31) % 8)::INTEGER AS cluster,
           CASE WHEN hash(c * 17) % 2 = 0 THEN 'A' ELSE 'B' END AS variant
    FROM range(${rows / 10}) t(c)) TO '${file}' (FORMAT parquet, COMPRESSION zstd)`);
  con.closeSync();
  db.closeSync();
  return file;
}

/** The population of the "new population" row: customers of cluster 3 in the customer table (about one in eight). */
export function benchPopulation(customersDatasetId: string): Extract<Population, { kind: 'column' }> {
  return { kind: 'column', datasetId: customersDatasetId, idColumn: 'customer_id', column: 'cluster', value: 3 };
}

/** The SQL the app runs for the funnel over that population, the customer table loaded as `customersView`. */
export function populationFunnelSql(source: string, customersView: string): string {
  const members = { sql: columnMembersSql(customersView, benchPopulation('')), idType: 'VARCHAR' };
  return funnelSql(restrictToMembers(source, 'customer_id', 'VARCHAR', members));
}

/** The benchmark's request, as the app receives it. */
export function funnelRequest(datasetId: string) {
  return { datasetId, customerColumn: 'customer_id', timeColumn: 'event_ts', eventColumn: 'event_type', steps: FUNNEL_STEPS };
}

/** The SQL the app runs for that request over `source` (with its file-order column `__row`); `tiersOnly` counts its two tiers. */
export function funnelSql(source: string, tiersOnly = false): string {
  return buildFunnelSql({
    tiersOnly,
    source,
    tiebreak: ['"__row"'],
    customerColumn: 'customer_id',
    timeColumn: 'event_ts',
    eventColumn: 'event_type',
    steps: FUNNEL_STEPS,
    windowSeconds: DEFAULT_FUNNEL_WINDOW_SECONDS,
    mode: 'ordered',
    exclusions: [],
    breakdownLimit: FUNNEL_BREAKDOWN_LIMIT,
    droppedIdLimit: FUNNEL_DROPPED_ID_LIMIT,
    histogramBins: FUNNEL_HISTOGRAM_BINS,
    customerHash: 'hash',
  });
}

/**
 * A funnel as one would write it by hand in DuckDB (each step's first time per customer, in order, no window and
 * no repeats): not the same answer, a yardstick of what one pass and one grouping cost on this machine today.
 */
export function handWrittenFunnelSql(source: string): string {
  const firsts = FUNNEL_STEPS.map((s, i) => `min(event_ts) FILTER (WHERE event_type = '${s}') AS f${i + 1}`).join(', ');
  const reached = FUNNEL_STEPS.map(
    (_, i) =>
      `count(*) FILTER (WHERE ${FUNNEL_STEPS.slice(0, i + 1)
        .map((_, j) => (j === 0 ? 'f1 IS NOT NULL' : `f${j + 1} >= f${j}`))
        .join(' AND ')})`,
  ).join(', ');
  return `SELECT ${reached} FROM (SELECT customer_id, ${firsts} FROM ${source} GROUP BY customer_id)`;
}

/** The app's source for a Parquet dataset: the file with its row number as the tiebreak. */
export const parquetSource = (file: string) =>
  `(SELECT * EXCLUDE (file_row_number), file_row_number AS __row FROM read_parquet('${file}', file_row_number = true))`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { rows: { type: 'string', default: '10000000' }, threads: { type: 'string', default: '2' }, app: { type: 'boolean' } },
  });
  const file = await ensureFunnelEvents(path.resolve(__dirname, 'data'), Number(values.rows));
  const db = await DuckDBInstance.create(':memory:', { threads: values.threads! });
  const con = await db.connect();
  const customers = await ensureFunnelCustomers(path.resolve(__dirname, 'data'), Number(values.rows));
  await con.run(`CREATE VIEW funnel_customers AS SELECT * FROM read_parquet('${customers}')`);
  const cpuNote = (c: NodeJS.CpuUsage) => `${((c.user + c.system) / 1000).toFixed(0)} ms CPU`;
  for (let i = 0; i < 3; i++) {
    const [t, c0] = [performance.now(), process.cpuUsage()];
    await con.runAndReadAll(handWrittenFunnelSql(parquetSource(file)));
    const ms = performance.now() - t;
    console.log(`hand-written first-time funnel (yardstick), ${values.rows} events: ${ms.toFixed(0)} ms, ${cpuNote(process.cpuUsage(c0))}`);
  }
  const tiers = (await con.runAndReadAll(funnelSql(parquetSource(file), true))).getRows()[0]!.map(Number);
  console.log(`customers settled by one grouping pass: ${tiers[0]}; through the chain of joins: ${tiers[1]}`);
  for (const [what, sql] of [
    ['5-step ordered funnel', funnelSql(parquetSource(file))],
    ['map numbers for a new population (cluster = 3 of a customer table)', populationFunnelSql(parquetSource(file), 'funnel_customers')],
  ] as const) {
    for (let i = 0; i < 3; i++) {
      const [t, c0] = [performance.now(), process.cpuUsage()];
      const r = await con.runAndReadAll(sql);
      const ms = performance.now() - t;
      const cpu = cpuNote(process.cpuUsage(c0));
      const out = JSON.parse(String(r.getRows()[0]![0])) as { steps: { customers: number }[]; total: number };
      const steps = out.steps.map((s) => s.customers);
      console.log(`${what}, ${values.rows} events: ${ms.toFixed(0)} ms, ${cpu} (${out.total} customers; per step ${steps.join(' / ')})`);
    }
  }
  con.closeSync();
  db.closeSync();
  if (values.app) await timeThroughApp(file, customers, values.rows!);
}

/** Both requests through the browser-mode host (the built app), three runs each. */
async function timeThroughApp(file: string, customersFile: string, rows: string): Promise<void> {
  const ws = mkdtempSync(path.join(os.tmpdir(), 'wb-bench-funnel-'));
  const host = await startHost(path.resolve(__dirname, '..'), ws);
  try {
    const open = (p: string, name: string) => openDataset(host, { path: p, name });
    const events = await open(file, 'funnel_events');
    const customers = await open(customersFile, 'funnel_customers');
    for (const [what, req] of [
      ['5-step ordered funnel through the app', funnelRequest(events)],
      ['map numbers for a new population through the app', { ...funnelRequest(events), population: benchPopulation(customers) }],
    ] as const) {
      for (let i = 0; i < 3; i++) {
        const t = performance.now();
        const out = await host.call('journeys.funnel', req);
        const ms = performance.now() - t;
        console.log(`${what}, ${rows} events: ${ms.toFixed(0)} ms (per step ${out.steps.map((x) => x.customers).join(' / ')})`);
      }
    }
  } finally {
    await host.stop();
    rmSync(ws, { recursive: true, force: true });
  }
}

if (require.main === module) void main();
