import type { SavedExperiment } from '../../../shared/types';
import type { Migration, Store } from '../store/store';

type Row = Record<string, unknown>;

export const experimentMigrations: Migration[] = [
  {
    version: 1,
    legacy: 3,
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
];

/** Saved experiments: inputs, results and notes. */
export class ExperimentStore {
  constructor(private readonly store: Store) {
    store.migrate('experiments', experimentMigrations);
  }

  save(e: Omit<SavedExperiment, 'createdAt' | 'updatedAt'> & { createdAt?: string }): SavedExperiment {
    const now = this.store.stamp();
    const row = { ...e, createdAt: e.createdAt ?? now, updatedAt: now };
    const db = this.store.db;
    db.transaction(() => {
      db.prepare(
        `INSERT INTO experiments (id, name, kind, inputs_json, results_json, notes, created_at, updated_at)
           VALUES (@id, @name, @kind, @inputs, @results, @notes, @createdAt, @updatedAt)
           ON CONFLICT(id) DO UPDATE SET name = excluded.name, kind = excluded.kind, inputs_json = excluded.inputs_json,
             results_json = excluded.results_json, notes = excluded.notes, updated_at = excluded.updated_at`,
      ).run({ ...row, inputs: JSON.stringify(e.inputs), results: JSON.stringify(e.results) });
      this.store.audit('experiment.save', e.name);
    })();
    return row;
  }

  list(): SavedExperiment[] {
    return (this.store.db.prepare('SELECT * FROM experiments ORDER BY updated_at DESC, name').all() as Row[]).map(toExperiment);
  }

  get(id: string): SavedExperiment | undefined {
    const row = this.store.db.prepare('SELECT * FROM experiments WHERE id = ?').get(id) as Row | undefined;
    return row ? toExperiment(row) : undefined;
  }

  delete(id: string): boolean {
    return this.store.db.prepare('DELETE FROM experiments WHERE id = ?').run(id).changes > 0;
  }
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
