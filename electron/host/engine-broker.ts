/**
 * The main process's part in the desktop app's engine (see services/engine/port-transport.ts): start an engine
 * process when the services ask, give the services their end of its channel, say when it ends, kill it on request,
 * and end every engine when the services' process is gone. Electron's side (utilityProcess, MessageChannelMain) is
 * the `spawn` function main passes in; this logic runs and is tested in plain Node.
 */
import { isEngineRequest, type EngineNotice } from '../services/engine/port-transport';
import type { WorkerInit } from '../services/engine/protocol';

/** Starts one engine process with these settings and reports its start (with the services' port) and its exit. */
export type EngineSpawner<Port> = (
  init: WorkerInit,
  report: { started(pid: number | undefined, port: Port): void; exited(code: number | null): void },
) => { kill(): void };

export class EngineBroker<Port> {
  private readonly engines = new Map<number, { kill(): void }>();
  private servicesGone = false;

  constructor(
    private readonly spawn: EngineSpawner<Port>,
    private readonly toServices: (notice: EngineNotice, port?: Port) => void,
  ) {}

  /** Engine processes started and not yet ended. */
  get running(): number {
    return this.engines.size;
  }

  /** Acts on a message from the services' process if it is about engines; false for any other message. */
  handle(message: unknown): boolean {
    if (!isEngineRequest(message)) return false;
    if (this.servicesGone) return true;
    const n = message.engine;
    if (message.kind === 'engine.kill') {
      this.engines.get(n)?.kill();
      return true;
    }
    if (this.engines.has(n)) return true;
    let ended = false;
    let engine: { kill(): void };
    try {
      engine = this.spawn(message.init, {
        started: (pid, port) => {
          if (!ended && !this.servicesGone) this.toServices({ kind: 'engine.started', engine: n, pid }, port);
        },
        exited: (code) => {
          if (ended) return;
          ended = true;
          this.engines.delete(n);
          if (!this.servicesGone) this.toServices({ kind: 'engine.exited', engine: n, code });
        },
      });
    } catch (err) {
      // Said to the services, whose calls then fail with the reason (DuckDbEngine: "could not start").
      this.toServices({ kind: 'engine.failed', engine: n, message: err instanceof Error ? err.message : String(err) });
      return true;
    }
    if (!ended) this.engines.set(n, engine);
    return true;
  }

  /** The services' process is gone: no one is left to answer, so its engines are ended. */
  servicesEnded(): void {
    this.servicesGone = true;
    for (const engine of this.engines.values()) engine.kill();
  }
}
