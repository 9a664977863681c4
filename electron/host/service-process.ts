/**
 * Entry of the services process. In the desktop app Electron starts it with `utilityProcess.fork`
 * (messages through `process.parentPort`); under plain Node it runs as a `child_process.fork` child
 * (messages through `process.send`), which is how it is tested where Electron's binary is absent.
 * Its options arrive as JSON in WORKBENCH_SERVICE_OPTIONS.
 */
import { messageOf, WorkbenchError } from '../../shared/api/result';
import { createWorkbench, type WorkbenchOptions } from '../services/workbench';
import type { FromService, ToService } from './service-rpc';
import { serveChannel } from './service-rpc';

interface ParentPort {
  on(event: 'message', fn: (e: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;

function send(message: FromService): void {
  if (parentPort) parentPort.postMessage(message);
  else process.send?.(message);
}

function onMessage(fn: (m: ToService) => void): void {
  if (parentPort) parentPort.on('message', (e) => fn(e.data as ToService));
  else process.on('message', (m) => fn(m as ToService));
}

async function main(): Promise<void> {
  const opts = JSON.parse(process.env.WORKBENCH_SERVICE_OPTIONS ?? '{}') as WorkbenchOptions & { openSample?: boolean };
  const wb = await createWorkbench(opts);
  for (const line of wb.recovered) console.log(`Repaired at start: ${line}`);
  if (opts.openSample) await wb.openSampleDataOnFirstRun();
  serveChannel({ send, onMessage }, wb.invoke, () => {
    void wb.close().finally(() => process.exit(0));
  });
  send({ kind: 'ready' });
}

main().catch((err: unknown) => {
  const code = err instanceof WorkbenchError ? err.code : undefined;
  send({ kind: 'failed', message: `The workbench could not start: ${messageOf(err)}`, ...(code ? { code } : {}) });
  process.exit(1);
});
