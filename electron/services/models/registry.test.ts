import { mkdirSync, readFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ModelLineage, ModelMetrics } from '../../../shared/models/types';
import { Store } from '../store/store';
import { tempDir } from '../test-support';
import { ModelRegistry } from './registry';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => (tmp = tempDir()));
afterEach(() => tmp.cleanup());

const fields = {
  name: 'churn',
  algorithm: 'logistic_regression' as const,
  features: ['a'],
  target: 'y',
  metrics: {} as ModelMetrics,
  lineage: { dataset: 'd', fingerprint: 'f', params: {}, seed: 1 } as unknown as ModelLineage,
};

describe('model registry in a moved workspace', () => {
  it('stores ONNX paths inside the workspace relative to it, so the models follow the folder', async () => {
    const ws = path.join(tmp.dir, 'ws');
    mkdirSync(ws);
    const store = new Store(path.join(ws, 'workspace.sqlite'));
    const saved = await new ModelRegistry(store).save(fields, new Uint8Array([1, 2, 3]), path.join(ws, 'models'));
    store.close();
    const raw = new Database(path.join(ws, 'workspace.sqlite'), { readonly: true });
    expect(raw.prepare('SELECT onnx_path FROM models').pluck().get()).toBe('models/churn-v1.onnx');
    raw.close();

    const moved = path.join(tmp.dir, 'moved');
    renameSync(ws, moved);
    const again = new Store(path.join(moved, 'workspace.sqlite'));
    const [model] = new ModelRegistry(again).list();
    expect(model!.id).toBe(saved.id);
    expect(model!.onnxPath).toBe(path.join(moved, 'models', 'churn-v1.onnx'));
    expect([...readFileSync(model!.onnxPath)]).toEqual([1, 2, 3]);
    again.close();
  });

  it('upgrades absolute paths written before, also when the workspace moved first', async () => {
    const ws = path.join(tmp.dir, 'ws');
    mkdirSync(ws);
    const store = new Store(path.join(ws, 'workspace.sqlite'));
    await new ModelRegistry(store).save(fields, new Uint8Array([4]), path.join(ws, 'models'));
    store.db.prepare('UPDATE models SET onnx_path = ?').run(path.join(ws, 'models', 'churn-v1.onnx'));
    store.db.prepare(`DELETE FROM schema_migrations WHERE feature = 'models' AND version = 2`).run();
    store.close();
    const moved = path.join(tmp.dir, 'moved');
    renameSync(ws, moved);
    const again = new Store(path.join(moved, 'workspace.sqlite'));
    expect(new ModelRegistry(again).list()[0]!.onnxPath).toBe(path.join(moved, 'models', 'churn-v1.onnx'));
    again.close();
  });
});
