/** Worker thread for model fits: the host keeps answering while a fit runs, and a fit can be cancelled. */
import { messageOf } from '../../../shared/api/result';
import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { FitCancelled, ModelInputError, type FitControl } from '../../../shared/ml/errors';
import { FIT_NAMES, FITS, type FitName, type FitResult } from './ml-fits';
import type { MlRequest, MlResponse } from './ml-protocol';
import { serveHelper, WorkerPair } from './pair';

const port = parentPort!;
const data = workerData as { role: 'fits' | 'helper'; self: string } | undefined;

/** Fits on at least this many rows use the helper thread (when the machine has a second core). */
const PAIR_ROWS = 20_000;
let pair: Promise<WorkerPair | undefined> | null = null;

/** The helper thread, started with the worker (not on the first large fit) and restarted if it broke. */
function startPair(): Promise<WorkerPair | undefined> {
  if (!data?.self || os.availableParallelism() < 2) return Promise.resolve(undefined);
  return WorkerPair.start(data.self).catch(() => undefined); // fits still run, on one thread
}

async function pairFor(rows: number): Promise<WorkerPair | undefined> {
  if (rows < PAIR_ROWS) return undefined;
  let p = await (pair ?? (pair = startPair()));
  if (p && !p.usable) p = await (pair = startPair());
  return p;
}

function serveFits(): void {
  pair = startPair();
  // Never with a transfer list: detaching any ArrayBuffer in a thread makes V8 check every later typed-array
  // access in it for detachment, and fits ran 20–25% slower after the first transferred k-means result.
  const send = (m: MlResponse) => port.postMessage(m);

  port.on('message', async (req: MlRequest) => {
    const flag = new Int32Array(req.cancel);
    const control: FitControl = {
      isCancelled: () => Atomics.load(flag, 0) === 1,
      onProgress: (fraction, message) => send({ id: req.id, kind: 'progress', fraction, message }),
    };
    try {
      const fit = FITS[req.fit] as (
        args: unknown,
        control: FitControl,
        pairs: (rows: number) => Promise<WorkerPair | undefined>,
      ) => Promise<unknown>;
      if (!fit) throw new Error(`The model worker has no fit "${req.fit}" (it has ${FIT_NAMES.join(', ')}).`);
      // Copied, not transferred: see `send`.
      send({ id: req.id, kind: 'result', fit: req.fit, value: (await fit(req.args, control, pairFor)) as FitResult<FitName> });
    } catch (e) {
      send({
        id: req.id,
        kind: 'error',
        message: messageOf(e),
        field: e instanceof ModelInputError ? e.field : undefined,
        cancelled: e instanceof FitCancelled,
      });
    }
  });
}

if (data?.role === 'helper') serveHelper(port);
else serveFits();
