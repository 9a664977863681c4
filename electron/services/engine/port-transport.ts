/**
 * The engine reached by a message port (the desktop app): the services' process cannot start it itself, since
 * Electron's executable runs as Node only with the RunAsNode fuse on. So it asks the main process, which starts the
 * engine as a utility process, hands each side one end of a new channel and reports when the engine process ends.
 */
import type { EnginePort } from './ports';
import type { WorkerInit, WorkerRequest, WorkerResponse } from './protocol';
import { STOP_GRACE_MS, type EngineEvents, type EngineLauncher, type EngineTransport } from './transport';

/** The services' requests to the main process about engine processes, numbered by the services. */
export type EngineRequest = { kind: 'engine.start'; engine: number; init: WorkerInit } | { kind: 'engine.kill'; engine: number };

/** The main process's notices: an engine started (its port travels with this message), ended with an exit code, or could not be started. */
export type EngineNotice =
  | { kind: 'engine.started'; engine: number; pid: number | undefined }
  | { kind: 'engine.exited'; engine: number; code: number | null }
  | { kind: 'engine.failed'; engine: number; message: string };

export function isEngineRequest(m: unknown): m is EngineRequest {
  const kind = (m as { kind?: unknown } | null)?.kind;
  return kind === 'engine.start' || kind === 'engine.kill';
}

export function isEngineNotice(m: unknown): m is EngineNotice {
  const kind = (m as { kind?: unknown } | null)?.kind;
  return kind === 'engine.started' || kind === 'engine.exited' || kind === 'engine.failed';
}

/** The services' side: launches engines through the main process and routes its notices to them. */
export class PortEngineLauncher {
  private nextEngine = 1;
  private readonly engines = new Map<number, PortTransport>();

  constructor(private readonly toMain: (req: EngineRequest) => void) {}

  readonly launch: EngineLauncher = (init, events) => {
    const engine = this.nextEngine++;
    const transport = new PortTransport(engine, events, this.toMain);
    this.engines.set(engine, transport);
    this.toMain({ kind: 'engine.start', engine, init });
    return transport;
  };

  /** A notice from the main process; `port` is the one that came with 'engine.started'. */
  receive(notice: EngineNotice, port: EnginePort | undefined): void {
    const transport = this.engines.get(notice.engine);
    if (!transport) {
      port?.close();
      return;
    }
    if (notice.kind === 'engine.started') {
      transport.connected(notice.pid, port);
      return;
    }
    this.engines.delete(notice.engine);
    if (notice.kind === 'engine.exited') transport.exited(notice.code);
    else transport.failed(notice.message);
  }
}

class PortTransport implements EngineTransport {
  pid: number | undefined;
  private port: EnginePort | null = null;
  /** Requests sent before the engine's port arrived. */
  private queue: WorkerRequest[] = [];
  private ended = false;
  private stopping = false;
  private readonly onEnd: (() => void)[] = [];

  constructor(
    private readonly engine: number,
    private readonly events: EngineEvents,
    private readonly toMain: (req: EngineRequest) => void,
  ) {}

  send(req: WorkerRequest): void {
    // After the end the exit has already failed every pending call; nothing is listening.
    if (this.ended) return;
    if (this.port) this.port.postMessage(req);
    else this.queue.push(req);
  }

  connected(pid: number | undefined, port: EnginePort | undefined): void {
    this.pid = pid;
    if (!port || this.ended) {
      // Without a port the engine cannot be reached: end it, and its exit is reported like any other.
      port?.close();
      this.toMain({ kind: 'engine.kill', engine: this.engine });
      return;
    }
    this.port = port;
    port.onMessage((msg) => this.events.message(msg as WorkerResponse));
    if (this.stopping) {
      port.close();
      return;
    }
    for (const req of this.queue.splice(0)) {
      try {
        port.postMessage(req);
      } catch (err) {
        // A value that cannot be cloned: that call fails, as it would have had the port been there.
        this.events.message({ kind: 'error', id: req.id, message: err instanceof Error ? err.message : String(err), interrupted: false });
      }
    }
  }

  exited(code: number | null): void {
    this.end();
    this.events.exit(code, null);
  }

  /** The main process could not start the engine; no exit follows. */
  failed(message: string): void {
    this.end();
    this.events.failedToStart(new Error(message));
  }

  private end(): void {
    this.ended = true;
    this.port?.close();
    for (const fn of this.onEnd.splice(0)) fn();
  }

  /** Closing the port asks the engine to leave (it exits when its port closes); the main process kills it if it has not left in time. */
  stop(): Promise<void> {
    if (this.ended) return Promise.resolve();
    this.stopping = true;
    this.port?.close();
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.toMain({ kind: 'engine.kill', engine: this.engine }), STOP_GRACE_MS);
      this.onEnd.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
