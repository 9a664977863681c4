import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Dataset } from '../../../shared/types';
import { tempDir } from '../test-support';
import Database from 'better-sqlite3';
import { Catalog } from '../datasets/catalog';
import { ExperimentStore } from '../experiments/experiment-store';
import { QueryStore } from '../explore/query-store';
import { ModelRegistry } from '../models/registry';
import { Store } from './store';

const dataset = (over: Partial<Dataset> = {}): Dataset => ({
  id: 'd1',
  name: 'events',
  sourcePath: '/data/events.parquet',
  format: 'parquet',
  mode: 'view',
  options: { format: 'parquet' },
  columns: [{ name: 'a', type: 'INTEGER' }],
  rowCount: 10,
  fingerprint: 'sha256:abc',
  loadedAt: '2026-01-01T00:00:00.000Z',
  relation: 'events',
  dataPath: '/data/events.parquet',
  ...over,
});

describe('Store', () => {
  let tmp: ReturnType<typeof tempDir>;
  let file: string;
  beforeEach(() => {
    tmp = tempDir();
    file = path.join(tmp.dir, 'ws.sqlite');
  });
  afterEach(() => tmp.cleanup());

  it('creates the schema with WAL, each feature recording its own migrations', () => {
    const s = new Store(file);
    new Catalog(s);
    new QueryStore(s);
    expect(s.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(s.schemaVersions()).toEqual({ app: 1, datasets: 3, explore: 1 });
    s.close();
  });

  it('opens a workspace written before per-feature migrations without re-running its steps', () => {
    // The old single list: catalog, queries, settings and audit (1), data_path (2), experiments (3), models (4).
    const old = new Database(file);
    old.exec(`CREATE TABLE datasets (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, source_path TEXT NOT NULL, format TEXT NOT NULL,
        mode TEXT NOT NULL, options_json TEXT NOT NULL, columns_json TEXT NOT NULL, row_count INTEGER NOT NULL, fingerprint TEXT NOT NULL,
        relation TEXT NOT NULL, loaded_at TEXT NOT NULL, data_path TEXT NOT NULL DEFAULT '');
      CREATE TABLE query_history (id INTEGER PRIMARY KEY AUTOINCREMENT, sql TEXT NOT NULL, ran_at TEXT NOT NULL, elapsed_ms REAL, error TEXT);
      CREATE TABLE saved_queries (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, sql TEXT NOT NULL, saved_at TEXT NOT NULL);
      CREATE TABLE settings (key TEXT PRIMARY KEY, value_json TEXT NOT NULL);
      CREATE TABLE audit_log (id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, detail TEXT NOT NULL);
      CREATE TABLE experiments (id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, inputs_json TEXT NOT NULL, results_json TEXT NOT NULL,
        notes TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
      CREATE TABLE models (id TEXT PRIMARY KEY, name TEXT NOT NULL, version INTEGER NOT NULL, algorithm TEXT NOT NULL, features_json TEXT NOT NULL,
        target TEXT, metrics_json TEXT NOT NULL, onnx_path TEXT NOT NULL, lineage_json TEXT NOT NULL, created_at TEXT NOT NULL, UNIQUE (name, version));
      INSERT INTO saved_queries (name, sql, saved_at) VALUES ('kept', 'SELECT 1', '2026-01-01');
      PRAGMA user_version = 4;`);
    old.close();
    const s = new Store(file);
    const queries = new QueryStore(s);
    new Catalog(s);
    new ExperimentStore(s);
    new ModelRegistry(s);
    expect(queries.savedQueries().map((q) => q.name)).toEqual(['kept']);
    expect(s.schemaVersions()).toEqual({ app: 1, datasets: 3, explore: 1, experiments: 1, models: 2 });
    s.close();
  });

  it('refuses a feature whose migrations are out of order', () => {
    const s = new Store(file);
    expect(() =>
      s.migrate('x', [
        { version: 2, name: 'b', sql: '' },
        { version: 1, name: 'a', sql: '' },
      ]),
    ).toThrow(/increasing order/);
    s.close();
  });

  it('keeps catalog, queries, settings and audit across reopening', () => {
    const s = new Store(file, () => new Date('2026-05-01T10:00:00Z'), 'ana');
    new Catalog(s).insert(dataset());
    const q = new QueryStore(s);
    q.saveQuery('by type', 'SELECT 1');
    q.addHistory('SELECT 2', 3.5, null);
    s.setSetting('theme', { dark: true });
    s.close();
    const again = new Store(file);
    const againQ = new QueryStore(again);
    expect(new Catalog(again).list()).toEqual([dataset()]);
    expect(againQ.savedQueries().map((x) => x.name)).toEqual(['by type']);
    expect(againQ.history()[0]).toMatchObject({ sql: 'SELECT 2', elapsedMs: 3.5, error: null });
    expect(again.getSetting('theme', null)).toEqual({ dark: true });
    expect(again.auditLog()[0]).toMatchObject({ action: 'dataset.load', at: '2026-05-01T10:00:00.000Z', actor: 'ana' });
    again.close();
  });

  it('rolls back the catalog entry and its audit line together', () => {
    const s = new Store(file);
    const c = new Catalog(s);
    c.insert(dataset());
    expect(() => c.insert(dataset({ id: 'd2' }))).toThrow(/UNIQUE/); // same name
    expect(c.list()).toHaveLength(1);
    expect(s.auditLog().filter((a) => a.action === 'dataset.load')).toHaveLength(1);
    s.close();
  });

  it('removes datasets and reports unknown ids', () => {
    const s = new Store(file);
    const c = new Catalog(s);
    c.insert(dataset());
    expect(c.remove('nope')).toBe(false);
    expect(c.remove('d1')).toBe(true);
    expect(c.list()).toEqual([]);
    s.close();
  });
});
