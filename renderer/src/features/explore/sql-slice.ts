import { ErrorCode, messageOf, type ApiError } from '../../../../shared/api/result';
import type { HistoryEntry, QueryResult, SavedQuery } from '../../../../shared/types';
import { ApiCallError } from '../../api/client';
import type { SliceCreator } from '../feature';
import { CHART_KINDS, type ChartChoice } from './chart-spec';
import { isRecord, isString, recall, remember } from '../../store/ui-memory';

/** The result pane's two views. */
export const RESULT_TABS = ['table', 'chart'] as const;
export type ResultTab = (typeof RESULT_TABS)[number];

/** A data grid's sort and filter, as AG Grid reports them in its state (kept per dataset). */
export interface GridMemory {
  sort?: unknown;
  filter?: unknown;
}

const isChartChoice = (v: unknown): v is ChartChoice =>
  isRecord(v) && CHART_KINDS.includes(v.kind as ChartChoice['kind']) && typeof v.x === 'string';
const isResultTab = (v: unknown): v is ResultTab => RESULT_TABS.includes(v as ResultTab);
const isGridMemories = (v: unknown): v is Record<string, GridMemory> => isRecord(v) && Object.values(v).every(isRecord);

export interface SqlSlice {
  sql: string;
  result: QueryResult | null;
  sqlError: ApiError | null;
  runningId: string | null;
  history: HistoryEntry[];
  saved: SavedQuery[];
  /** The last query that returned a result; after a reload its result is gone but it can be re-run. */
  lastRunSql: string | null;
  resultTab: ResultTab;
  gridMemory: Record<string, GridMemory>;
  /** The chart builder's last choice (null: the default for the result). */
  chartChoice: ChartChoice | null;
  setChartChoice(choice: ChartChoice): void;
  setSql(sql: string): void;
  setResultTab(tab: ResultTab): void;
  rememberGrid(datasetId: string, memory: GridMemory): void;
  /** Puts the last query back in the editor and runs it. */
  rerunLast(): Promise<void>;
  runSql(): Promise<void>;
  cancelSql(): Promise<void>;
  refreshQueries(): Promise<void>;
  saveSql(name: string): Promise<void>;
  deleteSaved(id: number): Promise<void>;
  /** Asks where, then writes the current query's full result (not only the rows shown) as CSV or Parquet. */
  exportResult(format: 'csv' | 'parquet'): Promise<void>;
  exporting: boolean;
}

export const createSqlSlice: SliceCreator<SqlSlice> = (set, get, _api, { call }) => ({
  sql: recall('sql.text', isString) ?? '',
  result: null,
  lastRunSql: recall('sql.lastRun', isString),
  resultTab: recall('sql.tab', isResultTab) ?? 'table',
  gridMemory: recall('grid.memory', isGridMemories) ?? {},
  chartChoice: recall('sql.chart', isChartChoice),
  sqlError: null,
  runningId: null,
  history: [],
  saved: [],
  exporting: false,
  async exportResult(format) {
    const { sql, chooseExportPath, notify } = get();
    if (!sql.trim() || get().exporting) return;
    const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
    const path = await chooseExportPath(
      `result-${stamp}.${format}`,
      format,
      `Export the result as ${format === 'csv' ? 'CSV' : 'Parquet'}`,
    );
    if (!path) return;
    set({ exporting: true });
    try {
      const r = await call('export.result', { sql, format, path });
      notify('info', `Exported ${r.rows.toLocaleString('en-US')} rows to ${r.path}`, r.path);
    } catch (e) {
      notify('error', messageOf(e));
    } finally {
      set({ exporting: false });
    }
  },
  setSql(sql) {
    set({ sql });
    remember('sql.text', sql);
  },
  setChartChoice(choice) {
    set({ chartChoice: choice });
    remember('sql.chart', choice);
  },
  setResultTab(tab) {
    set({ resultTab: tab });
    remember('sql.tab', tab);
  },
  rememberGrid(datasetId, memory) {
    const gridMemory = { ...get().gridMemory, [datasetId]: memory };
    set({ gridMemory });
    remember('grid.memory', gridMemory);
  },
  async rerunLast() {
    const last = get().lastRunSql;
    if (!last) return;
    get().setSql(last);
    await get().runSql();
  },
  async runSql() {
    const sql = get().sql.trim();
    if (!sql || get().runningId) return;
    const runId = `run-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    set({ runningId: runId, sqlError: null });
    try {
      const result = await call('query.run', { sql, runId });
      set({ result, sqlError: null, lastRunSql: sql });
      remember('sql.lastRun', sql);
    } catch (err) {
      set({ sqlError: err instanceof ApiCallError ? err.error : { code: ErrorCode.Internal, message: messageOf(err) } });
    } finally {
      set({ runningId: null });
      void get().refreshQueries();
    }
  },
  async cancelSql() {
    const id = get().runningId;
    if (id) await call('query.cancel', { runId: id });
  },
  async refreshQueries() {
    const [history, saved] = await Promise.all([call('query.history', {}), call('query.saved', {})]);
    set({ history, saved });
  },
  async saveSql(name) {
    await call('query.save', { name, sql: get().sql });
    await get().refreshQueries();
    get().notify('info', `Saved query "${name}".`);
  },
  async deleteSaved(id) {
    await call('query.deleteSaved', { id });
    await get().refreshQueries();
  },
});
