import { promises as fs } from 'node:fs';
import type { HandlersOf } from '../../../shared/api/contract';
import { ErrorCode, WorkbenchError } from '../../../shared/api/result';
import { ALGORITHMS } from '../../../shared/ml/catalog';
import type { modelsContract } from '../../../shared/models/contract';
import type { ServiceDeps } from '../deps';
import { inspectOnnx } from './onnx-import';
import { buildRfm } from './rfm';

export function modelsHandlers({ datasets, models, engine }: ServiceDeps): HandlersOf<typeof modelsContract> {
  return {
    'models.list': async () => models.list(),
    'models.algorithms': async () => ALGORITHMS,
    'models.train': async ({ datasetId, ...req }, ctx) => models.trainLogistic(datasets.get(datasetId), req, ctx),
    'models.cluster': async ({ datasetId, ...req }, ctx) => models.cluster(datasets.get(datasetId), req, ctx),
    'models.score': async ({ datasetId, model, features, inputs, table, keep }) =>
      models.score(datasets.get(datasetId), models.modelFile(model), features ?? [], table, undefined, inputs ?? {}, keep),
    'models.evaluate': async ({ datasetId, model, ...req }) => models.evaluate(datasets.get(datasetId), models.modelFile(model), req),
    'models.inspect': async ({ path: file }) => inspectOnnx(await readModelFile(file), file),
    'models.rfm': async ({ datasetId, ...req }) => buildRfm(engine, datasets.get(datasetId), req),
    'models.clv': async ({ datasetId, ...req }, ctx) => models.clv(datasets.get(datasetId), req, ctx),
  };
}

async function readModelFile(file: string): Promise<Uint8Array> {
  try {
    return await fs.readFile(file);
  } catch {
    throw new WorkbenchError(ErrorCode.NotFound, `${file}: cannot read this model file.`, { field: 'path' });
  }
}
