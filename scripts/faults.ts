/**
 * `npm run faults`: the fault suite. It drives the built app (out/main) as real processes on real files — a DuckDB
 * crash, kill -9 at several moments of an import, SIGTERM, damaged and emptied workspace.sqlite — and prints a
 * table of what held. Exit code 1 if anything did not.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { DuckDBInstance } from '@duckdb/node-api';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(ROOT, 'out', 'main', 'cli.js');
const WEB = path.join(ROOT, 'out', 'main', 'web.js');
const TMP = mkdtempSync(path.join(os.tmpdir(), 'workbench-faults-'));

interface Row {
  fault: string;
  held: boolean;
  detail: string;
}
const rows: Row[] = [];
const record = (fault: string, held: boolean, detail: string) => {
  rows.push({ fault, held, detail });
  console.log(`${held ? 'held  ' : 'FAILED'}  ${fault}: ${detail}`);
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The pids of a process's children (the DuckDB engine), read before the parent is killed. */
function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function waitFor(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(2);
  }
}

async function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise((r) => child.once('exit', r));
}

function bigCsv(rowsCount: number): string {
  const file = path.join(TMP, `big-${rowsCount}.csv`);
  if (existsSync(file)) return file;
  const fd = openSync(file, 'w');
  writeSync(fd, 'id,label,amount\n');
  const chunk = 50_000;
  for (let start = 0; start < rowsCount; start += chunk) {
    const lines: string[] = [];
    for (let i = start; i < Math.min(rowsCount, start + chunk); i++) lines.push(`${i},label ${i % 977},${(i * 7) % 1000}.25`);
    writeSync(fd, lines.join('\n') + '\n');
  }
  closeSync(fd);
  return file;
}

/** What a workspace holds on disk once no process has it open: catalog rows, import files, views. */
async function inspect(ws: string) {
  const db = new Database(path.join(ws, 'workspace.sqlite'), { readonly: true });
  const catalog = db.prepare('SELECT relation, data_path, mode, state FROM datasets').all() as {
    relation: string;
    data_path: string;
    mode: string;
    state: string;
  }[];
  db.close();
  const imports = existsSync(path.join(ws, 'imports')) ? readdirSync(path.join(ws, 'imports')) : [];
  const duck = await DuckDBInstance.create(path.join(ws, 'workspace.duckdb'), { access_mode: 'READ_ONLY' });
  const conn = await duck.connect();
  const views = (await conn.runAndReadAll(`SELECT view_name FROM duckdb_views() WHERE NOT internal AND schema_name = 'main'`))
    .getRows()
    .map((r) => String(r[0]));
  conn.closeSync();
  duck.closeSync();
  return { catalog, imports, views };
}

/** Everything on disk agrees: no pending rows, no .partial, each import file and view belongs to a catalog row. */
async function problems(ws: string): Promise<string[]> {
  const { catalog, imports, views } = await inspect(ws);
  const ready = catalog.filter((c) => c.state === 'ready');
  const out: string[] = [];
  const pending = catalog.filter((c) => c.state !== 'ready').length;
  if (pending) out.push(`${pending} pending catalog row`);
  const used = new Set(ready.filter((c) => c.mode === 'import').map((c) => path.basename(c.data_path)));
  for (const f of imports) if (!used.has(f)) out.push(f.endsWith('.partial') ? `imports/${f}` : `imports/${f} with no dataset`);
  const relations = new Set(ready.map((c) => c.relation));
  for (const v of views) if (!relations.has(v)) out.push(`view ${v} with no dataset`);
  for (const r of relations) if (!views.includes(r)) out.push(`dataset view ${r} missing`);
  return out;
}

const consistent = async (ws: string) => {
  const p = await problems(ws);
  return p.length ? p.join(', ') : null;
};

/** kill -9 of a `workbench load --import` at one moment; then a new start must leave the workspace consistent. */
async function killDuringImport(moment: string, when: (ws: string, child: ChildProcess) => Promise<void>, csv: string) {
  const ws = path.join(TMP, `kill-${moment.replace(/\W+/g, '-')}`);
  const child = spawn(process.execPath, [CLI, 'load', csv, '--import', '--workspace', ws, '--json'], { stdio: 'ignore' });
  try {
    await when(ws, child);
    const engines = childrenOf(child.pid!);
    child.kill('SIGKILL');
    await exited(child);
    await waitFor(() => engines.every((p) => !alive(p)), 10_000, 'the engine to stop after its parent was killed');
    const before = existsSync(path.join(ws, 'workspace.sqlite')) ? await consistent(ws) : 'nothing written yet';
    const again = cli(['models', '--workspace', ws]);
    const repaired = again.stderr
      .split('\n')
      .filter((l) => l.includes('repaired at start'))
      .map((l) => l.replace(/^workbench: repaired at start: /, ''));
    const after = again.code === 0 ? await consistent(ws) : `the next start failed: ${again.stderr.trim()}`;
    record(
      `kill -9 ${moment}`,
      after === null,
      after ?? `left: ${before ?? 'nothing'}; repaired: ${repaired.length ? repaired.join(' | ') : 'nothing needed'}`,
    );
  } catch (err) {
    child.kill('SIGKILL');
    record(`kill -9 ${moment}`, false, (err as Error).message);
  }
}

