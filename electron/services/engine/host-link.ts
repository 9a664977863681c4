import { isMainThread, workerData, type MessagePort } from 'node:worker_threads';
import { electronPort, nodePort, type EnginePort, type MessagePortMainLike } from './ports';
import type { WorkerRequest, WorkerResponse } from './protocol';

/** The engine process's line to the services it answers. */
export interface HostLink {
  send(msg: WorkerResponse): void;
  onRequest(fn: (req: WorkerRequest) => void): void;
  /** Called once the services are gone (their end closed, or their process dead). */
  onGone(fn: () => void): void;
}

/** Electron's process.parentPort in a utility process: the main process's messages, with the ports they transfer. */
interface ParentPort {
  on(event: 'message', fn: (event: { data: unknown; ports: MessagePortMainLike[] }) => void): unknown;
}

/**
 * How this engine was started decides its line: an Electron utility process gets a port from the main process (the
 * first message on process.parentPort); a worker thread gets one in its workerData (`enginePort`); a forked child
 * uses its IPC channel (serialization 'advanced').
 */
export function linkToHost(): HostLink {
  const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
  if (parentPort) {
    return portLink((use) => {
      let linked = false;
      parentPort.on('message', (event) => {
        const port = event.ports[0];
        if (linked || !port) return;
        linked = true;
        use(electronPort(port));
      });
    });
  }
  const threadPort = isMainThread ? undefined : (workerData as { enginePort?: MessagePort } | null)?.enginePort;
  if (threadPort) return portLink((use) => use(nodePort(threadPort)));
  return {
    send: (msg) => process.send!(msg),
    onRequest: (fn) => void process.on('message', (req) => fn(req as WorkerRequest)),
    onGone: (fn) => void process.on('disconnect', fn),
  };
}

function portLink(whenPort: (use: (port: EnginePort) => void) => void): HostLink {
  let port: EnginePort | null = null;
  let onRequest: (req: WorkerRequest) => void = () => undefined;
  let onGone: () => void = () => undefined;
  whenPort((p) => {
    port = p;
    p.onMessage((req) => onRequest(req as WorkerRequest));
    p.onClose(() => onGone());
  });
  return {
    // Answers follow requests, and requests come only through the port.
    send: (msg) => port!.postMessage(msg),
    onRequest: (fn) => (onRequest = fn),
    onGone: (fn) => (onGone = fn),
  };
}
