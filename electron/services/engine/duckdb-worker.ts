/**
 * The engine process: owns the native DuckDB instance, so no query blocks the host's event loop and a crash inside
 * DuckDB (a pathological file) ends this process only; the host reports it and starts a new one (duckdb-engine.ts).
 * Started by the main process as an Electron utility process (the desktop app; requests come through a port) or with
 * child_process.fork (browser mode, the command line; serialization 'advanced'): see linkToHost. Its options arrive as
 * JSON in WORKBENCH_ENGINE_OPTIONS.
 */
import { messageOf } from '../../../shared/api/result';
import {
  DOUBLE,
  DuckDBDataChunk,
  DuckDBInstance,
  JSDuckDBValueConverter,
  type DuckDBConnection,
  type DuckDBResult,
} from '@duckdb/node-api';
import type { CellValue } from '../../../shared/types';
import type { EditorSql, SqlParam } from './engine';
import { linkToHost } from './host-link';
import { ENGINE_OPTIONS_ENV, type WorkerInit, type WorkerRequest, type WorkerResponse } from './protocol';
import { toCell } from './cells';
import { runEditorSql } from './editor-sql';
import { DEFAULT_LANE, type EngineLane } from './lanes';

const init = JSON.parse(process.env[ENGINE_OPTIONS_ENV] ?? '{}') as WorkerInit;
const host = linkToHost();
/** Idle connections per lane: interactive calls never wait for (or share state with) a heavy statement's connection. */
const idle: Record<EngineLane, DuckDBConnection[]> = { interactive: [], heavy: [] };
/** The lane each handed-out connection belongs to, so it goes back to its own pool. */
const laneOf = new WeakMap<DuckDBConnection, EngineLane>();
/** Connections running under a query id; several statements of one job may share an id and are interrupted together. */
const running = new Map<string, Set<DuckDBConnection>>();
/** Open streaming results, by the id of the request that opened them; each holds its connection until closed. */
const cursors = new Map<number, { conn: DuckDBConnection; result: DuckDBResult; types: string[]; queryId?: string; editor: boolean }>();

function track(queryId: string | undefined, conn: DuckDBConnection): void {
  if (queryId) running.set(queryId, (running.get(queryId) ?? new Set()).add(conn));
}

function untrack(queryId: string | undefined, conn: DuckDBConnection): void {
  const mine = queryId ? running.get(queryId) : undefined;
  mine?.delete(conn);
  if (mine?.size === 0) running.delete(queryId!);
}
let instance: DuckDBInstance | null = null;

/** The engine's own settings, applied to every instance this process opens (so again after each restart). */
function instanceSettings(options: WorkerInit): Record<string, string> {
  const settings: Record<string, string> = {};
  if (options.threads) settings.threads = String(options.threads);
  if (options.memoryLimit) settings.memory_limit = options.memoryLimit;
  // Extensions are never fetched: the app works offline and parquet/json are built in.
  settings.autoinstall_known_extensions = 'false';
  settings.autoload_known_extensions = 'false';
  // No SET after start, from the app or from SQL typed in the editor: the settings above hold for the whole session.
  settings.lock_configuration = 'true';
  return settings;
}

async function getInstance(): Promise<DuckDBInstance> {
  instance ??= await DuckDBInstance.create(init.databasePath, instanceSettings(init));
  return instance;
}

/** The workspace database's name (what a fresh connection uses by default), read once. */
let workspaceDatabase: string | null = null;

/** A connection for one run of the user's SQL, never pooled: its USE, SET and search path end with it. */
async function editorConnection(): Promise<DuckDBConnection> {
  const conn = await (await getInstance()).connect();
  workspaceDatabase ??= String((await conn.runAndReadAll('SELECT current_database()')).getRows()[0]![0]);
  return conn;
}

/** Runs a request's SQL (all its statements; the last one's result streams), as the user's when it says so. */
function start(conn: DuckDBConnection, req: { sql: string; params?: SqlParam[]; editor?: EditorSql }): Promise<DuckDBResult> {
  return req.editor ? runEditorSql(conn, req.sql, req.params, req.editor, workspaceDatabase!) : conn.stream(req.sql, req.params);
}

function done(conn: DuckDBConnection, editor: unknown): void {
  if (editor) conn.closeSync();
  else release(conn);
}

async function acquire(lane: EngineLane = DEFAULT_LANE): Promise<DuckDBConnection> {
  const conn = idle[lane].pop() ?? (await (await getInstance()).connect());
  laneOf.set(conn, lane);
  return conn;
}

function release(conn: DuckDBConnection): void {
  const pool = idle[laneOf.get(conn) ?? DEFAULT_LANE];
  if (pool.length < 4) pool.push(conn);
  else conn.closeSync();
}

