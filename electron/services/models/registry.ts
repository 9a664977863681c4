import { randomUUID } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { ErrorCode, WorkbenchError } from '../../../shared/api/result';
import type { ModelLineage, ModelMetrics, RegisteredModel } from '../../../shared/models/types';
import type { Migration, Store } from '../store/store';
import { fromStoredPath, toStoredPath } from '../store/workspace-paths';

type Row = Record<string, unknown>;

export const registryMigrations = (workspaceDir: string): Migration[] => [
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
  {
    version: 2,
    name: 'ONNX files inside the workspace are stored relative to it',
    sql: '',
    run: (db) => {
      const rows = db.prepare('SELECT id, onnx_path FROM models').all() as { id: string; onnx_path: string }[];
      const update = db.prepare('UPDATE models SET onnx_path = ? WHERE id = ?');
      for (const r of rows) {
        let stored = toStoredPath(workspaceDir, r.onnx_path);
        // A workspace moved before this upgrade: its models are in this folder's models/.
        const [parent, base] = stored.split(/[\\/]/).slice(-2);
        if (path.isAbsolute(stored) && parent === 'models' && !existsSync(stored) && existsSync(path.join(workspaceDir, 'models', base!)))
          stored = `models/${base}`;
        update.run(stored, r.id);
      }
    },
  },
];

/** The model registry: one row per trained model version, with its ONNX file's path. */
export class ModelRegistry {
  constructor(private readonly store: Store) {
    store.migrate('models', registryMigrations(store.dir));
  }

  /**
   * Writes the ONNX file of the next version of `name` into `modelDir` (partial file, then rename) and
   * registers it; no row without its file.
   */
  async save(
    fields: Pick<RegisteredModel, 'name' | 'algorithm' | 'features' | 'target'> & { metrics: ModelMetrics; lineage: ModelLineage },
    bytes: Uint8Array,
    modelDir: string,
  ): Promise<RegisteredModel> {
    const { name } = fields;
    if (!/^[\w.-]{1,80}$/.test(name))
      throw new WorkbenchError(ErrorCode.InvalidArgument, 'name: use letters, digits, dots, dashes or underscores.', { field: 'name' });
    const version = this.nextVersion(name);
    await fs.mkdir(modelDir, { recursive: true });
    const file = path.join(modelDir, `${name}-v${version}.onnx`);
    await fs.writeFile(`${file}.partial`, bytes);
    await fs.rename(`${file}.partial`, file);
    const { algorithm, features, target, metrics, lineage } = fields;
    const model: RegisteredModel = {
      id: randomUUID(),
      name,
      version,
      algorithm,
      features,
      target,
      metrics,
      onnxPath: file,
      lineage,
      createdAt: new Date().toISOString(),
    };
    try {
      this.register(model);
    } catch (e) {
      await fs.rm(file, { force: true });
      throw e;
    }
    return model;
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
      ).run({
        ...m,
        onnxPath: toStoredPath(this.store.dir, m.onnxPath),
        features: JSON.stringify(m.features),
        metrics: JSON.stringify(m.metrics),
        lineage: JSON.stringify(m.lineage),
      });
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
      metrics: JSON.parse(r.metrics_json as string) as ModelMetrics,
      onnxPath: fromStoredPath(this.store.dir, r.onnx_path as string),
      lineage: JSON.parse(r.lineage_json as string) as ModelLineage,
      createdAt: r.created_at as string,
    }));
  }
}
