/** Domain types shared by services, hosts and the renderer. */

import type { JobResult } from './api/contract';
import type { ApiError } from './api/result';

export type DatasetFormat = 'csv' | 'parquet' | 'json' | 'xlsx';
export type LoadMode = 'view' | 'import';

/** Thousands separators a CSV reader can be told to skip (`1.234,56` has '.'). */
export const THOUSANDS_SEPARATORS = ['.', ','] as const;
export type ThousandsSeparator = (typeof THOUSANDS_SEPARATORS)[number];

export interface CsvOptions {
  delimiter?: string;
  header?: boolean;
  decimalComma?: boolean;
  thousandsSeparator?: ThousandsSeparator;
  /** The file has newlines inside quoted values: read it serially, the one way DuckDB pads short rows then. */
  quotedNewlines?: boolean;
  encoding?: 'utf-8' | 'utf-16' | 'latin-1';
  skipRows?: number;
  dateFormat?: string;
}

export interface LoadOptions {
  format?: DatasetFormat;
  csv?: CsvOptions;
  sheet?: string;
  /** Stack a folder's Parquet files by column name even when their schemas differ. */
  unionByName?: boolean;
}

export interface ColumnInfo {
  name: string;
  type: string;
}

export interface Dataset {
  id: string;
  name: string;
  sourcePath: string;
  format: DatasetFormat;
  mode: LoadMode;
  options: LoadOptions;
  columns: ColumnInfo[];
  rowCount: number;
  fingerprint: string;
  loadedAt: string;
  /** Name of the DuckDB view over the data. */
  relation: string;
  /** What DuckDB reads: the source itself (view) or the workspace's Parquet copy (import). */
  dataPath: string;
  /** Set when the file DuckDB reads was gone at the workspace's last start: what is missing. */
  missing?: string;
}

export type CellValue = string | number | boolean | null;

/** A page of rows in columnar form: data[c][r] is column c of row r. */
export interface ColumnPage {
  columns: ColumnInfo[];
  data: CellValue[][];
  rowCount: number;
}

export interface Preview {
  path: string;
  format: DatasetFormat;
  options: LoadOptions;
  columns: ColumnInfo[];
  page: ColumnPage;
  sheets?: string[];
  suggestedName: string;
  /** CSV settings found in the file rather than given, so the options can say "detected". */
  detected?: { decimalSeparator?: ','; thousandsSeparator?: ThousandsSeparator };
}

export interface SortSpec {
  column: string;
  direction: 'asc' | 'desc';
}

export type FilterSpec =
  | { column: string; kind: 'text'; op: 'contains' | 'notContains' | 'equals' | 'notEqual' | 'startsWith' | 'endsWith'; value: string }
  | {
      column: string;
      kind: 'number';
      op: 'equals' | 'notEqual' | 'lessThan' | 'lessThanOrEqual' | 'greaterThan' | 'greaterThanOrEqual' | 'inRange';
      value: number;
      /** Upper bound, for inRange only. */
      to?: number;
    }
  | { column: string; kind: 'blank'; op: 'blank' | 'notBlank' };

export interface ColumnProfile {
  name: string;
  type: string;
  count: number;
  nulls: number;
  distinct: number;
  /** True when `distinct` is an approximation (big datasets); it never exceeds the non-null count. */
  distinctApprox: boolean;
  min: string | null;
  max: string | null;
  mean: number | null;
  histogram?: { edges: number[]; counts: number[] };
  /** Dates and timestamps: counts over time, bin edges in milliseconds since 1970-01-01 (the column's wall-clock time read as UTC). */
  timeHistogram?: { edges: number[]; counts: number[] };
  topValues?: { value: string; count: number }[];
}

export interface QueryResult {
  page: ColumnPage;
  truncated: boolean;
  elapsedMs: number;
  /** Set when the rows stopped at the size budget (MAX_RESULT_BYTES) rather than the row limit: says so and what to do. */
  note?: string;
}

export interface HistoryEntry {
  id: number;
  sql: string;
  ranAt: string;
  elapsedMs: number | null;
  error: string | null;
}

export interface SavedQuery {
  id: number;
  name: string;
  sql: string;
  savedAt: string;
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  detail: string;
}

export interface JobStatus {
  id: string;
  kind: string;
  state: 'running' | 'done' | 'failed' | 'cancelled';
  progress: number | null;
  message: string;
  datasetId?: string;
  /** A job started with jobs.start: the response of its method once done (see JobResult in api/contract). */
  result?: JobResult;
  /** A failed job's error, with the field it names (so a form can show it in place). */
  error?: ApiError;
}

/** A saved experiment: what was typed or chosen, what came out, and the analyst's notes. */
export interface SavedExperiment {
  id: string;
  name: string;
  kind: 'data' | 'conversion' | 'continuous' | 'power' | 'srm';
  inputs: Record<string, unknown>;
  results: Record<string, unknown>;
  notes: string;
  createdAt: string;
  updatedAt: string;
}

/** A model in the registry: its ONNX file, what it was trained on, and how it did. */
/** A registered model version (its metrics and lineage are written out in shared/models/types.ts). */
export type { RegisteredModel } from './models/types';

const NUMERIC_TYPE = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL)/;

/** Whether a DuckDB column type holds numbers (optionally counting BOOLEAN as 0/1). */
export function isNumericType(type: string, includeBoolean = false): boolean {
  return NUMERIC_TYPE.test(type) || (includeBoolean && type === 'BOOLEAN');
}