/** The error's message; JavaScript's own stack overflow (a value nested thousands deep) says what caused it. */
function engineMessage(err: unknown): string {
  const message = messageOf(err);
  return err instanceof RangeError && /call stack/i.test(message)
    ? `A value is nested too deeply to read (${message}); nest it less or read it as text.`
    : message;
}

function send(msg: WorkerResponse): void {
  host.send(msg);
}

async function runQuery(req: Extract<WorkerRequest, { kind: 'query' }>): Promise<void> {
  const conn = req.editor ? await editorConnection() : await acquire(req.lane);
  track(req.queryId, conn);
  let timer: NodeJS.Timeout | null = null;
  try {
    if (req.progress) {
      timer = setInterval(() => {
        const p = conn.progress;
        if (p.percentage >= 0) send({ kind: 'progress', id: req.id, fraction: Math.min(1, p.percentage / 100) });
      }, 200);
    }
    if (req.exec) {
      if (req.editor) await start(conn, req);
      else await conn.run(req.sql, req.params);
      send({ kind: 'done', id: req.id });
      return;
    }
    const maxRows = req.maxRows ?? Number.MAX_SAFE_INTEGER;
    const maxBytes = req.maxBytes ?? Number.POSITIVE_INFINITY;
    // Chunk by chunk, so a result of huge rows stops at the byte budget instead of being converted whole.
    const result = await start(conn, req);
    const names = result.columnNames();
    const types = result.columnTypes().map((t) => t.toString());
    const data: CellValue[][] = names.map(() => []);
    let rowCount = 0;
    let bytes = 0;
    let truncated: false | 'rows' | 'bytes' = false;
    read: for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      const columns = chunk.convertColumns(JSDuckDBValueConverter);
      for (let r = 0; r < chunk.rowCount; r++) {
        if (rowCount >= maxRows) {
          truncated = 'rows';
          break read;
        }
        const row = columns.map((col, c) => toCell(col[r], types[c]!));
        const size = rowBytes(row);
        if (bytes + size > maxBytes) {
          truncated = 'bytes';
          break read;
        }
        bytes += size;
        row.forEach((v, c) => data[c]!.push(v));
        rowCount++;
      }
    }
    send({
      kind: 'result',
      id: req.id,
      columns: names.map((name, i) => ({ name, type: types[i]! })),
      data,
      rowCount,
      truncated: truncated !== false,
      truncatedBy: truncated || undefined,
    });
  } catch (err) {
    const message = engineMessage(err);
    send({ kind: 'error', id: req.id, message, interrupted: /interrupt/i.test(message) });
  } finally {
    if (timer) clearInterval(timer);
    untrack(req.queryId, conn);
    done(conn, req.editor);
  }
}

/** About what a row weighs as JSON: UTF-8 bytes of its text, a number's digits, separators. */
function rowBytes(row: CellValue[]): number {
  let n = 2;
  for (const v of row) n += (typeof v === 'string' ? Buffer.byteLength(v, 'utf8') + 2 : v === null ? 4 : String(v).length) + 1;
  return n;
}

/** Starts a streaming result; its rows are read page by page with `next`. */
async function openCursor(req: Extract<WorkerRequest, { kind: 'open' }>): Promise<void> {
  const conn = req.editor ? await editorConnection() : await acquire(req.lane);
  track(req.queryId, conn);
  try {
    const result = await start(conn, req);
    const names = result.columnNames();
    const types = result.columnTypes().map((t) => t.toString());
    cursors.set(req.id, { conn, result, types, queryId: req.queryId, editor: Boolean(req.editor) });
    send({ kind: 'opened', id: req.id, columns: names.map((name, i) => ({ name, type: types[i]! })) });
  } catch (err) {
    untrack(req.queryId, conn);
    done(conn, req.editor);
    const message = engineMessage(err);
    send({ kind: 'error', id: req.id, message, interrupted: /interrupt/i.test(message) });
  }
}

/** The next whole chunks of a streaming result, at least `rows` rows unless the result ends first. */
async function nextPage(req: Extract<WorkerRequest, { kind: 'next' }>): Promise<void> {
  const cursor = cursors.get(req.cursor);
  if (!cursor) {
    send({ kind: 'error', id: req.id, message: 'This result is already closed.', interrupted: false });
    return;
  }
  try {
    const data: CellValue[][] = cursor.types.map(() => []);
    let rowCount = 0;
    let done = false;
    while (rowCount < req.rows) {
      const chunk = await cursor.result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) {
        done = true;
        break;
      }
      const columns = chunk.convertColumns(JSDuckDBValueConverter);
      for (let c = 0; c < columns.length; c++) {
        const col = columns[c]!;
        const out = data[c]!;
        for (let r = 0; r < col.length; r++) out.push(toCell(col[r], cursor.types[c]!));
      }
      rowCount += chunk.rowCount;
    }
    if (done) closeCursor(req.cursor, true);
    send({ kind: 'page', id: req.id, data, rowCount, done });
  } catch (err) {
    closeCursor(req.cursor);
    const message = engineMessage(err);
    send({ kind: 'error', id: req.id, message, interrupted: /interrupt/i.test(message) });
  }
}

