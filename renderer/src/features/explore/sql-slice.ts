import { ErrorCode, messageOf, type ApiError } from '../../../../shared/api/result';
import type { HistoryEntry, QueryResult, SavedQuery } from '../../../../shared/types';
import { ApiCallError } from '../../api/client';
import type { SliceCreator } from '../feature';

export interface SqlSlice {
  sql: string;
  result: QueryResult | null;
  sqlError: ApiError | null;
  runningId: string | null;
  history: HistoryEntry[];
  saved: SavedQuery[];
  setSql(sql: string): void;
  runSql(): Promise<void>;
  cancelSql(): Promise<void>;
  refreshQueries(): Promise<void>;
  saveSql(name: string): Promise<void>;
  deleteSaved(id: number): Promise<void>;
}

export const createSqlSlice: SliceCreator<SqlSlice> = (set, get, _api, { call }) => ({
  sql: '',
  result: null,
  sqlError: null,
  runningId: null,
  history: [],
  saved: [],
  setSql(sql) {
    set({ sql });
  },
  async runSql() {
    const sql = get().sql.trim();
    if (!sql || get().runningId) return;
    const runId = `run-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    set({ runningId: runId, sqlError: null });
    try {
      const result = await call('query.run', { sql, runId });
      set({ result, sqlError: null });
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
