import type Database from 'better-sqlite3';

/** One feature's schema step. Append only: each runs once, in order, inside a transaction. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
  /** The workspace-wide schema number (user_version) this step had before migrations moved into features. */
  legacy?: number;
  /** A step SQL alone cannot do (it needs the workspace folder, say); runs after `sql`, in the same transaction. */
  run?: (db: Database.Database) => void;
}

/** The app's own tables: settings and the audit log. */
export const appMigrations: Migration[] = [
  {
    version: 1,
    legacy: 1,
    name: 'settings and audit log',
    sql: `
      CREATE TABLE settings (key TEXT PRIMARY KEY, value_json TEXT NOT NULL);
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        detail TEXT NOT NULL
      );
    `,
  },
];
