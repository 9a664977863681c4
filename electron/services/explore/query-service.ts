import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ErrorCode, WorkbenchError } from '../../../shared/api/result';
import { quoteString } from '../../../shared/sql';
import type { ColumnPage, QueryResult } from '../../../shared/types';
import type { Engine } from '../engine/engine';
import type { Store } from '../store/store';
import { QueryStore } from './query-store';

export interface QueryDeps {
  engine: Engine;
  store: Store;
  exportDir: string;
  now?: () => Date;
}

const DEFAULT_LIMIT = 10_000;

/** The SQL editor's runs: results bounded to a page, history, saved queries and exports. */
export class QueryService {
  /** History and saved queries. */
  readonly saved: QueryStore;

  constructor(private readonly deps: QueryDeps) {
    this.saved = new QueryStore(deps.store);
  }

  async run(sql: string, limit = DEFAULT_LIMIT, runId?: string): Promise<QueryResult> {
    const started = performance.now();
    try {
      const r = await this.deps.engine.query(stripTrailingSemicolon(sql), { maxRows: limit, queryId: runId });
      const elapsedMs = performance.now() - started;
      this.saved.addHistory(sql, elapsedMs, null);
      return { page: { columns: r.columns, data: r.data, rowCount: r.rowCount }, truncated: r.truncated, elapsedMs };
    } catch (err) {
      this.saved.addHistory(sql, performance.now() - started, err instanceof Error ? err.message.split('\n')[0]! : String(err));
      throw err;
    }
  }

  /** A whole result, page by page (see Engine.stream): for writers that take every row, such as the command line. */
  async *stream(sql: string, pageRows?: number, runId?: string): AsyncGenerator<ColumnPage, void, undefined> {
    const started = performance.now();
    let error: string | null = null;
    try {
      yield* this.deps.engine.stream(stripTrailingSemicolon(sql), { pageRows, queryId: runId });
    } catch (err) {
      error = err instanceof Error ? err.message.split('\n')[0]! : String(err);
      throw err;
    } finally {
      this.saved.addHistory(sql, performance.now() - started, error);
    }
  }

  cancel(runId: string): Promise<boolean> {
    return this.deps.engine.interrupt(runId);
  }

  /** Writes a result with DuckDB's COPY; never over a file the user loaded (callers pass a fresh path). */
  async export(sql: string, format: 'csv' | 'parquet', target?: string): Promise<{ path: string; rows: number }> {
    const now = (this.deps.now ?? (() => new Date()))();
    const file = path.resolve(target ?? path.join(this.deps.exportDir, `result-${now.toISOString().replace(/[:.]/g, '-')}.${format}`));
    if (path.extname(file).toLowerCase() !== `.${format}`) {
      throw new WorkbenchError(ErrorCode.InvalidArgument, `${file}: the file name should end in .${format}.`, { field: 'path' });
    }
    await fs.mkdir(path.dirname(file), { recursive: true });
    const opts = format === 'csv' ? '(FORMAT csv, HEADER true)' : '(FORMAT parquet, COMPRESSION zstd)';
    const tmp = `${file}.partial`;
    const r = await this.deps.engine.query(`COPY (${stripTrailingSemicolon(sql)}) TO ${quoteString(tmp)} ${opts}`);
    await fs.rename(tmp, file); // a reader never sees a half-written export
    const rows = Number(r.data[0]?.[0] ?? 0);
    this.deps.store.audit('export', `${rows} rows → ${file}`);
    return { path: file, rows };
  }
}

function stripTrailingSemicolon(sql: string): string {
  return sql.trim().replace(/;\s*$/, '');
}
