import type { ColumnPage } from '../../../shared/types';
import type { EngineLane } from './lanes';

export type SqlParam = string | number | boolean | null;

/**
 * SQL the user typed (the SQL editor): it runs on a connection of its own, opened for the run and closed after, so
 * its USE, SET and search path never reach the app's connections; extension installs and loads are refused.
 */
export interface EditorSql {
  /** Views the run may not create, replace, drop, rename or alter (the catalog's datasets); touching one is rolled back. */
  protectedViews: string[];
}

export interface RunOptions {
  params?: SqlParam[];
  /** Stop reading after this many rows (the query itself may still be bounded by LIMIT). */
  maxRows?: number;
  /** Stop reading before the rows would weigh more than this many bytes as JSON (estimated). */
  maxBytes?: number;
  /** Lets a caller interrupt the query later with `interrupt(queryId)`. */
  queryId?: string;
  /** Called with 0..1 while long statements run (imports). */
  onProgress?: (fraction: number) => void;
  /** Runs the SQL as the user's (see EditorSql). */
  editor?: EditorSql;
  /** `interactive` for small calls a person waits on (grid pages, one-column profiles); default `heavy` (see lanes.ts). */
  lane?: EngineLane;
}

export interface StreamOptions {
  params?: SqlParam[];
  pageRows?: number;
  /** Lets a caller interrupt the query later with `interrupt(queryId)`. */
  queryId?: string;
  /** Runs the SQL as the user's (see EditorSql). */
  editor?: EditorSql;
  lane?: EngineLane;
}

/** A bounded result: `truncatedBy` says whether maxRows or maxBytes stopped the reading. */
export type QueryRows = ColumnPage & { truncated: boolean; truncatedBy?: 'rows' | 'bytes' };

/** The database engine behind a small driver interface: run a query, read columns back. */
export interface Engine {
  query(sql: string, options?: RunOptions): Promise<QueryRows>;
  /**
   * Reads a result page by page (whole chunks, at least `pageRows` rows each, default 10,240); the next page is
   * read only when the caller asks for it, so a consumer that waits holds back the query. The first page is
   * always yielded (with the columns) even when the result is empty. Ending the loop early closes the query.
   */
  stream(sql: string, options?: StreamOptions): AsyncGenerator<ColumnPage, void, undefined>;
  /** Runs statements that return no rows of interest (DDL, COPY). */
  exec(sql: string, options?: RunOptions): Promise<void>;
  /** Numeric result columns as Float64Arrays (NULL and non-numbers become NaN). */
  numericColumns(sql: string, params?: SqlParam[]): Promise<{ names: string[]; columns: Float64Array[] }>;
  /**
   * Like numericColumns, but text values come back as codes (0, 1, ...) into a per-column dictionary
   * (in order of first appearance); NULL stays NaN. Numeric columns have a null dictionary.
   */
  codedColumns(sql: string, params?: SqlParam[]): Promise<{ names: string[]; columns: Float64Array[]; dictionaries: (string[] | null)[] }>;
  /** Appends DOUBLE columns to an existing table. */
  appendColumns(table: string, names: string[], columns: Float64Array[]): Promise<void>;
  interrupt(queryId: string): Promise<boolean>;
  /**
   * Setup the app ran on the engine after it started (views over files, settings) registered for replay: when the
   * engine process dies it is restarted, its own settings re-applied, then these run in order before any other call.
   */
  onRestart(setup: () => Promise<unknown>): void;
  close(): Promise<void>;
}
