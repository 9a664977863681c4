import type { RegisteredModel } from '../../../shared/types';
import type { Migration, Store } from '../store/store';

type Row = Record<string, unknown>;

export const registryMigrations: Migration[] = [
  {
    version: 1,
    legacy: 4,
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

/** The model registry: one row per trained model version, with its ONNX file's path. */
export class ModelRegistry {
  constructor(private readonly store: Store) {
    store.migrate('models', registryMigrations);
  }

  nextVersion(name: string): number {
    const row = this.store.db.prepare('SELECT max(version) AS v FROM models WHERE name = ?').get(name) as { v: number | null };
    return (row.v ?? 0) + 1;
  }

  register(m: RegisteredModel): void {
    const db = this.store.db;
    db.transaction(() => {
      db.prepare(
        `INSERT INTO models (id, name, version, algorithm, features_json, target, metrics_json, onnx_path, lineage_json, created_at)
           VALUES (@id, @name, @version, @algorithm, @features, @target, @metrics, @onnxPath, @lineage, @createdAt)`,
      ).run({ ...m, features: JSON.stringify(m.features), metrics: JSON.stringify(m.metrics), lineage: JSON.stringify(m.lineage) });
      this.store.audit('model.register', `${m.name} v${m.version} (${m.algorithm}) → ${m.onnxPath}`);
    })();
  }

  list(): RegisteredModel[] {
    return (this.store.db.prepare('SELECT * FROM models ORDER BY name, version DESC').all() as Row[]).map((r) => ({
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
}
