import type { CellValue, ColumnInfo } from '../../../shared/types';
import type { EditorSql, SqlParam } from './engine';
import type { EngineLane } from './lanes';

/** Messages between the host and the engine process, cloned (typed arrays included) by a child process's 'advanced' serialization or a MessagePort. */
export type WorkerRequest =
  | {
      kind: 'query';
      id: number;
      sql: string;
      params?: SqlParam[];
      maxRows?: number;
      maxBytes?: number;
      queryId?: string;
      progress?: boolean;
      exec?: boolean;
      editor?: EditorSql;
      lane?: EngineLane;
    }
  | { kind: 'numeric'; id: number; sql: string; params?: SqlParam[]; codeText?: boolean; lane?: EngineLane }
  | { kind: 'append'; id: number; table: string; names: string[]; columns: Float64Array[] }
  | { kind: 'open'; id: number; sql: string; params?: SqlParam[]; queryId?: string; editor?: EditorSql; lane?: EngineLane }
  | { kind: 'next'; id: number; cursor: number; rows: number }
  | { kind: 'closeCursor'; id: number; cursor: number }
  | { kind: 'interrupt'; id: number; queryId: string }
  | { kind: 'close'; id: number };

export type WorkerResponse =
  | {
      kind: 'result';
      id: number;
      columns: ColumnInfo[];
      data: CellValue[][];
      rowCount: number;
      truncated: boolean;
      /** Which bound stopped the reading: maxRows or maxBytes. */
      truncatedBy?: 'rows' | 'bytes';
    }
  | { kind: 'opened'; id: number; columns: ColumnInfo[] }
  | { kind: 'page'; id: number; data: CellValue[][]; rowCount: number; done: boolean }
  | { kind: 'done'; id: number; value?: boolean }
  | { kind: 'numeric'; id: number; names: string[]; columns: Float64Array[]; dictionaries?: (string[] | null)[] }
  | { kind: 'progress'; id: number; fraction: number }
  | { kind: 'error'; id: number; message: string; interrupted: boolean };

/** The environment variable carrying the engine process's WorkerInit as JSON. */
export const ENGINE_OPTIONS_ENV = 'WORKBENCH_ENGINE_OPTIONS';

export interface WorkerInit {
  databasePath: string;
  threads?: number;
  /** DuckDB's memory_limit, such as "4GB"; defaults to defaultMemoryLimit() in duckdb-engine.ts. */
  memoryLimit?: string;
}
