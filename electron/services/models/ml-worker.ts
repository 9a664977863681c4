/** Worker thread for model fits: the host keeps answering while a fit runs, and a fit can be cancelled. */
import { parentPort } from 'node:worker_threads';
import { FitCancelled, ModelInputError, type FitControl } from '../../../shared/ml/errors';
import { fitBoosting } from '../../../shared/ml/boosting';
import { kmeans } from '../../../shared/ml/kmeans';
import { fitLogistic } from '../../../shared/ml/logistic';
import type { MlRequest, MlResponse } from './ml-protocol';

const port = parentPort!;
const send = (m: MlResponse, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

port.on('message', (req: MlRequest) => {
  const flag = new Int32Array(req.cancel);
  const control: FitControl = {
    isCancelled: () => Atomics.load(flag, 0) === 1,
    onProgress: (fraction, message) => send({ id: req.id, kind: 'progress', fraction, message }),
  };
  try {
    if (req.kind === 'kmeans') {
      const model = kmeans(req.matrix, req.options, control);
      send({ id: req.id, kind: 'kmeans', model }, [model.centroids.buffer as ArrayBuffer, model.labels.buffer as ArrayBuffer]);
    } else if (req.kind === 'boosting') {
      send({ id: req.id, kind: 'boosting', model: fitBoosting(req.matrix, req.y, req.options, control) });
    } else {
      const model = fitLogistic(req.matrix, req.y, req.options, control);
      send({ id: req.id, kind: 'logistic', model });
    }
  } catch (e) {
    send({
      id: req.id,
      kind: 'error',
      message: e instanceof Error ? e.message : String(e),
      field: e instanceof ModelInputError ? e.field : undefined,
      cancelled: e instanceof FitCancelled,
    });
  }
});