/** The state of the workspace's one catalog row, read as another process would (null while there is none). */
function catalogState(ws: string): string | null {
  const file = path.join(ws, 'workspace.sqlite');
  if (!existsSync(file)) return null;
  try {
    const db = new Database(file, { readonly: true, timeout: 50 });
    try {
      return (db.prepare('SELECT state FROM datasets LIMIT 1').pluck().get() as string | undefined) ?? null;
    } finally {
      db.close();
    }
  } catch {
    return null; // not created yet, or busy
  }
}

const importsHave = (ws: string, test: (f: string) => boolean) => {
  const dir = path.join(ws, 'imports');
  return existsSync(dir) && readdirSync(dir).some(test);
};

async function killCases(): Promise<void> {
  const csv = bigCsv(2_000_000);
  await killDuringImport(
    'while the Parquet copy is written (.partial)',
    (ws) => waitFor(() => importsHave(ws, (f) => f.endsWith('.partial')), 60_000, 'the .partial file'),
    csv,
  );
  await killDuringImport(
    'just after the rename (the load not yet recorded as done)',
    (ws) => waitFor(() => importsHave(ws, (f) => f.endsWith('.parquet')), 60_000, 'the renamed Parquet'),
    csv,
  );
  await killDuringImport(
    'just after the import was recorded as done (while closing)',
    (ws) => waitFor(() => catalogState(ws) === 'ready', 60_000, 'the catalog row marked done'),
    csv,
  );
  await killDuringImport(
    '40 ms into the start (before the workspace is opened)',
    async () => {
      await sleep(40);
    },
    csv,
  );
  for (const ms of [600, 1500]) {
    await killDuringImport(
      `${ms} ms after the workspace file appeared`,
      async (ws) => {
        await waitFor(() => existsSync(path.join(ws, 'workspace.sqlite')), 30_000, 'the workspace');
        await sleep(ms);
      },
      csv,
    );
  }
}

