import type { Dataset } from '../../../shared/types';
import type { Migration, Store } from '../store/store';

type Row = Record<string, unknown>;

export const catalogMigrations: Migration[] = [
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
];

/** The dataset catalog in the workspace's SQLite file. */
export class Catalog {
  constructor(private readonly store: Store) {
    store.migrate('datasets', catalogMigrations);
  }

  list(): Dataset[] {
    return (this.store.db.prepare('SELECT * FROM datasets ORDER BY loaded_at DESC, name').all() as Row[]).map(toDataset);
  }

  get(id: string): Dataset | undefined {
    const row = this.store.db.prepare('SELECT * FROM datasets WHERE id = ?').get(id) as Row | undefined;
    return row ? toDataset(row) : undefined;
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
      ).run({ ...d, options: JSON.stringify(d.options), columns: JSON.stringify(d.columns) });
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
}

function toDataset(r: Row): Dataset {
  return {
    id: r.id as string,
    name: r.name as string,
    sourcePath: r.source_path as string,
    format: r.format as Dataset['format'],
    mode: r.mode as Dataset['mode'],
    options: JSON.parse(r.options_json as string) as Dataset['options'],
    columns: JSON.parse(r.columns_json as string) as Dataset['columns'],
    rowCount: r.row_count as number,
    fingerprint: r.fingerprint as string,
    relation: r.relation as string,
    loadedAt: r.loaded_at as string,
    dataPath: r.data_path as string,
  };
}
