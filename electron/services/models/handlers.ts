import { promises as fs } from 'node:fs';
import type { HandlersOf } from '../../../shared/api/contract';
import { ErrorCode, WorkbenchError } from '../../../shared/api/result';
import { ALGORITHMS } from '../../../shared/ml/catalog';
import type { modelsContract } from '../../../shared/models/contract';
import type { ServiceDeps } from '../deps';
import { inspectOnnx } from '../../../shared/onnx/import';

export function modelsHandlers({ datasets, models }: ServiceDeps): HandlersOf<typeof modelsContract> {
  return {
    'models.list': async () => models.list(),
    'models.algorithms': async () => ALGORITHMS,
    'models.train': async ({ datasetId, ...req }, ctx) => models.train(datasets.get(datasetId), req, ctx),
    'models.cluster': async ({ datasetId, ...req }, ctx) => models.clusterWith(datasets.get(datasetId), req, ctx),
    'models.pca': async ({ datasetId, ...req }, ctx) => models.pca(datasets.get(datasetId), req, ctx),
    'models.score': async ({ datasetId, model, features, inputs, table, keep }) =>
      models.score(datasets.get(datasetId), models.modelFile(model), features ?? [], table, undefined, inputs ?? {}, keep),
    'models.evaluate': async ({ datasetId, model, ...req }) => models.evaluate(datasets.get(datasetId), models.modelFile(model), req),
    'models.inspect': async ({ path: file }) => inspectOnnx(await readModelFile(file), file),
    'models.clv': async ({ datasetId, ...req }, ctx) => models.clv(datasets.get(datasetId), req, ctx),
    'models.rfm': async ({ datasetId, ...req }) => models.rfm(datasets.get(datasetId), req),
  };
}

async function readModelFile(file: string): Promise<Uint8Array> {
  try {
    return await fs.readFile(file);
  } catch {
    throw new WorkbenchError(ErrorCode.NotFound, `${file}: cannot read this model file.`, { field: 'path' });
  }
}
