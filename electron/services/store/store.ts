import Database from 'better-sqlite3';
import type { AuditEntry, Dataset, HistoryEntry, RegisteredModel, SavedExperiment, SavedQuery } from '../../../shared/types';
import { migrations } from './migrations';

type Row = Record<string, unknown>;

/** The app's own state in one SQLite file per workspace (WAL, numbered migrations). */
export class Store {
  readonly db: Database.Database;

  constructor(
    file: string,
    private readonly now: () => Date = () => new Date(),
    private readonly actor: string = 'local user',
  ) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    this.migrate();
  }

  get schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  private migrate(): void {
    const current = this.schemaVersion;
    for (const m of migrations) {
      if (m.version <= current) continue;
      this.db.transaction(() => {
        this.db.exec(m.sql);
        this.db.pragma(`user_version = ${m.version}`);
      })();
    }
  }

  close(): void {
    this.db.close();
  }

  private stamp(): string {
    return this.now().toISOString();
  }

  // Datasets

  listDatasets(): Dataset[] {
    return (this.db.prepare('SELECT * FROM datasets ORDER BY loaded_at DESC, name').all() as Row[]).map(toDataset);
  }

  getDataset(id: string): Dataset | undefined {
    const row = this.db.prepare('SELECT * FROM datasets WHERE id = ?').get(id) as Row | undefined;
    return row ? toDataset(row) : undefined;
  }

  datasetNameTaken(name: string): boolean {
    return Boolean(this.db.prepare('SELECT 1 FROM datasets WHERE lower(name) = lower(?)').get(name));
  }

  /** Catalog entry and its audit line land together or not at all. */
  insertDataset(d: Dataset): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO datasets (id, name, source_path, format, mode, options_json, columns_json, row_count, fingerprint, relation, loaded_at, data_path)
           VALUES (@id, @name, @sourcePath, @format, @mode, @options, @columns, @rowCount, @fingerprint, @relation, @loadedAt, @dataPath)`,
        )
        .run({ ...d, options: JSON.stringify(d.options), columns: JSON.stringify(d.columns) });
      this.audit('dataset.load', `${d.name} ← ${d.sourcePath} (${d.format}, ${d.mode}, ${d.rowCount} rows)`);
    })();
  }

  removeDataset(id: string): boolean {
    return this.db.transaction(() => {
      const d = this.getDataset(id);
      if (!d) return false;
      this.db.prepare('DELETE FROM datasets WHERE id = ?').run(id);
      this.audit('dataset.remove', d.name);
      return true;
    })();
  }

  // Queries

  addHistory(sql: string, elapsedMs: number | null, error: string | null): void {
    this.db
      .prepare('INSERT INTO query_history (sql, ran_at, elapsed_ms, error) VALUES (?, ?, ?, ?)')
      .run(sql, this.stamp(), elapsedMs, error);
    // Keep the history bounded.
    this.db.prepare('DELETE FROM query_history WHERE id <= (SELECT max(id) - 500 FROM query_history)').run();
  }

  history(limit = 100): HistoryEntry[] {
    return (this.db.prepare('SELECT * FROM query_history ORDER BY id DESC LIMIT ?').all(limit) as Row[]).map((r) => ({
      id: r.id as number,
      sql: r.sql as string,
      ranAt: r.ran_at as string,
      elapsedMs: r.elapsed_ms as number | null,
      error: r.error as string | null,
    }));
  }

  saveQuery(name: string, sql: string): SavedQuery {
    const savedAt = this.stamp();
    const info = this.db.prepare('INSERT INTO saved_queries (name, sql, saved_at) VALUES (?, ?, ?)').run(name, sql, savedAt);
    return { id: Number(info.lastInsertRowid), name, sql, savedAt };
  }

  savedQueries(): SavedQuery[] {
    return (this.db.prepare('SELECT * FROM saved_queries ORDER BY name, id').all() as Row[]).map((r) => ({
      id: r.id as number,
      name: r.name as string,
      sql: r.sql as string,
      savedAt: r.saved_at as string,
    }));
  }

  deleteSavedQuery(id: number): boolean {
    return this.db.prepare('DELETE FROM saved_queries WHERE id = ?').run(id).changes > 0;
  }

  // Experiments

  saveExperiment(e: Omit<SavedExperiment, 'createdAt' | 'updatedAt'> & { createdAt?: string }): SavedExperiment {
    const now = this.stamp();
    const row = { ...e, createdAt: e.createdAt ?? now, updatedAt: now };
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO experiments (id, name, kind, inputs_json, results_json, notes, created_at, updated_at)
           VALUES (@id, @name, @kind, @inputs, @results, @notes, @createdAt, @updatedAt)
           ON CONFLICT(id) DO UPDATE SET name = excluded.name, kind = excluded.kind, inputs_json = excluded.inputs_json,
             results_json = excluded.results_json, notes = excluded.notes, updated_at = excluded.updated_at`,
        )
        .run({ ...row, inputs: JSON.stringify(e.inputs), results: JSON.stringify(e.results) });
      this.audit('experiment.save', e.name);
    })();
    return row;
  }

  listExperiments(): SavedExperiment[] {
    return (this.db.prepare('SELECT * FROM experiments ORDER BY updated_at DESC, name').all() as Row[]).map(toExperiment);
  }

  getExperiment(id: string): SavedExperiment | undefined {
    const row = this.db.prepare('SELECT * FROM experiments WHERE id = ?').get(id) as Row | undefined;
    return row ? toExperiment(row) : undefined;
  }

  deleteExperiment(id: string): boolean {
    return this.db.prepare('DELETE FROM experiments WHERE id = ?').run(id).changes > 0;
  }

  // Models

  nextModelVersion(name: string): number {
    const row = this.db.prepare('SELECT max(version) AS v FROM models WHERE name = ?').get(name) as { v: number | null };
    return (row.v ?? 0) + 1;
  }

  registerModel(m: RegisteredModel): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO models (id, name, version, algorithm, features_json, target, metrics_json, onnx_path, lineage_json, created_at)
           VALUES (@id, @name, @version, @algorithm, @features, @target, @metrics, @onnxPath, @lineage, @createdAt)`,
        )
        .run({ ...m, features: JSON.stringify(m.features), metrics: JSON.stringify(m.metrics), lineage: JSON.stringify(m.lineage) });
      this.audit('model.register', `${m.name} v${m.version} (${m.algorithm}) → ${m.onnxPath}`);
    })();
  }

  listModels(): RegisteredModel[] {
    return (this.db.prepare('SELECT * FROM models ORDER BY name, version DESC').all() as Row[]).map((r) => ({
      id: r.id as string,
      name: r.name as string,
      version: r.version as number,
      algorithm: r.algorithm as RegisteredModel['algorithm'],
      features: JSON.parse(r.features_json as string) as string[],
      target: (r.target as string | null) ?? null,
      metrics: JSON.parse(r.metrics_json as string) as Record<string, unknown>,
      onnxPath: r.onnx_path as string,
      lineage: JSON.parse(r.lineage_json as string) as Record<string, unknown>,
      createdAt: r.created_at as string,
    }));
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

function toExperiment(r: Row): SavedExperiment {
  return {
    id: r.id as string,
    name: r.name as string,
    kind: r.kind as SavedExperiment['kind'],
    inputs: JSON.parse(r.inputs_json as string) as Record<string, unknown>,
    results: JSON.parse(r.results_json as string) as Record<string, unknown>,
    notes: r.notes as string,
    createdAt: r.created_at as string,
    updatedAt: r.updated_at as string,
  };
}