function closeCursor(id: number, finished = false): void {
  const cursor = cursors.get(id);
  if (!cursor) return;
  cursors.delete(id);
  untrack(cursor.queryId, cursor.conn);
  // A connection left with a half-read result is closed rather than pooled, so no later query shares its state.
  if (finished && !cursor.editor) release(cursor.conn);
  else cursor.conn.closeSync();
}

/** Numeric columns as Float64Arrays (NULL → NaN); text as dictionary codes on request. */
async function runNumeric(req: Extract<WorkerRequest, { kind: 'numeric' }>): Promise<void> {
  const conn = await acquire(req.lane);
  try {
    const result = await conn.run(req.sql, req.params);
    const names = result.columnNames();
    const parts: unknown[][][] = names.map(() => []);
    let rows = 0;
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      for (let c = 0; c < names.length; c++) parts[c]!.push(chunk.getColumnValues(c));
      rows += chunk.rowCount;
    }
    const codes = names.map(() => new Map<string, number>());
    const columns = parts.map((chunks, c) => {
      // Sent to the host by structured clone (a SharedArrayBuffer cannot cross processes).
      const out = new Float64Array(rows);
      const dict = codes[c]!;
      let at = 0;
      for (const values of chunks) {
        for (let i = 0; i < values.length; i++) {
          const v = values[i];
          if (v === null || v === undefined) out[at + i] = Number.NaN;
          else if (req.codeText && typeof v === 'string') {
            let code = dict.get(v);
            if (code === undefined) dict.set(v, (code = dict.size));
            out[at + i] = code;
          } else out[at + i] = Number(v);
        }
        at += values.length;
      }
      return out;
    });
    const dictionaries = req.codeText ? codes.map((d) => (d.size ? [...d.keys()] : null)) : undefined;
    send({ kind: 'numeric', id: req.id, names, columns, dictionaries });
  } catch (err) {
    send({ kind: 'error', id: req.id, message: engineMessage(err), interrupted: false });
  } finally {
    release(conn);
  }
}

/** Appends DOUBLE columns to an existing table in data chunks (no text round trip). */
async function runAppend(req: Extract<WorkerRequest, { kind: 'append' }>): Promise<void> {
  const conn = await acquire();
  try {
    const appender = await conn.createAppender(req.table);
    const rows = req.columns[0]?.length ?? 0;
    const types = req.columns.map(() => DOUBLE);
    for (let start = 0; start < rows; start += 2048) {
      const n = Math.min(2048, rows - start);
      const chunk = DuckDBDataChunk.create(types, n);
      req.columns.forEach((col, c) => chunk.setColumnValues(c, Array.from(col.subarray(start, start + n))));
      appender.appendDataChunk(chunk);
    }
    appender.closeSync();
    send({ kind: 'done', id: req.id });
  } catch (err) {
    send({ kind: 'error', id: req.id, message: engineMessage(err), interrupted: false });
  } finally {
    release(conn);
  }
}

// Without its host the engine has nothing to answer: a host that died (even by kill -9) leaves no engine behind.
host.onGone(() => process.exit(0));

host.onRequest((req) => {
  if (req.kind === 'numeric') {
    void runNumeric(req);
  } else if (req.kind === 'append') {
    void runAppend(req);
  } else if (req.kind === 'query') {
    void runQuery(req);
  } else if (req.kind === 'open') {
    void openCursor(req);
  } else if (req.kind === 'next') {
    void nextPage(req);
  } else if (req.kind === 'closeCursor') {
    closeCursor(req.cursor);
    send({ kind: 'done', id: req.id });
  } else if (req.kind === 'interrupt') {
    const conns = running.get(req.queryId);
    for (const conn of conns ?? []) conn.interrupt();
    send({ kind: 'done', id: req.id, value: Boolean(conns?.size) });
  } else if (req.kind === 'close') {
    for (const id of [...cursors.keys()]) closeCursor(id);
    for (const pool of Object.values(idle)) {
      for (const c of pool) c.closeSync();
      pool.length = 0;
    }
    instance?.closeSync();
    instance = null;
    send({ kind: 'done', id: req.id });
  }
});
