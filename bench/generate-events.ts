/** Deterministic large event tables for benchmarks, written by DuckDB itself (hash-based, no RNG state). */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

export interface BenchFiles {
  parquet: string;
  csv: string;
  rows: number;
}

const EVENT_SQL = (rows: number) => `
  WITH base AS (
    SELECT i, i // 6 AS s, (hash(i // 6) % 1000000007)::BIGINT AS hs, (hash(i) % 1000000007)::BIGINT AS hi FROM range(${rows}) t(i)
  )
  SELECT
    'E' || lpad(i::VARCHAR, 9, '0') AS event_id,
    'S' || lpad(s::VARCHAR, 8, '0') AS session_id,
    'C' || lpad((hs % 400000)::VARCHAR, 6, '0') AS customer_id,
    TIMESTAMP '2025-01-01' + to_seconds((s * 3 + (i % 6) * 40 + hs % 1000)::BIGINT) AS event_ts,
    CASE i % 6 WHEN 0 THEN 'visit' WHEN 1 THEN 'product_view' WHEN 2 THEN 'product_view'
      ELSE CASE WHEN hi % 10 < 4 THEN 'add_to_cart' WHEN hi % 10 < 6 THEN 'checkout' WHEN hi % 10 < 7 THEN 'purchase'
                WHEN hi % 10 < 8 THEN 'support_contact' ELSE 'product_view' END END AS event_type,
    ['mobile', 'desktop', 'tablet'][1 + hs % 3] AS device,
    ['organic', 'paid_search', 'social', 'email', 'referral', 'affiliate'][1 + (hs // 3) % 6] AS channel,
    '/p/' || (hi % 5000)::VARCHAR AS page,
    ['apparel', 'shoes', 'home', 'beauty', 'electronics', 'sports'][1 + (hi // 7) % 6] AS product_category,
    CASE WHEN i % 6 >= 3 AND hi % 10 = 6 THEN round(5 + (hi % 20000) / 100.0, 2) END AS revenue
  FROM base ORDER BY i`;

export async function ensureBenchFiles(dir: string, rows: number): Promise<BenchFiles> {
  mkdirSync(dir, { recursive: true });
  const parquet = path.join(dir, `events_${rows}.parquet`);
  const csv = path.join(dir, `events_${rows}.csv`);
  if (existsSync(parquet) && existsSync(csv)) return { parquet, csv, rows };
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  await con.run(`COPY (${EVENT_SQL(rows)}) TO '${parquet}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880)`);
  await con.run(`COPY (SELECT * FROM read_parquet('${parquet}')) TO '${csv}' (FORMAT csv, HEADER true)`);
  con.closeSync();
  db.closeSync();
  return { parquet, csv, rows };
}

/** An assignments table: one row per user, variant, device, converted, revenue, pre-period revenue. */
export async function ensureAssignments(dir: string, rows: number): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `assignments_${rows}.parquet`);
  if (existsSync(file)) return file;
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  await con.run(`COPY (
    WITH b AS (SELECT i, (hash(i) % 1000000007)::BIGINT AS h, (hash(i * 7 + 3) % 1000000007)::BIGINT AS g FROM range(${rows}) t(i))
    SELECT 'U' || lpad(i::VARCHAR, 9, '0') AS user_id,
           CASE WHEN h % 2 = 0 THEN 'control' ELSE 'treatment' END AS variant,
           ['mobile', 'desktop', 'tablet'][1 + (h // 2) % 3] AS device,
           round((g % 10000) / 100.0, 2) AS pre_period_revenue,
           CASE WHEN g % 100 < 9 + (h % 2) THEN 1 ELSE 0 END AS converted,
           round(0.6 * (g % 10000) / 100.0 + (h % 5000) / 100.0, 2) AS revenue
    FROM b ORDER BY i) TO '${file}' (FORMAT parquet, COMPRESSION zstd)`);
  con.closeSync();
  db.closeSync();
  return file;
}
