/** Worker thread for model fits: the host keeps answering while a fit runs, and a fit can be cancelled. */
import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { FitCancelled, ModelInputError, type FitControl } from '../../../shared/ml/errors';
import { fitBoosting } from '../../../shared/ml/boosting';
import { kmeans } from '../../../shared/ml/kmeans';
import { fitLogistic } from '../../../shared/ml/logistic';
import type { MlRequest, MlResponse } from './ml-protocol';
import { serveHelper, WorkerPair } from './pair';

const port = parentPort!;
const data = workerData as { role: 'fits' | 'helper'; self: string } | undefined;
if (data?.role === 'helper') serveHelper(port);
else serveFits();

/** Fits on at least this many rows use the helper thread (when the machine has a second core). */
const PAIR_ROWS = 20_000;
let pair: WorkerPair | null = null;

async function pairFor(rows: number): Promise<WorkerPair | undefined> {
  if (rows < PAIR_ROWS || !data?.self || os.availableParallelism() < 2) return undefined;
  try {
    if (!pair?.usable) pair = await WorkerPair.start(data.self);
    return pair;
  } catch {
    return undefined; // fits still run, on one thread
  }
}

function serveFits(): void {
  const send = (m: MlResponse, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

  port.on('message', async (req: MlRequest) => {
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
        send({ id: req.id, kind: 'boosting', model: fitBoosting(req.matrix, req.y, req.options, control, await pairFor(req.matrix.rows)) });
      } else {
        const model = fitLogistic(req.matrix, req.y, req.options, control, await pairFor(req.matrix.rows));
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
}
