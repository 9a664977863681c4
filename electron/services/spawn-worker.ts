import { Worker, type ResourceLimits } from 'node:worker_threads';

/** Starts a worker from a built .js file or, under tests, a .ts source through tsx. */
export function spawnWorker(file: string, workerData: unknown, resourceLimits?: ResourceLimits): Worker {
  return file.endsWith('.ts')
    ? new Worker(`require('tsx/cjs/api').register(); require(${JSON.stringify(file)});`, { eval: true, workerData, resourceLimits })
    : new Worker(file, { workerData, resourceLimits });
}
