import { redactSecrets } from '../../../shared/explore/redact';
import type { HistoryEntry, SavedQuery } from '../../../shared/types';
import type { Migration, Store } from '../store/store';

type Row = Record<string, unknown>;

export const queryMigrations: Migration[] = [
  {
    version: 1,
    legacy: 1,
    name: 'query history and saved queries',
    sql: `
      CREATE TABLE query_history (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        sql TEXT NOT NULL,
        ran_at TEXT NOT NULL,
        elapsed_ms REAL,
        error TEXT
      );
      CREATE TABLE saved_queries (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL,
        sql TEXT NOT NULL,
        saved_at TEXT NOT NULL
      );
    `,
  },
];

/** SQL history (bounded) and saved queries. */
export class QueryStore {
  constructor(private readonly store: Store) {
    store.migrate('explore', queryMigrations);
  }

  /**
   * Keeps a run in the history with its secrets redacted. Best-effort: a history that cannot be written (disk full,
   * damaged file) never fails the query; the outcome says whether it was kept.
   */
  addHistory(sql: string, elapsedMs: number | null, error: string | null): boolean {
    try {
      const db = this.store.db;
      db.prepare('INSERT INTO query_history (sql, ran_at, elapsed_ms, error) VALUES (?, ?, ?, ?)').run(
        redactSecrets(sql),
        this.store.stamp(),
        elapsedMs,
        error === null ? null : redactSecrets(error),
      );
      // Keep the history bounded.
      db.prepare('DELETE FROM query_history WHERE id <= (SELECT max(id) - 500 FROM query_history)').run();
      return true;
    } catch {
      return false;
    }
  }

  history(limit = 100): HistoryEntry[] {
    return (this.store.db.prepare('SELECT * FROM query_history ORDER BY id DESC LIMIT ?').all(limit) as Row[]).map((r) => ({
      id: r.id as number,
      sql: r.sql as string,
      ranAt: r.ran_at as string,
      elapsedMs: r.elapsed_ms as number | null,
      error: r.error as string | null,
    }));
  }

  saveQuery(name: string, sql: string): SavedQuery {
    const savedAt = this.store.stamp();
    const info = this.store.db.prepare('INSERT INTO saved_queries (name, sql, saved_at) VALUES (?, ?, ?)').run(name, sql, savedAt);
    return { id: Number(info.lastInsertRowid), name, sql, savedAt };
  }

  savedQueries(): SavedQuery[] {
    return (this.store.db.prepare('SELECT * FROM saved_queries ORDER BY name, id').all() as Row[]).map((r) => ({
      id: r.id as number,
      name: r.name as string,
      sql: r.sql as string,
      savedAt: r.saved_at as string,
    }));
  }

  deleteSavedQuery(id: number): boolean {
    return this.store.db.prepare('DELETE FROM saved_queries WHERE id = ?').run(id).changes > 0;
  }
}
