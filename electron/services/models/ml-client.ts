import type { Worker } from 'node:worker_threads';
import { ErrorCode, WorkbenchError } from '../../../shared/api/result';
import type { BoostingModel, BoostingOptions } from '../../../shared/ml/boosting';
import type { FitControl } from '../../../shared/ml/errors';
import type { ForestModel, ForestOptions } from '../../../shared/ml/forest';
import type { KMeansModel, KMeansOptions } from '../../../shared/ml/kmeans';
import type { ClvFit, ClvOptions } from '../../../shared/ml/clv';
import type { LogisticModel, LogisticOptions } from '../../../shared/ml/logistic';
import type { Matrix } from '../../../shared/ml/matrix';
import type { FitArgs, FitName, FitResult } from './ml-fits';
import type { ClvSummaryPayload, MlRequest, MlResponse } from './ml-protocol';
import { spawnWorker } from './pair';

/** Runs fits in a worker thread; `cancel` flips a shared flag the fit checks between steps. */
export class MlWorkerClient {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (m: MlResponse) => void; reject: (e: Error) => void; control?: FitControl }>();

  constructor(private readonly workerFile: string) {}

  private ensure(): Worker {
    if (this.worker) return this.worker;
    // The worker starts its helper thread (for two-thread fits) from the same file.
    const w = spawnWorker(this.workerFile, { role: 'fits', self: this.workerFile });
    w.on('message', (m: MlResponse) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      if (m.kind === 'progress') return p.control?.onProgress?.(m.fraction, m.message);
      this.pending.delete(m.id);
      // An idle worker does not keep the process alive; a running fit does (a CLI or benchmark awaits it).
      if (!this.pending.size) w.unref();
      if (m.kind === 'error') {
        p.reject(
          m.cancelled
            ? new WorkbenchError(ErrorCode.Cancelled, 'The fit was cancelled.')
            : new WorkbenchError(ErrorCode.BadInput, m.message, { field: m.field }),
        );
      } else p.resolve(m);
    });
    w.on('error', (e) => this.failAll(e));
    w.on('exit', () => {
      this.worker = null;
      this.failAll(new Error('The model worker stopped.'));
    });
    w.unref();
    this.worker = w;
    return w;
  }

  /** Runs a fit of the worker's table (ml-fits.ts) with its arguments; matrices should be shared (see shareMatrix). */
  fit<N extends FitName>(fit: N, args: FitArgs<N>, control?: FitControl): Promise<FitResult<N>> {
    return this.run(fit, args, control).then((r) => (r as Extract<MlResponse<N>, { kind: 'result' }>).value);
  }

  kmeans(m: Matrix, options: KMeansOptions, control?: FitControl): Promise<KMeansModel> {
    return this.fit('kmeans', { matrix: shareMatrix(m), options }, control);
  }

  logistic(m: Matrix, y: ArrayLike<number>, options: LogisticOptions, control?: FitControl): Promise<LogisticModel> {
    return this.fit('logistic', { matrix: shareMatrix(m), y: Float64Array.from(y), options }, control);
  }

  boosting(m: Matrix, y: ArrayLike<number>, options: BoostingOptions, control?: FitControl): Promise<BoostingModel> {
    return this.fit('boosting', { matrix: shareMatrix(m), y: Float64Array.from(y), options }, control);
  }

  /** BG/NBD and Gamma-Gamma fitted, and every customer valued, in the model worker. */
  clv(summary: ClvSummaryPayload, options: ClvOptions, control?: FitControl): Promise<ClvFit> {
    return this.fit('clv', { summary, options }, control);
  }

  forest(m: Matrix, y: ArrayLike<number>, options: ForestOptions, control?: FitControl): Promise<ForestModel> {
    return this.fit('forest', { matrix: shareMatrix(m), y: Float64Array.from(y), options }, control);
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }

  private run<N extends FitName>(fit: N, args: FitArgs<N>, control?: FitControl): Promise<MlResponse> {
    const id = this.nextId++;
    const cancel = new SharedArrayBuffer(4);
    const flag = new Int32Array(cancel);
    const timer = control?.isCancelled
      ? setInterval(() => {
          if (control.isCancelled!()) Atomics.store(flag, 0, 1);
        }, 50)
      : null;
    return new Promise<MlResponse>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, control });
      const w = this.ensure();
      w.ref();
      w.postMessage({ id, fit, args, cancel } satisfies MlRequest<N>);
    }).finally(() => timer && clearInterval(timer));
  }

  private failAll(e: Error): void {
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }
}

/**
 * The features on shared memory: one copy here instead of a structured clone into the worker, and the
 * worker's helper thread can read them as they are.
 */
export function shareMatrix(m: Matrix): Matrix {
  if (m.data.buffer instanceof SharedArrayBuffer) return m;
  const data = new Float64Array(new SharedArrayBuffer(m.data.byteLength));
  data.set(m.data);
  return { ...m, data };
}
