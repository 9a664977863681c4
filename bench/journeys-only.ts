/**
 * Only the journey rows of the bench, in raw DuckDB on the cached bench data (bench/data): paths (5 steps,
 * 50 edges, sessions by 30-minute gap) and Markov attribution (order 1) over 10 touchpoints, the same SQL
 * as the app runs. Prints the median wall and process CPU time of `RUNS` runs (default 3), each after one
 * warm-up. `npx tsx bench/journeys-only.ts` (ROWS=10000000 THREADS=2 by default). With `--app` (after
 * `npx electron-vite build`) it also times both requests through the browser-mode host, as `npm run bench` does.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { attributionSql } from '../shared/journeys/markov-sql';
import { pathsSql } from '../shared/journeys/paths-sql';
import { ensureBenchFiles } from './generate-events';
import { openDataset, startHost } from './host-client';
import { ensureTouches } from './journeys';

const ROWS = Number(process.env.ROWS ?? 10_000_000);
const RUNS = Number(process.env.RUNS ?? 3);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const dir = path.join(import.meta.dirname, 'data');
  const files = await ensureBenchFiles(dir, ROWS);
  const touches = await ensureTouches(dir, ROWS);
  const db = await DuckDBInstance.create(':memory:', { threads: String(process.env.THREADS ?? 2) });
  const con = await db.connect();
  await con.run(`CREATE VIEW ev AS SELECT * FROM read_parquet('${files.parquet}')`);
  await con.run(`CREATE VIEW touches AS SELECT * FROM read_parquet('${touches}')`);
  const rows: [string, string][] = [
    [
      'paths: 5 steps, 50 edges, sessions by 30-minute gap',
      pathsSql({
        customerColumn: 'customer_id',
        timeColumn: 'event_ts',
        eventColumn: 'event_type',
        steps: 5,
        limit: 50,
        relation: 'ev',
        timeType: 'TIMESTAMP',
      }),
    ],
    [
      'Markov attribution over 10 touchpoints (order 1)',
      attributionSql({
        journeyColumn: 'journey_id',
        timeColumn: 'touched_at',
        channelColumn: 'channel',
        convertedColumn: 'converted',
        relation: 'touches',
        timeType: 'TIMESTAMP',
        order: 1,
      }),
    ],
  ];
  for (const [what, sql] of rows) {
    await con.run(sql);
    const wall: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      await con.runAndReadAll(sql);
      wall.push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1000);
    }
    console.log(`${what.padEnd(55)} wall ${median(wall).toFixed(0).padStart(6)} ms   cpu ${median(cpu).toFixed(0).padStart(6)} ms`);
  }
  con.closeSync();
  db.closeSync();
  if (process.argv.includes('--app')) await timeThroughApp(files.parquet, touches);
}

/** Both requests through the browser-mode host (the built app): median wall time of `RUNS` runs after one warm-up. */
async function timeThroughApp(events: string, touches: string): Promise<void> {
  const ws = mkdtempSync(path.join(os.tmpdir(), 'wb-bench-journeys-'));
  const host = await startHost(path.resolve(import.meta.dirname, '..'), ws);
  try {
    const open = (p: string, name: string) => openDataset(host, { path: p, name });
    const ev = await open(events, 'ev');
    const tp = await open(touches, 'touches');
    const calls: [string, () => Promise<unknown>][] = [
      [
        'paths through the app',
        () =>
          host.call('journeys.paths', {
            datasetId: ev,
            customerColumn: 'customer_id',
            timeColumn: 'event_ts',
            eventColumn: 'event_type',
            steps: 5,
            limit: 50,
          }),
      ],
      [
        'Markov attribution through the app',
        () =>
          host.call('journeys.attribution', {
            datasetId: tp,
            journeyColumn: 'journey_id',
            timeColumn: 'touched_at',
            channelColumn: 'channel',
            convertedColumn: 'converted',
          }),
      ],
    ];
    for (const [what, call] of calls) {
      await call();
      const wall: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t0 = performance.now();
        await call();
        wall.push(performance.now() - t0);
      }
      console.log(`${what.padEnd(55)} wall ${median(wall).toFixed(0).padStart(6)} ms   (runs ${wall.map((w) => w.toFixed(0)).join(' ')})`);
    }
  } finally {
    await host.stop();
    rmSync(ws, { recursive: true, force: true });
  }
}
void main();
