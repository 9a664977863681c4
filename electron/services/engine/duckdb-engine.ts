import { AsyncLocalStorage } from 'node:async_hooks';
import os from 'node:os';
import { ErrorCode, messageOf, WorkbenchError } from '../../../shared/api/result';
import type { ColumnPage } from '../../../shared/types';
import type { Engine, QueryRows, RunOptions, SqlParam, StreamOptions } from './engine';
import { checkLane, DEFAULT_LANE, Lanes, type EngineLane } from './lanes';
import { forkLauncher } from './fork-transport';
import type { WorkerInit, WorkerRequest, WorkerResponse } from './protocol';
import type { EngineLauncher, EngineTransport } from './transport';

/**
 * DuckDB's memory limit when the options give none: half the machine's memory, at most 4 GiB. DuckDB's own
 * default (80% of memory) let one query on a laptop take most of it; above the limit DuckDB spills to disk.
 */
export const MEMORY_LIMIT_SHARE_OF_RAM = 0.5;
export const MEMORY_LIMIT_CAP_BYTES = 4 * 2 ** 30;
/** Deaths in a row (with no answer between them) after which the engine is not restarted again. */
export const MAX_RESTARTS_IN_A_ROW = 3;

export function defaultMemoryLimit(totalBytes = os.totalmem()): string {
  return `${Math.floor(Math.min(totalBytes * MEMORY_LIMIT_SHARE_OF_RAM, MEMORY_LIMIT_CAP_BYTES) / 2 ** 20)}MiB`;
}

/** The sizes DuckDB's memory_limit accepts (it answers anything else with a bare "Failed to set config"). */
const MEMORY_SIZE = /^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i;

export interface DuckDbEngineOptions extends WorkerInit {
  /** The engine process's script: the built `duckdb-worker.js`, or the `.ts` source when run under tsx. */
  workerFile?: string;
  /** Starts each engine process; by default a child process of `workerFile` (forkLauncher). */
  launch?: EngineLauncher;
}

type Pending = {
  resolve: (msg: WorkerResponse) => void;
  reject: (err: Error) => void;
  onProgress?: (fraction: number) => void;
  /** What the call was doing, for the message when the engine dies under it. */
  what: string;
};

/** Marks the calls of a restart's setup replay: they run before the calls waiting for the restarted engine. */
const replaying = new AsyncLocalStorage<boolean>();

/**
 * Client side of the engine process. A crash of that process fails the calls it was running with ENGINE_STOPPED
 * naming what each was doing; a new process is started, the registered setup replayed, and later calls go to it.
 */
export class DuckDbEngine implements Engine {
  private transport: EngineTransport;
  private readonly init: WorkerInit;
  private readonly launch: EngineLauncher;
  private readonly pending = new Map<number, Pending>();
  private readonly lanes = new Lanes();
  private readonly setups: (() => Promise<unknown>)[] = [];
  /** Settles once a restarted engine has replayed the setup; calls wait for it. */
  private ready: Promise<void> = Promise.resolve();
  /** Counts engine processes, so a result opened on a dead one is not read from its successor. */
  private generation = 0;
  private deathsInARow = 0;
  private nextId = 1;
  private closed = false;
  private failure: Error | null = null;

  constructor(options: DuckDbEngineOptions) {
    const { workerFile, launch, ...rest } = options;
    const init: WorkerInit = { ...rest, memoryLimit: rest.memoryLimit ?? defaultMemoryLimit() };
    if (!MEMORY_SIZE.test(init.memoryLimit!))
      throw new WorkbenchError(
        ErrorCode.InvalidArgument,
        `memoryLimit: "${init.memoryLimit}" is not a size; use a number with B, KB, MB, GB, TB, KiB, MiB, GiB or TiB (for example "4GB").`,
        { field: 'memoryLimit' },
      );
    if (!launch && !workerFile) throw new Error('The engine needs a workerFile or a launcher.');
    this.init = init;
    this.launch = launch ?? forkLauncher(workerFile!);
    this.transport = this.spawn();
  }

  /** The engine process's id (it changes when the engine is restarted). */
  get pid(): number | undefined {
    return this.transport.pid;
  }

  async query(sql: string, options: RunOptions = {}): Promise<QueryRows> {
    const msg = await this.scheduled(options.lane, options.queryId, () =>
      this.send(
        {
          kind: 'query',
          id: 0,
          sql,
          params: options.params,
          maxRows: options.maxRows,
          maxBytes: options.maxBytes,
          queryId: options.queryId,
          progress: Boolean(options.onProgress),
          lane: options.lane,
          editor: options.editor,
        },
        options.onProgress,
      ),
    );
    if (msg.kind !== 'result') throw new Error('Engine protocol error: expected a result.');
    return { columns: msg.columns, data: msg.data, rowCount: msg.rowCount, truncated: msg.truncated, truncatedBy: msg.truncatedBy };
  }

