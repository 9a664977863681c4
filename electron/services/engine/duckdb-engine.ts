import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { ErrorCode, WorkbenchError } from '../../../shared/api/result';
import type { ColumnPage } from '../../../shared/types';
import type { Engine, QueryRows, RunOptions, SqlParam, StreamOptions } from './engine';
import type { WorkerInit, WorkerRequest, WorkerResponse } from './protocol';

/**
 * DuckDB's memory limit when the options give none: half the machine's memory, at most 4 GiB. DuckDB's own
 * default (80% of memory) let one query on a laptop take most of it; above the limit DuckDB spills to disk.
 */
export const MEMORY_LIMIT_SHARE_OF_RAM = 0.5;
export const MEMORY_LIMIT_CAP_BYTES = 4 * 2 ** 30;

export function defaultMemoryLimit(totalBytes = os.totalmem()): string {
  return `${Math.floor(Math.min(totalBytes * MEMORY_LIMIT_SHARE_OF_RAM, MEMORY_LIMIT_CAP_BYTES) / 2 ** 20)}MiB`;
}

/** The sizes DuckDB's memory_limit accepts (it answers anything else with a bare "Failed to set config"). */
const MEMORY_SIZE = /^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i;

export interface DuckDbEngineOptions extends WorkerInit {
  /** The worker script: the built `duckdb-worker.js`, or the `.ts` source when run under tsx. */
  workerFile: string;
}

type Pending = {
  resolve: (msg: WorkerResponse) => void;
  reject: (err: Error) => void;
  onProgress?: (fraction: number) => void;
};

/** Client side of the DuckDB worker thread. */
export class DuckDbEngine implements Engine {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;
  private failure: Error | null = null;

  constructor(options: DuckDbEngineOptions) {
    const { workerFile, ...rest } = options;
    const init: WorkerInit = { ...rest, memoryLimit: rest.memoryLimit ?? defaultMemoryLimit() };
    if (!MEMORY_SIZE.test(init.memoryLimit!))
      throw new WorkbenchError(
        ErrorCode.InvalidArgument,
        `memoryLimit: "${init.memoryLimit}" is not a size; use a number with B, KB, MB, GB, TB, KiB, MiB, GiB or TiB (for example "4GB").`,
        { field: 'memoryLimit' },
      );
    // Under tests the worker is TypeScript source: load it through tsx's in-thread require hook.
    this.worker = workerFile.endsWith('.ts')
      ? new Worker(`require('tsx/cjs/api').register(); require(${JSON.stringify(workerFile)});`, { eval: true, workerData: init })
      : new Worker(workerFile, { workerData: init });
    this.worker.on('message', (msg: WorkerResponse) => this.onMessage(msg));
    this.worker.on('error', (err) => this.failAll(err));
    this.worker.on('exit', (code) => {
      if (!this.closed) this.failAll(new Error(`The database engine stopped unexpectedly (exit code ${code}).`));
    });
  }

  async query(sql: string, options: RunOptions = {}): Promise<QueryRows> {
    const msg = await this.send(
      {
        kind: 'query',
        id: 0,
        sql,
        params: options.params,
        maxRows: options.maxRows,
        maxBytes: options.maxBytes,
        queryId: options.queryId,
        progress: Boolean(options.onProgress),
        editor: options.editor,
      },
      options.onProgress,
    );
    if (msg.kind !== 'result') throw new Error('Engine protocol error: expected a result.');
    return { columns: msg.columns, data: msg.data, rowCount: msg.rowCount, truncated: msg.truncated, truncatedBy: msg.truncatedBy };
  }

  async *stream(sql: string, options: StreamOptions = {}): AsyncGenerator<ColumnPage, void, undefined> {
    const opened = await this.send({ kind: 'open', id: 0, sql, params: options.params, queryId: options.queryId, editor: options.editor });
    if (opened.kind !== 'opened') throw new Error('Engine protocol error: expected an open result.');
    const cursor = opened.id;
    let done = false;
    try {
      while (!done) {
        const msg = await this.send({ kind: 'next', id: 0, cursor, rows: options.pageRows ?? 10_240 });
        if (msg.kind !== 'page') throw new Error('Engine protocol error: expected a page.');
        done = msg.done;
        yield { columns: opened.columns, data: msg.data, rowCount: msg.rowCount };
      }
    } finally {
      // The worker closes a result read to its end (or failed) itself; one left early is closed here.
      if (!done && !this.closed && !this.failure) await this.send({ kind: 'closeCursor', id: 0, cursor }).catch(() => undefined);
    }
  }

  async exec(sql: string, options: RunOptions = {}): Promise<void> {
    await this.send(
      {
        kind: 'query',
        id: 0,
        sql,
        params: options.params,
        queryId: options.queryId,
        progress: Boolean(options.onProgress),
        exec: true,
        editor: options.editor,
      },
      options.onProgress,
    );
  }

  async numericColumns(sql: string, params?: SqlParam[]): Promise<{ names: string[]; columns: Float64Array[] }> {
    const msg = await this.send({ kind: 'numeric', id: 0, sql, params });
    if (msg.kind !== 'numeric') throw new Error('Engine protocol error: expected numeric columns.');
    return { names: msg.names, columns: msg.columns };
  }

  async codedColumns(
    sql: string,
    params?: SqlParam[],
  ): Promise<{ names: string[]; columns: Float64Array[]; dictionaries: (string[] | null)[] }> {
    const msg = await this.send({ kind: 'numeric', id: 0, sql, params, codeText: true });
    if (msg.kind !== 'numeric') throw new Error('Engine protocol error: expected coded columns.');
    return { names: msg.names, columns: msg.columns, dictionaries: msg.dictionaries ?? msg.names.map(() => null) };
  }

  async appendColumns(table: string, names: string[], columns: Float64Array[]): Promise<void> {
    // Copied, not transferred: detaching a buffer makes V8 check every later typed-array access in this thread for
    // detachment (measured 20% slower loops), and the copy costs milliseconds.
    await this.send({ kind: 'append', id: 0, table, names, columns });
  }

  async interrupt(queryId: string): Promise<boolean> {
    const msg = await this.send({ kind: 'interrupt', id: 0, queryId });
    return msg.kind === 'done' && Boolean(msg.value);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    try {
      await this.send({ kind: 'close', id: 0 });
    } finally {
      this.closed = true;
      await this.worker.terminate();
    }
  }

  private send(req: WorkerRequest, onProgress?: (f: number) => void): Promise<WorkerResponse> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closed) return Promise.reject(new Error('The database engine is closed.'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress });
      this.worker.postMessage({ ...req, id });
    });
  }

  private onMessage(msg: WorkerResponse): void {
    const p = this.pending.get(msg.id);
    if (!p) return;
    if (msg.kind === 'progress') {
      p.onProgress?.(msg.fraction);
      return;
    }
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

  private failAll(err: Error): void {
    this.failure = err;
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }
}

/** DuckDB marks the position as "LINE n:" in parser and binder errors. */
export function errorLine(message: string): number | undefined {
  const m = /LINE (\d+):/.exec(message);
  return m ? Number(m[1]) : undefined;
}