/** A browser-mode host on a workspace: its URL and token, and the process. */
async function startWeb(ws: string, extra: string[] = []) {
  const child = spawn(process.execPath, [WEB, '--workspace', ws, '--port', '0', '--no-sample', ...extra], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  await waitFor(() => /\?token=/.test(out) || child.exitCode !== null, 60_000, 'the host to start');
  const m = /(http:\/\/127\.0\.0\.1:\d+\/)\?token=([\w-]+)/.exec(out);
  const call = async (method: string, request: unknown) => {
    const res = await fetch(`${m![1]}api/${method}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${m![2]}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(request),
    });
    return (await res.json()) as { ok: boolean; value?: unknown; error?: { code: string; message: string } };
  };
  return { child, ok: m !== null, output: () => out, call };
}

async function crashCase(): Promise<void> {
  const ws = path.join(TMP, 'crash');
  const nested = path.join(TMP, 'nested.json');
  writeFileSync(nested, '['.repeat(100_000) + '1' + ']'.repeat(100_000));
  const host = await startWeb(ws);
  try {
    const r = await host.call('datasets.preview', { path: nested });
    const after = await host.call('query.run', { sql: 'SELECT 42 AS answer' });
    const held =
      !r.ok &&
      r.error!.code === 'ENGINE_STOPPED' &&
      r.error!.message.includes(nested) &&
      after.ok &&
      host.child.exitCode === null &&
      alive(host.child.pid!);
    record(
      'DuckDB crash (JSON nested 100,000 deep, previewed)',
      held,
      `${r.error?.code ?? 'answered'}: ${(r.error?.message ?? '').slice(0, 90)}…; next query ${after.ok ? 'answered' : 'failed'}; host ${alive(host.child.pid!) ? 'alive' : 'gone'}`,
    );
  } finally {
    host.child.kill('SIGTERM');
    await exited(host.child);
  }
}

async function cliSigtermCase(): Promise<void> {
  const ws = path.join(TMP, 'sigterm-cli');
  const child = spawn(process.execPath, [CLI, 'load', bigCsv(2_000_000), '--import', '--workspace', ws], { stdio: 'ignore' });
  try {
    await waitFor(() => importsHave(ws, (f) => f.endsWith('.partial')), 60_000, 'the .partial file');
    child.kill('SIGTERM');
    await exited(child);
    const left = existsSync(path.join(ws, 'imports')) ? readdirSync(path.join(ws, 'imports')) : [];
    const problem = await consistent(ws);
    record(
      'SIGTERM during workbench load --import',
      left.length === 0 && problem === null,
      left.length ? `left ${left.join(', ')}` : (problem ?? `exit ${child.exitCode}; imports/ empty, catalog and views agree`),
    );
  } catch (err) {
    child.kill('SIGKILL');
    record('SIGTERM during workbench load --import', false, (err as Error).message);
  }
}

async function sigtermCase(): Promise<void> {
  const ws = path.join(TMP, 'sigterm');
  const host = await startWeb(ws);
  try {
    const started = await host.call('datasets.open', { path: bigCsv(2_000_000), mode: 'import' });
    if (!started.ok) throw new Error(started.error!.message);
    await waitFor(() => importsHave(ws, (f) => f.endsWith('.partial')), 60_000, 'the .partial file');
    host.child.kill('SIGTERM');
    await exited(host.child);
    const left = existsSync(path.join(ws, 'imports')) ? readdirSync(path.join(ws, 'imports')) : [];
    const problem = await consistent(ws);
    record(
      'SIGTERM during an import (browser mode)',
      left.length === 0 && problem === null,
      left.length ? `left ${left.join(', ')}` : (problem ?? `exit ${host.child.exitCode}; imports/ empty, catalog and views agree`),
    );
  } catch (err) {
    host.child.kill('SIGKILL');
    record('SIGTERM during an import (browser mode)', false, (err as Error).message);
  }
}

/** A workspace with one imported dataset, opened twice (the second clean start keeps the last good copy). */
function workspaceWithData(name: string): string {
  const ws = path.join(TMP, name);
  const csv = path.join(TMP, 'people.csv');
  writeFileSync(csv, 'id,name\n1,ada\n2,bob\n');
  const load = cli(['load', csv, '--import', '--workspace', ws]);
  if (load.code !== 0) throw new Error(load.stderr);
  cli(['models', '--workspace', ws]);
  return ws;
}

function overwrite(file: string, offset: number, bytes: Buffer): void {
  const fd = openSync(file, 'r+');
  writeSync(fd, bytes, 0, bytes.length, offset);
  closeSync(fd);
}

function damagedCases(): void {
  const cases: { name: string; damage: (file: string) => void; expect: RegExp }[] = [
    { name: 'zero-length workspace.sqlite', damage: (f) => writeFileSync(f, ''), expect: /is empty \(0 bytes\)/ },
    {
      name: 'random bytes in one page of workspace.sqlite',
      damage: (f) => {
        const db = new Database(f, { readonly: true });
        const size = db.pragma('page_size', { simple: true }) as number;
        const root = db.prepare(`SELECT rootpage FROM sqlite_master WHERE name = 'datasets'`).pluck().get() as number;
        db.close();
        overwrite(f, (root - 1) * size, randomBytes(size));
      },
      expect: /is damaged/,
    },
    { name: 'damaged header of workspace.sqlite', damage: (f) => overwrite(f, 0, randomBytes(100)), expect: /cannot be read/ },
  ];
  for (const c of cases) {
    try {
      const ws = workspaceWithData(c.name.replace(/\W+/g, '-'));
      const file = path.join(ws, 'workspace.sqlite');
      c.damage(file);
      const damagedBytes = readFileSync(file);
      const refused = cli(['models', '--workspace', ws]);
      const named = refused.code === 1 && refused.stderr.includes(file) && c.expect.test(refused.stderr);
      const unchanged = readFileSync(file).equals(damagedBytes);
      const restored = cli(['models', '--workspace', ws, '--recover', 'restore']);
      const listed = new Database(file, { readonly: true }).prepare('SELECT name FROM datasets').pluck().all();
      const held = named && unchanged && restored.code === 0 && /Restored .*last good copy/.test(restored.stderr) && listed.length === 1;
      record(
        c.name,
        held,
        named
          ? `refused naming the file; ${unchanged ? 'left as it was' : 'CHANGED'}; --recover restore ${restored.code === 0 ? `brought back ${listed.length} dataset` : `failed: ${restored.stderr.trim()}`}`
          : `start said: ${(refused.stderr || refused.stdout).trim().slice(0, 160)} (exit ${refused.code})`,
      );
    } catch (err) {
      record(c.name, false, (err as Error).message);
    }
  }
}

async function main(): Promise<void> {
  if (!existsSync(CLI) || !existsSync(WEB)) throw new Error('The app is not built: run `npm run build` (npm run faults does).');
  const started = Date.now();
  await crashCase();
  await killCases();
  await sigtermCase();
  await cliSigtermCase();
  damagedCases();
  const width = Math.max(...rows.map((r) => r.fault.length));
  console.log(`\nFault suite (${((Date.now() - started) / 1000).toFixed(0)} s, files in ${TMP})\n`);
  console.log(`${'fault'.padEnd(width)}  held  what happened`);
  for (const r of rows) console.log(`${r.fault.padEnd(width)}  ${r.held ? 'yes ' : 'NO  '}  ${r.detail}`);
  const failed = rows.filter((r) => !r.held).length;
  console.log(`\n${rows.length - failed} of ${rows.length} held.`);
  if (!failed) rmSync(TMP, { recursive: true, force: true });
  process.exit(failed ? 1 : 0);
}

main().catch((err: unknown) => {
  console.error(`faults: ${(err as Error).message}`);
  process.exit(1);
});
