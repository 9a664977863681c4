/**
 * `npm run bench [-- --rows N]`: speed and memory of the foundation, measured through the app's API
 * (the browser-mode host over HTTP) next to the same SQL in raw @duckdb/node-api, in one run.
 * Writes BENCHMARKS.md. Targets are stated in the table; they are checked here, never in unit tests.
 */
import { execSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import {
  benchPopulation,
  ensureFunnelCustomers,
  ensureFunnelEvents,
  funnelRequest,
  funnelSql,
  parquetSource,
  populationFunnelSql,
} from './funnel';
import { benchExcel } from './excel';
import { ensureAssignments, ensureBenchFiles } from './generate-events';
import { openDataset, startHost } from './host-client';
import { benchJourneys, ensureTouches } from './journeys';
import { benchModels } from './ml';
import { benchCalculators } from './stats';
import { benchUi } from './ui';

const ROOT = path.resolve(__dirname, '..');
const { values } = parseArgs({
  options: { rows: { type: 'string', default: '10000000' }, out: { type: 'string', default: path.join(ROOT, 'BENCHMARKS.md') } },
});
const ROWS = Number(values.rows);

interface Row {
  what: string;
  unit?: 'ms' | 'MB';
  api: number;
  raw?: number;
  target: string;
  ok: boolean;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
async function time(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}
async function best(n: number, fn: () => Promise<unknown>): Promise<number> {
  const xs: number[] = [];
  for (let i = 0; i < n; i++) xs.push(await time(fn));
  return median(xs);
}

const RFM = (rel: string) => `SELECT customer_id,
  date_diff('day', max(event_ts), TIMESTAMP '2027-01-01') AS recency,
  count(*) FILTER (WHERE event_type = 'purchase') AS frequency,
  coalesce(sum(revenue), 0) AS monetary
  FROM ${rel} GROUP BY customer_id`;
const PATHS = (rel: string) => `SELECT path, count(*) AS sessions FROM (
  SELECT session_id, string_agg(event_type, ' > ' ORDER BY event_ts, event_id) AS path
  FROM (SELECT session_id, event_type, event_ts, event_id,
               row_number() OVER (PARTITION BY session_id ORDER BY event_ts, event_id) AS step FROM ${rel})
  WHERE step <= 5 GROUP BY session_id) GROUP BY path ORDER BY sessions DESC LIMIT 50`;
const BY_TYPE = (rel: string) => `SELECT event_type, count(*) AS n FROM ${rel} GROUP BY 1 ORDER BY 2 DESC`;

async function main(): Promise<void> {
  console.log(`Preparing ${ROWS.toLocaleString()} events (cached in bench/data)…`);
  const files = await ensureBenchFiles(path.join(ROOT, 'bench', 'data'), ROWS);
  const rows: Row[] = [];
  const add = (r: Row) => {
    rows.push(r);
    const u = r.unit ?? 'ms';
    console.log(
      `${r.ok ? 'ok  ' : 'MISS'} ${r.what.padEnd(70)} ${r.api.toFixed(1).padStart(8)} ${u}${r.raw !== undefined ? `   raw ${r.raw.toFixed(1).padStart(8)} ${u}` : ''}   (${r.target})`,
    );
  };

  // Raw DuckDB in this process, same threads as the app's worker (DuckDB's default: all cores).
  const rawDb = await DuckDBInstance.create(':memory:');
  const raw = await rawDb.connect();
  await raw.run(`CREATE VIEW ev AS SELECT * FROM read_parquet('${files.parquet}', hive_partitioning = true, union_by_name = true)`);
  const rawRun = (sql: string) => raw.runAndReadAll(sql);
  await rawRun('SELECT count(*) FROM ev'); // warm the page cache

  // Exploring a view: memory is read from the host process afterwards.
  const ws = mkdtempSync(path.join(os.tmpdir(), 'wb-bench-'));
  const host = await startHost(ROOT, ws);
  try {
    const baseMem = host.memory();
    let datasetId = '';
    const firstPage = await time(async () => {
      datasetId = await openDataset(host, { path: files.parquet, name: 'ev' }, 5);
      await host.call('explore.page', { datasetId, offset: 0, limit: 200 });
    });
    add({ what: 'first grid page after choosing the file (open view + page)', api: firstPage, target: '≤ 500 ms', ok: firstPage <= 500 });

    const deep = await best(3, () => host.call('explore.page', { datasetId, offset: Math.floor(ROWS / 2), limit: 200 }));
    const deepRaw = await best(3, () => rawRun(`SELECT * FROM ev LIMIT 200 OFFSET ${Math.floor(ROWS / 2)}`));
    add({ what: 'unsorted page in the middle of the file', api: deep, raw: deepRaw, target: '≤ 150 ms', ok: deep <= 150 });

    const sort = [{ column: 'revenue', direction: 'desc' as const }];
    const sortRun = await time(() => host.call('explore.page', { datasetId, offset: 0, limit: 200, sort }));
    const sortRaw = await time(() => rawRun('SELECT * FROM ev ORDER BY revenue DESC NULLS LAST LIMIT 200'));
    add({ what: 'sort by revenue: first page (the sort runs)', api: sortRun, raw: sortRaw, target: 'reported', ok: true });
    await new Promise((r) => setTimeout(r, 1500)); // the user reads; the next window warms up
    const later: number[] = [];
    for (let off = 200; off < 4000; off += 200)
      later.push(await time(() => host.call('explore.page', { datasetId, offset: off, limit: 200, sort })));
    add({
      what: 'sorted: later pages while scrolling (worst of 19)',
      api: Math.max(...later),
      target: '≤ 150 ms',
      ok: Math.max(...later) <= 150,
    });
    const jump = await time(() => host.call('explore.page', { datasetId, offset: Math.floor(ROWS / 3), limit: 200, sort }));
    const jumpRaw = await time(() => rawRun(`SELECT * FROM ev ORDER BY revenue DESC NULLS LAST LIMIT 200 OFFSET ${Math.floor(ROWS / 3)}`));
    add({ what: 'sorted: jump to a third of the way down (new window)', api: jump, raw: jumpRaw, target: 'reported', ok: true });
    const afterJump = await best(3, () => host.call('explore.page', { datasetId, offset: Math.floor(ROWS / 3) + 200, limit: 200, sort }));
    add({ what: 'sorted: page after the jump', api: afterJump, target: '≤ 150 ms', ok: afterJump <= 150 });

    const filters = [{ column: 'event_type', kind: 'text' as const, op: 'equals' as const, value: 'purchase' }];
    const filt = await time(() => host.call('explore.page', { datasetId, offset: 0, limit: 200, filters }));
    add({ what: 'filter event_type = purchase: first page and count', api: filt, target: 'reported', ok: true });
    const filtLater = await best(5, () => host.call('explore.page', { datasetId, offset: 400, limit: 200, filters }));
    add({ what: 'filtered: later page', api: filtLater, target: '≤ 150 ms', ok: filtLater <= 150 });

    const profile = await time(() => host.call('explore.profile', { datasetId }));
    add({ what: 'column profiles (all 10 columns)', api: profile, target: 'reported', ok: true });

    const mem = host.memory();
    add({
      what: 'peak resident memory while exploring: grid, sorts, deep jumps, filters, profiles',
      unit: 'MB',
      api: mem.peakMb,
      target: '< 1024 MB',
      ok: mem.peakMb < 1024,
    });
    console.log(`  (host at start: ${baseMem.currentMb.toFixed(0)} MB resident)`);

    for (const [what, sql] of [
      ['count by event type', BY_TYPE],
      ['per-customer RFM aggregation', RFM],
      ['first-5-events path extraction', PATHS],
    ] as const) {
      const n = what.startsWith('first-5') ? 2 : 3;
      // The SQL editor's default: the full query runs, the first 10,000 rows come back.
      const api = await best(n, () => host.call('query.run', { sql: sql('ev') }));
      const r = await best(n, () => rawRun(sql('ev')));
      add({ what, api, raw: r, target: '≤ 1.2× raw + 5 ms (one HTTP round trip)', ok: api <= 1.2 * r + 5 });
    }

    // Funnel: 1M customers with ten events each; the app's query next to the same SQL in raw DuckDB.
    const funnelFile = await ensureFunnelEvents(path.join(ROOT, 'bench', 'data'), ROWS);
    const funnelId = await openDataset(host, { path: funnelFile, name: 'funnel_events' });
    const funnelApi = await best(3, () => host.call('journeys.funnel', funnelRequest(funnelId)));
    const funnelRaw = await best(3, () => rawRun(funnelSql(parquetSource(funnelFile))));
    add({
      what: `5-step ordered funnel, ${(ROWS / 1e6).toFixed(0)}M events / ${(ROWS / 1e7).toFixed(0)}M customers (raw: the same SQL)`,
      api: funnelApi,
      raw: funnelRaw,
      target: '≤ 2000 ms',
      ok: funnelApi <= 2000,
    });
    // The same funnel over a new population: customers of one cluster in a customer-level table (a semi-join first).
    const customersFile = await ensureFunnelCustomers(path.join(ROOT, 'bench', 'data'), ROWS);
    const customersId = await openDataset(host, { path: customersFile, name: 'funnel_customers' });
    await rawRun(`CREATE OR REPLACE VIEW funnel_customers AS SELECT * FROM read_parquet('${customersFile}')`);
    const popApi = await best(3, () =>
      host.call('journeys.funnel', { ...funnelRequest(funnelId), population: benchPopulation(customersId) }),
    );
    const popRaw = await best(3, () => rawRun(populationFunnelSql(parquetSource(funnelFile), 'funnel_customers')));
    add({
      what: `map numbers for a new population (a cluster of a customer table), ${(ROWS / 1e6).toFixed(0)}M events`,
      api: popApi,
      raw: popRaw,
      target: '≤ 3000 ms',
      ok: popApi <= 3000,
    });

    const assignFile = await ensureAssignments(path.join(ROOT, 'bench', 'data'), ROWS);
    const assignId = await openDataset(host, { path: assignFile, name: 'assignments' });
    const spec = {
      datasetId: assignId,
      unitColumn: 'user_id',
      variantColumn: 'variant',
      metricColumn: 'revenue',
      metricKind: 'continuous' as const,
    };
    const fromData = await best(3, () =>
      host.call('experiments.analyze', { ...spec, covariateColumn: 'pre_period_revenue', breakdownColumn: 'device' }),
    );
    add({
      what: `experiment from a ${(ROWS / 1e6).toFixed(0)}M-row assignments table (CUPED + breakdown)`,
      api: fromData,
      target: '≤ 2000 ms',
      ok: fromData <= 2000,
    });
    const conv = await best(3, () => host.call('experiments.analyze', { ...spec, metricColumn: 'converted', metricKind: 'binary' }));
    add({ what: `experiment from the same table (conversion)`, api: conv, target: '≤ 2000 ms', ok: conv <= 2000 });

    const touchesFile = await ensureTouches(path.join(ROOT, 'bench', 'data'), ROWS);
    await raw.run(`CREATE VIEW touches AS SELECT * FROM read_parquet('${touchesFile}')`);
    const touchesId = await openDataset(host, { path: touchesFile, name: 'touches' });
    for (const r of await benchJourneys(host.call, rawRun, { id: datasetId, view: 'ev' }, { id: touchesId, view: 'touches' })) add(r);

    const analysisMem = host.memory();
    add({ what: 'peak resident memory after the SQL analyses above', unit: 'MB', api: analysisMem.peakMb, target: 'reported', ok: true });

    const imp = await time(() => openDataset(host, { path: files.csv, name: 'ev_csv', mode: 'import' }, 20));
    const copyTarget = path.join(ws, 'raw-import.parquet');
    const impRaw = await time(() =>
      raw.run(`COPY (SELECT * FROM read_csv('${files.csv}')) TO '${copyTarget}' (FORMAT parquet, COMPRESSION zstd)`),
    );
    add({
      what: `${(ROWS / 1e6).toFixed(0)}M-row CSV import (raw: the same COPY to Parquet)`,
      api: imp,
      raw: impRaw,
      target: '≤ 1.2× raw',
      ok: imp <= 1.2 * impRaw,
    });
    const ctas = await time(() => raw.run(`CREATE TABLE imp AS SELECT * FROM read_csv('${files.csv}')`));
    add({
      what: `  reference: raw CREATE TABLE AS read_csv, in memory (not persisted)`,
      api: imp,
      raw: ctas,
      target: 'reported',
      ok: true,
    });
  } finally {
    await host.stop();
    rmSync(ws, { recursive: true, force: true });
    // The raw side's in-memory tables (the 10M-row CSV import) are released before the model fits.
    raw.closeSync();
    rawDb.closeSync();
  }

  for (const r of await benchExcel(ROOT)) add(r);
  for (const c of benchCalculators()) add({ what: c.what, api: c.ms, target: c.target, ok: c.ok });
  for (const m of await benchModels(ROOT)) add({ what: m.what, api: m.ms, raw: m.raw, target: m.target, ok: m.ok });
  for (const u of await benchUi(ROOT)) add({ what: u.what, api: u.ms, target: u.target, ok: u.ok });

  writeReport(rows, files);
  const missed = rows.filter((r) => !r.ok);
  console.log(missed.length ? `${missed.length} target(s) missed.` : 'All targets met.');
}

function writeReport(rows: Row[], files: { parquet: string; csv: string; rows: number }): void {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const duck = (
    JSON.parse(readFileSync(path.join(ROOT, 'node_modules', '@duckdb', 'node-api', 'package.json'), 'utf8')) as { version: string }
  ).version;
  let commit = 'uncommitted';
  try {
    commit = execSync('git rev-parse --short HEAD', { cwd: ROOT }).toString().trim();
    if (execSync('git status --porcelain -- electron shared bench', { cwd: ROOT }).toString().trim()) commit += ' with local changes';
  } catch {
    /* not a git checkout */
  }
  const mb = (f: string) => (Number(execSync(`stat -c %s '${f}'`).toString()) / 1e6).toFixed(0);
  const lines = [
    '# Benchmarks',
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} on ${cpu}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}, @duckdb/node-api ${duck}, commit ${commit}.`,
    `Data: ${files.rows.toLocaleString()} generated events (\`bench/generate-events.ts\`), Parquet ${mb(files.parquet)} MB, CSV ${mb(files.csv)} MB.`,
    '',
    '"api" is measured through the app (calculator rows: the shared engine in-process, as the page runs it; model-fit and CLV rows: through the product\'s model worker and its helper thread, arrays handed over included, with scikit-learn\'s time on the same arrays as "raw"; scoring rows: a DuckDB table in, a DuckDB table out, through the models service): the browser-mode host started as its own process, called over HTTP exactly as the UI calls it',
    '(validation, worker thread, JSON). "raw" is the same SQL in raw `@duckdb/node-api` in the benchmark process, in the same run.',
    "Memory is the peak resident set (VmHWM) of the host and its child processes (the DuckDB engine, workers), each one's peak summed. Run: `npm run bench` (`-- --rows N` for other sizes).",
    '',
    '| measurement | api | raw | target | met |',
    '|---|---:|---:|---|---|',
    ...rows.map((r) => {
      const u = r.unit ?? 'ms';
      const f = (x: number) => (Number.isNaN(x) ? '—' : x < 1 ? x.toFixed(3) : x.toFixed(1));
      return `| ${r.what} | ${f(r.api)} ${u} | ${r.raw !== undefined ? `${f(r.raw)} ${u}` : '—'} | ${r.target} | ${r.ok ? 'yes' : '**no**'} |`;
    }),
    '',
    'How the targets are met: sorted and filtered rows are read from DuckDB in windows of 2,000 rows and paged from memory',
    '(the next window is fetched while the user reads); a deep jump sorts only the key columns to find its boundary row, so',
    "a 10M-row sort never materialises every column; rows tie-break on their position in the source (Parquet's",
    '`file_row_number`, or a streaming `row_number()`), so pages never repeat or skip rows. Imports are written as zstd',
    "Parquet inside the workspace, which here is twice as fast as DuckDB's own table storage (10.4 s for the same CSV).",
    'SQL analyses such as the path extraction need more memory than browsing; DuckDB may use up to its default limit there.',
    '',
    'Model fits run in the model worker with one helper thread; each pass over the rows is split between the two through',
    "shared memory. k-means prunes distance computations with Hamerly's bounds; logistic regression starts Newton from a",
    '50,000-row fit and polishes with gradient passes on the full data, standardising on the fly; boosted trees keep each',
    "leaf's rows contiguous, histogram the smaller child only, and fold the leaf update, gradients and root histogram into",
    'one pass. Fits are timed as the median of three in one worker (scikit-learn likewise): on this VM the same fit varies',
    'by up to 40% from one process to the next, and the first fit also compiles the kernels.',
    '',
  ];
  writeFileSync(values.out!, lines.join('\n'));
  console.log(`Wrote ${values.out}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
