/**
 * Entry of the services process. In the desktop app Electron starts it with `utilityProcess.fork`
 * (messages through `process.parentPort`) and it asks the main process for its DuckDB engine, whose
 * port arrives with the answer (port-transport.ts); under plain Node it runs as a `child_process.fork`
 * child (messages through `process.send`) that forks its engine itself, which is how it is tested where
 * Electron's binary is absent. Its options arrive as JSON in WORKBENCH_SERVICE_OPTIONS.
 */
import { messageOf, WorkbenchError } from '../../shared/api/result';
import { isEngineNotice, PortEngineLauncher } from '../services/engine/port-transport';
import { electronPort, type MessagePortMainLike } from '../services/engine/ports';
import { createWorkbench, type WorkbenchOptions } from '../services/workbench';
import type { FromService, ToService } from './service-rpc';
import { serveChannel } from './service-rpc';

interface ParentPort {
  on(event: 'message', fn: (e: { data: unknown; ports: MessagePortMainLike[] }) => void): void;
  postMessage(message: unknown): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;

function send(message: FromService): void {
  if (parentPort) parentPort.postMessage(message);
  else process.send?.(message);
}

/** In the desktop app the engine is started by the main process; its notices are answered here from the start. */
const engines = parentPort ? new PortEngineLauncher(send) : undefined;
/** The main process's other messages, kept until the services are ready to serve them. */
let serve: ((m: ToService) => void) | null = null;
const early: ToService[] = [];

function receive(m: ToService): void {
  if (serve) serve(m);
  else early.push(m);
}

if (parentPort) {
  parentPort.on('message', (e) => {
    if (isEngineNotice(e.data)) engines!.receive(e.data, e.ports[0] ? electronPort(e.ports[0]) : undefined);
    else receive(e.data as ToService);
  });
} else process.on('message', (m) => receive(m as ToService));

function onMessage(fn: (m: ToService) => void): void {
  serve = fn;
  for (const m of early.splice(0)) fn(m);
}

async function main(): Promise<void> {
  const opts = JSON.parse(process.env.WORKBENCH_SERVICE_OPTIONS ?? '{}') as WorkbenchOptions & { openSample?: boolean };
  const wb = await createWorkbench({ ...opts, engineLauncher: engines?.launch });
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
