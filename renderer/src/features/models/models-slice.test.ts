import { describe, expect, it } from 'vitest';
import { ErrorCode, WorkbenchError } from '../../../../shared/api/result';
import type { RegisteredModel } from '../../../../shared/types';
import { createAppStore } from '../../store/create-app-store';
import { scriptedClient } from '../../store/scripted-client';
import { headlineMetrics } from './model-summary';

const model = (over: Partial<RegisteredModel> = {}): RegisteredModel => ({
  id: 'm1',
  name: 'churn',
  version: 2,
  algorithm: 'gradient_boosting',
  features: ['a'],
  target: 'churned',
  metrics: { auc: 0.81234, logLoss: 0.4, exportMaxDiff: Number.NaN },
  onnxPath: '/ws/models/churn-v2.onnx',
  lineage: { dataset: 'churn', fingerprint: 'sha256:x', params: {}, seed: 0 },
  createdAt: '2026-11-28T10:00:00.000Z',
  ...over,
});

describe('models feature', () => {
  it('reads the registry, and keeps the error when it cannot', async () => {
    let fail = false;
    const { client } = scriptedClient({
      'models.list': () => {
        if (fail) throw new WorkbenchError(ErrorCode.Internal, 'disk gone');
        return [model()];
      },
    });
    const store = createAppStore(client);
    expect(store.getState().models).toBeNull();
    await store.getState().refreshModels();
    expect(store.getState().models).toEqual([model()]);
    fail = true;
    await store.getState().refreshModels();
    expect(store.getState().modelsError).toBe('disk gone');
  });

  it('shows the test metrics a modeler compares, rounded, and skips what is not a number', () => {
    expect(headlineMetrics(model())).toEqual([
      ['AUC', '0.812'],
      ['log loss', '0.4'],
    ]);
    expect(headlineMetrics(model({ metrics: { inertia: 675301.2, silhouette: 0.5512 } }))).toEqual([
      ['silhouette', '0.551'],
      ['inertia', '675,301'],
    ]);
  });
});
