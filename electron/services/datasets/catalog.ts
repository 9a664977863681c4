import { existsSync } from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { Dataset } from '../../../shared/types';
import type { Migration, Store } from '../store/store';
import { fromStoredPath, toStoredPath } from '../store/workspace-paths';

type Row = Record<string, unknown>;

/** A load records its intent first (a `pending` row), then does the work, then marks the row `ready`. */
export type CatalogState = 'pending' | 'ready';

/** What a load reserves before it writes anything: enough to undo it after a crash. */
export type PendingDataset = Pick<Dataset, 'id' | 'name' | 'sourcePath' | 'format' | 'mode' | 'options' | 'relation' | 'dataPath'>;

export const catalogMigrations = (workspaceDir: string): Migration[] => [
  {
    version: 1,
    legacy: 1,
    name: 'dataset catalog',
    sql: `
      CREATE TABLE datasets (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        source_path TEXT NOT NULL,
        format TEXT NOT NULL,
        mode TEXT NOT NULL,
        options_json TEXT NOT NULL,
        columns_json TEXT NOT NULL,
        row_count INTEGER NOT NULL,
        fingerprint TEXT NOT NULL,
        relation TEXT NOT NULL,
        loaded_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 2,
    legacy: 2,
    name: 'imports are Parquet files in the workspace: record the path DuckDB reads',
    sql: `
      ALTER TABLE datasets ADD COLUMN data_path TEXT NOT NULL DEFAULT '';
      UPDATE datasets SET data_path = source_path WHERE data_path = '';
    `,
  },
  {
    version: 3,
    name: 'loads record their intent first; paths inside the workspace are stored relative to it; vanished sources are marked',
    sql: `
      ALTER TABLE datasets ADD COLUMN state TEXT NOT NULL DEFAULT 'ready';
      ALTER TABLE datasets ADD COLUMN missing TEXT;
    `,
    run: (db) => relativizePaths(db, workspaceDir),
  },
];

/**
 * Existing rows hold absolute paths. Those inside the workspace become relative; an import whose workspace was
 * moved before this upgrade (its old folder gone, the same file in this workspace's imports/) is found there.
 */
function relativizePaths(db: Database.Database, workspaceDir: string): void {
  const rows = db.prepare('SELECT id, mode, source_path, data_path FROM datasets').all() as Row[];
  const update = db.prepare('UPDATE datasets SET source_path = ?, data_path = ? WHERE id = ?');
  for (const r of rows) {
    const source = toStoredPath(workspaceDir, r.source_path as string);
    let data = toStoredPath(workspaceDir, r.data_path as string);
    if (r.mode === 'import' && path.isAbsolute(data)) {
      const base = data.split(/[\\/]/).pop() ?? '';
      const parent = data.split(/[\\/]/).slice(-2, -1)[0];
      if (parent === 'imports' && !existsSync(data) && existsSync(path.join(workspaceDir, 'imports', base))) data = `imports/${base}`;
    }
    update.run(source, data, r.id);
  }
}

/** The dataset catalog in the workspace's SQLite file. Paths come out absolute, resolved against the workspace as it is now. */
export class Catalog {
  constructor(private readonly store: Store) {
    store.migrate('datasets', catalogMigrations(store.dir));
  }

  /** The datasets whose load finished. */
  list(): Dataset[] {
    return this.rows(`SELECT * FROM datasets WHERE state = 'ready' ORDER BY loaded_at DESC, name`);
  }

  get(id: string): Dataset | undefined {
    const row = this.store.db.prepare(`SELECT * FROM datasets WHERE id = ? AND state = 'ready'`).get(id) as Row | undefined;
    return row ? this.toDataset(row) : undefined;
  }

  /** Loads that recorded their intent and never finished (the app stopped in between). */
  pending(): Dataset[] {
    return this.rows(`SELECT * FROM datasets WHERE state = 'pending' ORDER BY loaded_at`);
  }

  /** Every relation a row names, finished or not. */
  relations(): string[] {
    return (this.store.db.prepare('SELECT relation FROM datasets').all() as { relation: string }[]).map((r) => r.relation);
  }

  /** Records a load's intent before it writes a file or a view: the name, the relation and the import file are reserved. */
  reserve(d: PendingDataset, at: string): void {
    this.store.db
      .prepare(
        `INSERT INTO datasets (id, name, source_path, format, mode, options_json, columns_json, row_count, fingerprint, relation, loaded_at, data_path, state)
           VALUES (@id, @name, @sourcePath, @format, @mode, @options, '[]', 0, '', @relation, @at, @dataPath, 'pending')`,
      )
      .run({ ...this.stored(d), options: JSON.stringify(d.options), at });
  }

  /** Marks a reserved load done, with what it found; the audit line lands with it. */
  complete(d: Dataset): void {
    const db = this.store.db;
    db.transaction(() => {
      const changed = db
        .prepare(
          `UPDATE datasets SET options_json = @options, columns_json = @columns, row_count = @rowCount, fingerprint = @fingerprint,
             loaded_at = @loadedAt, state = 'ready' WHERE id = @id AND state = 'pending'`,
        )
        .run({ ...d, options: JSON.stringify(d.options), columns: JSON.stringify(d.columns) }).changes;
      if (changed !== 1) throw new Error(`The load of "${d.name}" was not reserved in the catalog.`);
      this.store.audit('dataset.load', `${d.name} ← ${d.sourcePath} (${d.format}, ${d.mode}, ${d.rowCount} rows)`);
    })();
  }

  /** Forgets a load that failed or was rolled back. */
  discard(id: string): void {
    this.store.db.prepare(`DELETE FROM datasets WHERE id = ? AND state = 'pending'`).run(id);
  }

  /** Marks (or, with null, clears) a dataset whose source file has vanished. */
  setMissing(id: string, message: string | null): void {
    this.store.db.prepare('UPDATE datasets SET missing = ? WHERE id = ?').run(message, id);
  }

  nameTaken(name: string): boolean {
    return Boolean(this.store.db.prepare('SELECT 1 FROM datasets WHERE lower(name) = lower(?)').get(name));
  }

  /** Catalog entry and its audit line land together or not at all. */
  insert(d: Dataset): void {
    const db = this.store.db;
    db.transaction(() => {
      db.prepare(
        `INSERT INTO datasets (id, name, source_path, format, mode, options_json, columns_json, row_count, fingerprint, relation, loaded_at, data_path)
           VALUES (@id, @name, @sourcePath, @format, @mode, @options, @columns, @rowCount, @fingerprint, @relation, @loadedAt, @dataPath)`,
      ).run({ ...this.stored(d), options: JSON.stringify(d.options), columns: JSON.stringify(d.columns) });
      this.store.audit('dataset.load', `${d.name} ← ${d.sourcePath} (${d.format}, ${d.mode}, ${d.rowCount} rows)`);
    })();
  }

  remove(id: string): boolean {
    return this.store.db.transaction(() => {
      const d = this.get(id);
      if (!d) return false;
      this.store.db.prepare('DELETE FROM datasets WHERE id = ?').run(id);
      this.store.audit('dataset.remove', d.name);
      return true;
    })();
  }

  private rows(sql: string): Dataset[] {
    return (this.store.db.prepare(sql).all() as Row[]).map((r) => this.toDataset(r));
  }

  private stored<T extends { sourcePath: string; dataPath: string }>(d: T): T {
    return { ...d, sourcePath: toStoredPath(this.store.dir, d.sourcePath), dataPath: toStoredPath(this.store.dir, d.dataPath) };
  }

  private toDataset(r: Row): Dataset {
    return toDataset(r, this.store.dir);
  }
}

function toDataset(r: Row, workspaceDir: string): Dataset {
  return {
    id: r.id as string,
    name: r.name as string,
    sourcePath: fromStoredPath(workspaceDir, r.source_path as string),
    format: r.format as Dataset['format'],
    mode: r.mode as Dataset['mode'],
    options: JSON.parse(r.options_json as string) as Dataset['options'],
    columns: JSON.parse(r.columns_json as string) as Dataset['columns'],
    rowCount: r.row_count as number,
    fingerprint: r.fingerprint as string,
    relation: r.relation as string,
    loadedAt: r.loaded_at as string,
    dataPath: fromStoredPath(workspaceDir, r.data_path as string),
    ...(r.missing ? { missing: r.missing as string } : {}),
  };
}
