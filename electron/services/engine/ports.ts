import type { MessagePort } from 'node:worker_threads';

/**
 * One end of the message channel between the services and an engine reached by a port. Both runtimes clone
 * messages (typed arrays included); they differ in how a message arrives, which the two adapters below hide.
 */
export interface EnginePort {
  postMessage(message: unknown): void;
  onMessage(fn: (message: unknown) => void): void;
  /** Called once the other end is closed or its process is gone. */
  onClose(fn: () => void): void;
  close(): void;
}

/** Node's worker_threads port: a listener gets the value itself. */
export function nodePort(port: MessagePort): EnginePort {
  return {
    postMessage: (message) => port.postMessage(message),
    onMessage: (fn) => void port.on('message', fn),
    onClose: (fn) => void port.once('close', fn),
    close: () => port.close(),
  };
}

/** Electron's MessagePortMain as the services and the engine see it (code outside electron/main never imports Electron). */
export interface MessagePortMainLike {
  postMessage(message: unknown): void;
  on(event: 'message', fn: (event: { data: unknown }) => void): unknown;
  once(event: 'close', fn: () => void): unknown;
  start(): void;
  close(): void;
}

/** Electron's port: a listener gets an event holding the value, and nothing arrives before start(). */
export function electronPort(port: MessagePortMainLike): EnginePort {
  return {
    postMessage: (message) => port.postMessage(message),
    onMessage: (fn) => {
      port.on('message', (event) => fn(event.data));
      port.start();
    },
    onClose: (fn) => void port.once('close', fn),
    close: () => port.close(),
  };
}
