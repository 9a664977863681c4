import type { ColumnPage } from '../../../shared/types';

export type SqlParam = string | number | boolean | null;

export interface RunOptions {
  params?: SqlParam[];
  /** Stop reading after this many rows (the query itself may still be bounded by LIMIT). */
  maxRows?: number;
  /** Lets a caller interrupt the query later with `interrupt(queryId)`. */
  queryId?: string;
  /** Called with 0..1 while long statements run (imports). */
  onProgress?: (fraction: number) => void;
}

/** The database engine behind a small driver interface: run a query, read columns back. */
export interface Engine {
  query(sql: string, options?: RunOptions): Promise<ColumnPage & { truncated: boolean }>;
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
  close(): Promise<void>;
}