  async *stream(sql: string, options: StreamOptions = {}): AsyncGenerator<ColumnPage, void, undefined> {
    const lane = options.lane;
    const opened = await this.scheduled(lane, options.queryId, () =>
      this.send({ kind: 'open', id: 0, sql, params: options.params, queryId: options.queryId, lane, editor: options.editor }),
    );
    if (opened.kind !== 'opened') throw new Error('Engine protocol error: expected an open result.');
    const generation = this.generation;
    const cursor = opened.id;
    let done = false;
    try {
      while (!done) {
        if (this.generation !== generation) throw stopped(`reading the result of ${describeStatement(sql)}`, 'a restart');
        const msg = await this.scheduled(lane, options.queryId, () =>
          this.send({ kind: 'next', id: 0, cursor, rows: options.pageRows ?? 10_240 }),
        );
        if (msg.kind !== 'page') throw new Error('Engine protocol error: expected a page.');
        done = msg.done;
        yield { columns: opened.columns, data: msg.data, rowCount: msg.rowCount };
      }
    } finally {
      // The engine closes a result read to its end (or failed) itself; one left early is closed here.
      if (!done && !this.closed && !this.failure && this.generation === generation)
        await this.send({ kind: 'closeCursor', id: 0, cursor }).catch(() => undefined);
    }
  }

  async exec(sql: string, options: RunOptions = {}): Promise<void> {
    await this.scheduled(options.lane, options.queryId, () =>
      this.send(
        {
          kind: 'query',
          id: 0,
          sql,
          params: options.params,
          queryId: options.queryId,
          progress: Boolean(options.onProgress),
          exec: true,
          lane: options.lane,
          editor: options.editor,
        },
        options.onProgress,
      ),
    );
  }

  async numericColumns(sql: string, params?: SqlParam[]): Promise<{ names: string[]; columns: Float64Array[] }> {
    const msg = await this.scheduled(undefined, undefined, () => this.send({ kind: 'numeric', id: 0, sql, params }));
    if (msg.kind !== 'numeric') throw new Error('Engine protocol error: expected numeric columns.');
    return { names: msg.names, columns: msg.columns };
  }

  async codedColumns(
    sql: string,
    params?: SqlParam[],
  ): Promise<{ names: string[]; columns: Float64Array[]; dictionaries: (string[] | null)[] }> {
    const msg = await this.scheduled(undefined, undefined, () => this.send({ kind: 'numeric', id: 0, sql, params, codeText: true }));
    if (msg.kind !== 'numeric') throw new Error('Engine protocol error: expected coded columns.');
    return { names: msg.names, columns: msg.columns, dictionaries: msg.dictionaries ?? msg.names.map(() => null) };
  }

  async appendColumns(table: string, names: string[], columns: Float64Array[]): Promise<void> {
    // Copied to the engine process by structured clone: the caller's arrays stay usable.
    await this.scheduled(undefined, undefined, () => this.send({ kind: 'append', id: 0, table, names, columns }));
  }

  async interrupt(queryId: string): Promise<boolean> {
    // Calls still waiting for their lane never start; running ones are interrupted inside the engine.
    const dropped = this.lanes.cancelWaiting(queryId, new WorkbenchError(ErrorCode.Cancelled, 'The query was cancelled.'));
    const msg = await this.send({ kind: 'interrupt', id: 0, queryId });
    return dropped || (msg.kind === 'done' && Boolean(msg.value));
  }

  onRestart(setup: () => Promise<unknown>): void {
    this.setups.push(setup);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    try {
      await this.send({ kind: 'close', id: 0 });
    } catch {
      // An engine that is already gone has nothing to close.
    } finally {
      this.closed = true;
      await this.transport.stop();
    }
  }

  private spawn(): EngineTransport {
    // A launcher reports only after it has returned, so `transport` is set by the time an event names it.
    const transport: EngineTransport = this.launch(this.init, {
      message: (msg) => this.onMessage(msg),
      exit: (code, signal) => this.onExit(transport, code, signal),
      failedToStart: (err) => {
        if (transport === this.transport) this.fail(new Error(`The database engine could not start: ${err.message}`));
      },
    });
    return transport;
  }

