/**
 * Journey analytics timings: paths (top 50 edges over the event table) and Markov attribution over a
 * touchpoint table with 10 channels, through the API next to the same SQL run by hand in raw DuckDB.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Method, RequestOf, ResponseOf } from '../shared/api/contract';
import { attributionSql } from '../shared/journeys/markov-sql';
import { pathsSql } from '../shared/journeys/paths-sql';

export interface JourneyBenchRow {
  what: string;
  api: number;
  raw: number;
  target: string;
  ok: boolean;
}

type Call = <M extends Method>(method: M, req: RequestOf<M>) => Promise<ResponseOf<M>>;

/** Touchpoints: `rows` rows over rows / 10 journeys, 10 channels, about one journey in five converting (hash-based, repeatable). */
export async function ensureTouches(dir: string, rows: number): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `touches_${rows}.parquet`);
  if (existsSync(file)) return file;
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  await con.run(`COPY (
    SELECT 'J' || lpad((i // 10)::VARCHAR, 8, '0') AS journey_id,
           TIMESTAMP '2025-01-01' + to_seconds(((hash(i) % 86400) + (i % 10) * 3600)::BIGINT) AS touched_at,
           ['email', 'paid_search', 'organic', 'social', 'display', 'affiliate', 'referral', 'video', 'sms', 'push'][(1 + hash(i * 7) % 10)::BIGINT] AS channel,
           i % 10 = 9 AND hash(i // 10) % 5 = 0 AS converted
    FROM range(${rows}) t(i)) TO '${file}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880)`);
  con.closeSync();
  db.closeSync();
  return file;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
async function best(n: number, fn: () => Promise<unknown>): Promise<number> {
  const xs: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    xs.push(performance.now() - t);
  }
  return median(xs);
}

/**
 * `events` is the event table (customer_id, event_ts, event_type) loaded as a dataset under the view
 * `eventsView` for raw DuckDB; `touches` likewise the touchpoint table.
 */
export async function benchJourneys(
  call: Call,
  rawRun: (sql: string) => Promise<unknown>,
  events: { id: string; view: string },
  touches: { id: string; view: string },
  runs = 3,
): Promise<JourneyBenchRow[]> {
  const paths = { customerColumn: 'customer_id', timeColumn: 'event_ts', eventColumn: 'event_type', steps: 5, limit: 50 };
  const api = await best(runs, () => call('journeys.paths', { datasetId: events.id, ...paths }));
  const raw = await best(runs, () => rawRun(pathsSql({ ...paths, relation: events.view, timeType: 'TIMESTAMP' })));
  const attr = { journeyColumn: 'journey_id', timeColumn: 'touched_at', channelColumn: 'channel', convertedColumn: 'converted' };
  const attrApi = await best(runs, () => call('journeys.attribution', { datasetId: touches.id, ...attr }));
  const attrRaw = await best(runs, () => rawRun(attributionSql({ ...attr, relation: touches.view, timeType: 'TIMESTAMP', order: 1 })));
  return [
    { what: 'paths: 5 steps, 50 edges, sessions by 30-minute gap', api, raw, target: '< 3000 ms', ok: api < 3000 },
    { what: 'Markov attribution over 10 touchpoints (order 1)', api: attrApi, raw: attrRaw, target: '< 3000 ms', ok: attrApi < 3000 },
  ];
}
