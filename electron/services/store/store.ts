import path from 'node:path';
import Database from 'better-sqlite3';
import type { AuditEntry } from '../../../shared/types';
import { appMigrations, type Migration } from './migrations';

export type { Migration } from './migrations';

type Row = Record<string, unknown>;

/**
 * The app's own state in one SQLite file per workspace (WAL). The store owns the connection, settings
 * and the audit log; each feature keeps its tables in a store of its own (the catalog, query history,
 * saved experiments, the model registry) and registers its numbered migrations through `migrate`.
 */
export class Store {
  readonly db: Database.Database;
  /** The workspace folder (the file's folder): paths of files inside it are stored relative to it. */
  readonly dir: string;
  readonly readOnly: boolean = false;

  constructor(
    readonly file: string,
    private readonly now: () => Date = () => new Date(),
    private readonly actor: string = 'local user',
    /** Read-only (a damaged file opened to look): nothing is written, not even a migration. */
    opts: { readOnly?: boolean } = {},
  ) {
    this.dir = path.dirname(path.resolve(file));
    this.db = new Database(file, { readonly: opts.readOnly ?? false });
    if (opts.readOnly) {
      this.readOnly = true;
      return;
    }
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      feature TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL, applied_at TEXT NOT NULL,
      PRIMARY KEY (feature, version))`);
    this.migrate('app', appMigrations);
  }

  /**
   * Runs a feature's migrations it has not run yet, in order, each in a transaction with its record.
   * Steps that predate per-feature migrations carry `legacy`: a workspace whose old schema number
   * (user_version) reached it already has the step, which is recorded without running.
   */
  migrate(feature: string, migrations: readonly Migration[]): void {
    if (this.readOnly) return;
    const applied = new Set(
      (this.db.prepare('SELECT version FROM schema_migrations WHERE feature = ?').all(feature) as { version: number }[]).map(
        (r) => r.version,
      ),
    );
    const legacyVersion = this.db.pragma('user_version', { simple: true }) as number;
    let last = 0;
    for (const m of migrations) {
      if (m.version <= last) throw new Error(`${feature} migrations must be numbered in increasing order (${m.version} after ${last}).`);
      last = m.version;
      if (applied.has(m.version)) continue;
      this.db.transaction(() => {
        if (!(m.legacy !== undefined && legacyVersion >= m.legacy)) {
          this.db.exec(m.sql);
          m.run?.(this.db);
        }
        this.db
          .prepare('INSERT INTO schema_migrations (feature, version, name, applied_at) VALUES (?, ?, ?, ?)')
          .run(feature, m.version, m.name, this.stamp());
      })();
    }
  }

  /** Each feature's newest migration version. */
  schemaVersions(): Record<string, number> {
    const rows = this.db.prepare('SELECT feature, max(version) AS v FROM schema_migrations GROUP BY feature').all() as {
      feature: string;
      v: number;
    }[];
    return Object.fromEntries(rows.map((r) => [r.feature, r.v]));
  }

  close(): void {
    this.db.close();
  }

  stamp(): string {
    return this.now().toISOString();
  }

  // Settings

  getSetting<T>(key: string, fallback: T): T {
    const row = this.db.prepare('SELECT value_json FROM settings WHERE key = ?').get(key) as { value_json: string } | undefined;
    return row ? (JSON.parse(row.value_json) as T) : fallback;
  }

  setSetting(key: string, value: unknown): void {
    this.db
      .prepare('INSERT INTO settings (key, value_json) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value_json = excluded.value_json')
      .run(key, JSON.stringify(value));
  }

  // Audit

  audit(action: string, detail: string): void {
    this.db.prepare('INSERT INTO audit_log (at, actor, action, detail) VALUES (?, ?, ?, ?)').run(this.stamp(), this.actor, action, detail);
  }

  auditLog(limit = 200): AuditEntry[] {
    return (this.db.prepare('SELECT * FROM audit_log ORDER BY id DESC LIMIT ?').all(limit) as Row[]).map((r) => ({
      id: r.id as number,
      at: r.at as string,
      actor: r.actor as string,
      action: r.action as string,
      detail: r.detail as string,
    }));
  }
}
