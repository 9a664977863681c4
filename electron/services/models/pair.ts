/**
 * The Node side of shared/ml/parallel's Pair: a helper worker thread that runs kernels over the upper
 * half of a row range while the calling thread runs the lower half. The hand-over is synchronous
 * (Atomics on a shared control word), so fits stay plain loops. One helper serves fits one after another.
 */
import type { MessagePort, Worker } from 'node:worker_threads';
import { spawnWorker } from '../spawn-worker';
import { KERNEL_NAMES, KERNELS, type KernelName, type Pair, type SharedArray } from '../../../shared/ml/parallel';

const IDLE = 0;
const READY = 1;
const RUN = 2;
const DONE = 3;
const EXIT = 4;
const FAILED = 5;
const LEFT = 6;

interface Setup {
  arrays: Record<string, SharedArray>;
  ctrl: Int32Array;
  params: Float64Array;
  out: Float64Array;
}

export { spawnWorker };

export class WorkerPair implements Pair {
  private readonly ctrl = new Int32Array(new SharedArrayBuffer(20));
  private readonly params = new Float64Array(new SharedArrayBuffer(8 * 16));
  private out: Float64Array | null = null;
  private arrays: Record<string, SharedArray> = {};
  private broken = false;

  /** Starts a helper from the model worker's file and waits until it listens (fits then block without risk). */
  static async start(workerFile: string): Promise<WorkerPair> {
    const worker = spawnWorker(workerFile, { role: 'helper', self: workerFile });
    await new Promise<void>((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`The helper thread stopped (exit code ${code}).`)));
    });
    return new WorkerPair(worker);
  }

  private constructor(private readonly worker: Worker) {
    worker.unref();
    worker.on('error', () => (this.broken = true));
    worker.on('exit', () => (this.broken = true));
  }

  get usable(): boolean {
    return !this.broken;
  }

  begin(arrays: Record<string, SharedArray>, outLength: number): void {
    this.arrays = arrays;
    this.out = new Float64Array(new SharedArrayBuffer(outLength * 8));
    Atomics.store(this.ctrl, 0, IDLE);
    this.worker.postMessage({ arrays, ctrl: this.ctrl, params: this.params, out: this.out } satisfies Setup);
    // The helper answers from its own event loop; give up (and let fits run on one thread) if it never does.
    if (Atomics.wait(this.ctrl, 0, IDLE, 10_000) === 'timed-out' && Atomics.load(this.ctrl, 0) === IDLE) {
      this.broken = true;
      throw new Error('The helper thread did not start.');
    }
  }

  run(kernel: KernelName, params: number[], start: number, end: number, out: Float64Array): void {
    const { helperOut } = this.runSplit(kernel, params, start, end, out);
    for (let k = 0; k < out.length; k++) out[k]! += helperOut[k]!;
  }

  runSplit(kernel: KernelName, params: number[], start: number, end: number, out: Float64Array): { mid: number; helperOut: Float64Array } {
    const mid = start + ((end - start) >> 1);
    this.params.set(params);
    this.ctrl[1] = KERNEL_NAMES.indexOf(kernel);
    this.ctrl[2] = mid;
    this.ctrl[3] = end;
    // The helper clears only as much of its output as this kernel writes.
    this.ctrl[4] = out.length;
    Atomics.store(this.ctrl, 0, RUN);
    Atomics.notify(this.ctrl, 0);
    KERNELS[kernel](this.arrays, Float64Array.from(params), start, mid, out);
    let state = spin(this.ctrl, RUN);
    while (state === RUN) {
      Atomics.wait(this.ctrl, 0, RUN, 1000);
      state = Atomics.load(this.ctrl, 0);
    }
    if (state !== DONE) {
      this.broken = true;
      throw new Error('The helper thread failed.');
    }
    Atomics.store(this.ctrl, 0, READY);
    return { mid, helperOut: this.out! };
  }

  end(): void {
    Atomics.store(this.ctrl, 0, EXIT);
    Atomics.notify(this.ctrl, 0);
    // Wait until the helper has left its loop, so the next fit's setup reaches its event loop.
    let state = spin(this.ctrl, EXIT);
    const until = Date.now() + 10_000;
    while (state === EXIT && Date.now() < until) {
      Atomics.wait(this.ctrl, 0, EXIT, 100);
      state = Atomics.load(this.ctrl, 0);
    }
    if (state === EXIT) this.broken = true;
    this.arrays = {};
    this.out = null;
  }

  close(): Promise<number> {
    return this.worker.terminate();
  }
}

/**
 * Busy-waits briefly while the control word holds `from` (a fit hands over thousands of times a second,
 * and waking a sleeping thread costs more than a short spin); returns the state seen last.
 */
function spin(ctrl: Int32Array, ...from: number[]): number {
  const until = performance.now() + 0.5;
  let state = Atomics.load(ctrl, 0);
  while (from.includes(state) && performance.now() < until) state = Atomics.load(ctrl, 0);
  return state;
}

/** The helper thread's loop for one fit: run kernels until told to exit, then go back to the event loop. */
export function serveHelper(port: MessagePort): void {
  port.postMessage('listening');
  port.on('message', ({ arrays, ctrl, params, out }: Setup) => {
    Atomics.store(ctrl, 0, READY);
    Atomics.notify(ctrl, 0);
    for (;;) {
      const state = spin(ctrl, READY, DONE);
      if (state === EXIT) {
        Atomics.store(ctrl, 0, LEFT);
        Atomics.notify(ctrl, 0);
        return;
      }
      if (state !== RUN) {
        Atomics.wait(ctrl, 0, state);
        continue;
      }
      try {
        out.fill(0, 0, ctrl[4]!);
        KERNELS[KERNEL_NAMES[ctrl[1]!]!](arrays, params, ctrl[2]!, ctrl[3]!, out);
        Atomics.store(ctrl, 0, DONE);
      } catch {
        Atomics.store(ctrl, 0, FAILED);
      }
      Atomics.notify(ctrl, 0);
    }
  });
}