  private onExit(transport: EngineTransport, code: number | null, signal: string | null): void {
    if (transport !== this.transport || this.closed) return;
    const how = signal ? `signal ${signal}` : `exit code ${code}`;
    this.generation++;
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.reject(stopped(p.what, how));
    if (++this.deathsInARow > MAX_RESTARTS_IN_A_ROW) {
      this.fail(
        new WorkbenchError(
          ErrorCode.EngineStopped,
          `The engine stopped ${this.deathsInARow} times in a row (last: ${how}) and is not restarted again; restart the app.`,
        ),
      );
      return;
    }
    this.transport = this.spawn();
    this.ready = this.replaySetup();
  }

  /** Runs the registered setup on a new engine process, before the calls that wait for it. */
  private async replaySetup(): Promise<void> {
    const generation = this.generation;
    for (const setup of this.setups) {
      if (this.generation !== generation) return; // it died again: the next replay takes over
      try {
        await replaying.run(true, setup);
      } catch (err) {
        console.error(`Engine setup after a restart failed: ${messageOf(err)}`);
      }
    }
  }

  /** Runs `call` in its lane; the setup replay after a restart goes first, ahead of every lane. */
  private scheduled(
    lane: EngineLane | undefined,
    queryId: string | undefined,
    call: () => Promise<WorkerResponse>,
  ): Promise<WorkerResponse> {
    if (replaying.getStore()) return call();
    return this.lanes.run(lane === undefined ? DEFAULT_LANE : checkLane(lane), call, queryId);
  }

  private async send(req: WorkerRequest, onProgress?: (f: number) => void): Promise<WorkerResponse> {
    // A restart during the wait starts a new replay: wait for the latest one.
    for (let ready = this.ready; !replaying.getStore(); ready = this.ready) {
      await ready;
      if (ready === this.ready) break;
    }
    if (this.failure) throw this.failure;
    if (this.closed) throw new Error('The database engine is closed.');
    const id = this.nextId++;
    const transport = this.transport;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress, what: describeRequest(req) });
      try {
        transport.send({ ...req, id });
      } catch (err) {
        // A value that cannot be cloned; a dead channel is reported by the exit handler instead.
        this.pending.delete(id);
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
  }

  private onMessage(msg: WorkerResponse): void {
    const p = this.pending.get(msg.id);
    if (!p) return;
    if (msg.kind === 'progress') {
      p.onProgress?.(msg.fraction);
      return;
    }
    this.deathsInARow = 0;
    this.pending.delete(msg.id);
    if (msg.kind === 'error') {
      p.reject(
        msg.interrupted
          ? new WorkbenchError(ErrorCode.Cancelled, 'The query was cancelled.')
          : new WorkbenchError(ErrorCode.QueryFailed, msg.message.trim(), { line: errorLine(msg.message) }),
      );
    } else {
      p.resolve(msg);
    }
  }

  private fail(err: Error): void {
    this.failure = err;
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }
}

function stopped(what: string, how: string): WorkbenchError {
  return new WorkbenchError(
    ErrorCode.EngineStopped,
    `The engine stopped while ${what} (${how}). It was restarted; your datasets and workspace are unchanged.`,
  );
}

function describeRequest(req: WorkerRequest): string {
  switch (req.kind) {
    case 'query':
    case 'open':
    case 'numeric':
      return describeStatement(req.sql);
    case 'append':
      return `appending to ${req.table}`;
    case 'next':
      return 'reading a result';
    case 'closeCursor':
      return 'closing a result';
    case 'interrupt':
      return 'cancelling a query';
    case 'close':
      return 'closing';
  }
}

const READ_FILE = /\b(?:read_\w+|parquet_\w+|sniff_csv)\s*\(\s*\[?\s*'((?:[^']|'')*)'/i;
const FROM_FILE = /\bFROM\s+'((?:[^']|'')*)'/i;
const FIRST_WORDS = 6;

/** "reading <file>" when the statement reads a file, otherwise "running "<its first words>…"". */
export function describeStatement(sql: string): string {
  const file = READ_FILE.exec(sql)?.[1] ?? FROM_FILE.exec(sql)?.[1];
  if (file !== undefined) return `reading ${file.replaceAll("''", "'")}`;
  const words = sql.trim().split(/\s+/);
  return `running "${words.slice(0, FIRST_WORDS).join(' ')}${words.length > FIRST_WORDS ? ' …' : ''}"`;
}

/** DuckDB marks the position as "LINE n:" in parser and binder errors. */
export function errorLine(message: string): number | undefined {
  const m = /LINE (\d+):/.exec(message);
  return m ? Number(m[1]) : undefined;
}
