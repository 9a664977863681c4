import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Dataset } from '../../../shared/types';
import { tempDir } from '../test-support';
import { migrations } from './migrations';
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

  it('creates the schema with WAL and the latest migration version', () => {
    const s = new Store(file);
    expect(s.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(s.schemaVersion).toBe(migrations[migrations.length - 1]!.version);
    s.close();
  });

  it('keeps catalog, queries, settings and audit across reopening', () => {
    const s = new Store(file, () => new Date('2026-05-01T10:00:00Z'), 'ana');
    s.insertDataset(dataset());
    s.saveQuery('by type', 'SELECT 1');
    s.addHistory('SELECT 2', 3.5, null);
    s.setSetting('theme', { dark: true });
    s.close();
    const again = new Store(file);
    expect(again.listDatasets()).toEqual([dataset()]);
    expect(again.savedQueries().map((q) => q.name)).toEqual(['by type']);
    expect(again.history()[0]).toMatchObject({ sql: 'SELECT 2', elapsedMs: 3.5, error: null });
    expect(again.getSetting('theme', null)).toEqual({ dark: true });
    expect(again.auditLog()[0]).toMatchObject({ action: 'dataset.load', at: '2026-05-01T10:00:00.000Z', actor: 'ana' });
    again.close();
  });

  it('rolls back the catalog entry and its audit line together', () => {
    const s = new Store(file);
    s.insertDataset(dataset());
    expect(() => s.insertDataset(dataset({ id: 'd2' }))).toThrow(/UNIQUE/); // same name
    expect(s.listDatasets()).toHaveLength(1);
    expect(s.auditLog().filter((a) => a.action === 'dataset.load')).toHaveLength(1);
    s.close();
  });

  it('removes datasets and reports unknown ids', () => {
    const s = new Store(file);
    s.insertDataset(dataset());
    expect(s.removeDataset('nope')).toBe(false);
    expect(s.removeDataset('d1')).toBe(true);
    expect(s.listDatasets()).toEqual([]);
    s.close();
  });
});
