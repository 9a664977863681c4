import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ErrorCode, messageOf, WorkbenchError } from '../../../shared/api/result';
import { formatBytes, MAX_RESULT_BYTES } from '../../../shared/api/limits';
import { quoteString } from '../../../shared/sql';
import type { ColumnPage, QueryResult } from '../../../shared/types';
import type { EditorSql, Engine } from '../engine/engine';
import type { Store } from '../store/store';
import { explainDiskFull } from '../disk-full';
import { checkExportTarget, type ExportGuard } from './export-guard';
import { QueryStore } from './query-store';

export interface QueryDeps {
  engine: Engine;
  store: Store;
  exportDir: string;
  /** Refuses exports onto loaded files and the workspace's own files (absent: no such check, for bare engines). */
  guard?: ExportGuard;
  /** The catalog's view names, which SQL typed in the editor may not replace or drop (absent: none). */
  protectedViews?: () => string[];
  now?: () => Date;
}

const DEFAULT_LIMIT = 10_000;
/** An open result nobody reads for this long is closed, so a vanished reader holds no engine connection. */
const CURSOR_IDLE_MS = 5 * 60_000;

interface Cursor {
  pages: AsyncGenerator<ColumnPage, void, undefined>;
  timer: NodeJS.Timeout | null;
}

/** The SQL editor's runs: results bounded to a page, history, saved queries and exports. */
export class QueryService {
  /** History and saved queries. */
  readonly saved: QueryStore;
  private readonly cursors = new Map<string, Cursor>();

  constructor(private readonly deps: QueryDeps) {
    this.saved = new QueryStore(deps.store);
  }

  /** Every run here is the user's SQL: on a connection of its own, the catalog's views protected (see EditorSql). */
  private editor(): EditorSql {
    return { protectedViews: this.deps.protectedViews?.() ?? [] };
  }

  async run(sql: string, limit = DEFAULT_LIMIT, runId?: string): Promise<QueryResult> {
    const started = performance.now();
    try {
      const r = await this.deps.engine.query(stripTrailingSemicolon(sql), {
        maxRows: limit,
        maxBytes: MAX_RESULT_BYTES,
        queryId: runId,
        editor: this.editor(),
      });
      const elapsedMs = performance.now() - started;
      this.saved.addHistory(sql, elapsedMs, null);
      const note = r.truncatedBy === 'bytes' ? resultTooLargeNote(r.rowCount) : undefined;
      return { page: { columns: r.columns, data: r.data, rowCount: r.rowCount }, truncated: r.truncated, elapsedMs, ...(note && { note }) };
    } catch (err) {
      this.saved.addHistory(sql, performance.now() - started, messageOf(err).split('\n')[0]!);
      throw err;
    }
  }

  /** A whole result, page by page (see Engine.stream): for writers that take every row, such as the command line. */
  async *stream(sql: string, pageRows?: number, runId?: string): AsyncGenerator<ColumnPage, void, undefined> {
    const started = performance.now();
    let error: string | null = null;
    try {
      yield* this.deps.engine.stream(stripTrailingSemicolon(sql), { pageRows, queryId: runId, editor: this.editor() });
    } catch (err) {
      error = messageOf(err).split('\n')[0]!;
      throw err;
    } finally {
      this.saved.addHistory(sql, performance.now() - started, error);
    }
  }

  /** Opens a cursor over a whole result; a cursor left unread for CURSOR_IDLE_MS is closed. */
  openCursor(sql: string, pageRows?: number): string {
    const id = randomUUID();
    const cursor: Cursor = { pages: this.stream(sql, pageRows), timer: null };
    this.cursors.set(id, cursor);
    this.touch(id, cursor);
    return id;
  }

  /** The next page of a cursor, or null once the result is exhausted (the cursor is then closed). */
  async nextPage(cursorId: string): Promise<ColumnPage | null> {
    const cursor = this.cursors.get(cursorId);
    if (!cursor)
      throw new WorkbenchError(ErrorCode.NotFound, `No open result has id ${cursorId}; it was read to the end, closed or left idle.`);
    try {
      const next = await cursor.pages.next();
      if (next.done) {
        await this.closeCursor(cursorId);
        return null;
      }
      this.touch(cursorId, cursor);
      return next.value;
    } catch (err) {
      this.forget(cursorId);
      throw err;
    }
  }

  async closeCursor(cursorId: string): Promise<boolean> {
    const cursor = this.forget(cursorId);
    if (!cursor) return false;
    await cursor.pages.return(undefined);
    return true;
  }

  private forget(cursorId: string): Cursor | undefined {
    const cursor = this.cursors.get(cursorId);
    if (cursor?.timer) clearTimeout(cursor.timer);
    this.cursors.delete(cursorId);
    return cursor;
  }

  private touch(id: string, cursor: Cursor): void {
    if (cursor.timer) clearTimeout(cursor.timer);
    cursor.timer = setTimeout(() => void this.closeCursor(id), CURSOR_IDLE_MS);
    cursor.timer.unref();
  }

  cancel(runId: string): Promise<boolean> {
    return this.deps.engine.interrupt(runId);
  }

  /** Writes a result with DuckDB's COPY; never over a file the user loaded nor the workspace's own files. */
  async export(sql: string, format: 'csv' | 'parquet', target?: string): Promise<{ path: string; rows: number }> {
    const now = (this.deps.now ?? (() => new Date()))();
    const file = path.resolve(target ?? path.join(this.deps.exportDir, `result-${now.toISOString().replace(/[:.]/g, '-')}.${format}`));
    if (path.extname(file).toLowerCase() !== `.${format}`) {
      throw new WorkbenchError(ErrorCode.InvalidArgument, `${file}: the file name should end in .${format}.`, { field: 'path' });
    }
    if (this.deps.guard) await checkExportTarget(file, this.deps.guard);
    await fs.mkdir(path.dirname(file), { recursive: true });
    const opts = format === 'csv' ? '(FORMAT csv, HEADER true)' : '(FORMAT parquet, COMPRESSION zstd)';
    const tmp = `${file}.partial`;
    let r;
    try {
      r = await this.deps.engine.query(`COPY (${stripTrailingSemicolon(sql)}) TO ${quoteString(tmp)} ${opts}`, { editor: this.editor() });
      await fs.rename(tmp, file); // a reader never sees a half-written export
    } catch (err) {
      await fs.rm(tmp, { force: true });
      throw explainDiskFull(err, path.dirname(file));
    }
    const rows = Number(r.data[0]?.[0] ?? 0);
    this.deps.store.audit('export', `${rows} rows → ${file}`);
    return { path: file, rows };
  }
}

/** Why a result stops short of its row limit, and what to do instead. */
export function resultTooLargeNote(rows: number): string {
  return (
    `Showing the first ${rows.toLocaleString('en-US')} rows: one result shows at most ${formatBytes(MAX_RESULT_BYTES)}. ` +
    'Select fewer or shorter columns, add LIMIT, read the rest page by page (query.open), or export the result.'
  );
}

function stripTrailingSemicolon(sql: string): string {
  return sql.trim().replace(/;\s*$/, '');
}
