/** Numbered migrations: append only. Each runs once, in order, inside a transaction. */
export const migrations: { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'catalog, queries, settings, audit',
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
  {
    version: 2,
    name: 'imports are Parquet files in the workspace: record the path DuckDB reads',
    sql: `
      ALTER TABLE datasets ADD COLUMN data_path TEXT NOT NULL DEFAULT '';
      UPDATE datasets SET data_path = source_path WHERE data_path = '';
    `,
  },
  {
    version: 3,
    name: 'saved experiments',
    sql: `
      CREATE TABLE experiments (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        kind TEXT NOT NULL,
        inputs_json TEXT NOT NULL,
        results_json TEXT NOT NULL,
        notes TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 4,
    name: 'model registry',
    sql: `
      CREATE TABLE models (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        version INTEGER NOT NULL,
        algorithm TEXT NOT NULL,
        features_json TEXT NOT NULL,
        target TEXT,
        metrics_json TEXT NOT NULL,
        onnx_path TEXT NOT NULL,
        lineage_json TEXT NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (name, version)
      );
    `,
  },
];
