import { ENGINE_OPTIONS_ENV, type WorkerInit, type WorkerRequest, type WorkerResponse } from './protocol';

/** What an engine process tells its host: its answers, and once that it has ended (or could not start). */
export interface EngineEvents {
  message(msg: WorkerResponse): void;
  /** The process ended: an exit code, or the signal that killed it (a child process only). */
  exit(code: number | null, signal: string | null): void;
  /** The process never started; no exit follows. */
  failedToStart(err: Error): void;
}

/** The host's line to one engine process; a restarted engine is a new transport from the same launcher. */
export interface EngineTransport {
  /** The engine process's id, once it is known. */
  readonly pid: number | undefined;
  /** Sends a request; throws if a value in it cannot be cloned. */
  send(req: WorkerRequest): void;
  /** Asks the engine to leave, kills it if it has not left within STOP_GRACE_MS, and resolves once it is gone. */
  stop(): Promise<void>;
}

/** Starts one engine process with these settings: a child process (fork-transport.ts) or one reached by a port (port-transport.ts). */
export type EngineLauncher = (init: WorkerInit, events: EngineEvents) => EngineTransport;

/** How long an engine asked to leave may take before it is killed. */
export const STOP_GRACE_MS = 5000;
/** The engine process's JavaScript heap (result rows converted for the host); beyond it that process dies, not the host. */
export const ENGINE_HEAP_MB = 2048;
/** libuv threads of the engine process: each running statement holds one, so both lanes must fit with room to spare. */
export const ENGINE_THREADPOOL_SIZE = 8;

/** The environment an engine process starts with, whichever way it is started: its settings and its thread pool. */
export function engineEnv(init: WorkerInit): Record<string, string> {
  return { [ENGINE_OPTIONS_ENV]: JSON.stringify(init), UV_THREADPOOL_SIZE: String(ENGINE_THREADPOOL_SIZE) };
}

/** The engine process's runtime flags: its heap cap. */
export const ENGINE_EXEC_ARGV = [`--max-old-space-size=${ENGINE_HEAP_MB}`];
