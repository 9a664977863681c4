/**
 * The services in a process of their own (Electron's utility process in the desktop app): the main
 * process only relays `invoke` calls, so no fit, prediction or query ever blocks the window.
 * Messages: {kind:'invoke', id, method, request} → {kind:'result', id, result}; {kind:'ready'} once;
 * {kind:'progress', id, fraction, message} while a call runs. In the desktop app the services also ask
 * the main process for their engine: EngineRequest → EngineNotice (services/engine/port-transport.ts).
 */
import { ErrorCode, type Result } from '../../shared/api/result';
import type { EngineNotice, EngineRequest } from '../services/engine/port-transport';

export type ToService = { kind: 'invoke'; id: number; method: string; request: unknown } | { kind: 'close' } | EngineNotice;
export type FromService =
  | EngineRequest
  | { kind: 'ready' }
  | { kind: 'failed'; message: string; code?: string }
  | { kind: 'result'; id: number; result: Result<unknown> }
  | { kind: 'progress'; id: number; fraction: number; message: string };

/** A message channel as both Electron's utility process and Node's child_process offer one. */
export interface Channel<In, Out> {
  send(message: Out): void;
  onMessage(fn: (message: In) => void): void;
  /** Called once if the other side goes away. */
  onExit(fn: (code: number | null) => void): void;
}

/** The main-process side: numbered calls over the channel, each answered once, all failed if the process ends. */
export class ServiceClient {
  private nextId = 1;
  private readonly pending = new Map<number, (r: Result<unknown>) => void>();
  private stopped: string | null = null;
  readonly ready: Promise<void>;

  constructor(private readonly channel: Channel<FromService, ToService>) {
    let markReady!: () => void;
    let markFailed!: (e: Error) => void;
    this.ready = new Promise((resolve, reject) => {
      markReady = resolve;
      markFailed = reject;
    });
    channel.onMessage((m) => {
      if (m.kind === 'ready') markReady();
      else if (m.kind === 'failed') {
        this.stopped = m.message;
        markFailed(Object.assign(new Error(m.message), m.code ? { code: m.code } : {}));
      } else if (m.kind === 'result') {
        this.pending.get(m.id)?.(m.result);
        this.pending.delete(m.id);
      }
    });
    channel.onExit((code) => {
      this.stopped = `The workbench's service process stopped (exit code ${code ?? 'unknown'}).`;
      markFailed(new Error(this.stopped));
      for (const answer of this.pending.values()) answer({ ok: false, error: { code: ErrorCode.Internal, message: this.stopped } });
      this.pending.clear();
    });
  }

  invoke(method: string, request: unknown): Promise<Result<unknown>> {
    if (this.stopped) return Promise.resolve({ ok: false, error: { code: ErrorCode.Internal, message: this.stopped } });
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.channel.send({ kind: 'invoke', id, method, request });
    });
  }

  close(): void {
    this.channel.send({ kind: 'close' });
  }
}

/** The service-process side: answer every call through `invoke`, in parallel, each exactly once. */
export function serveChannel(
  channel: Omit<Channel<ToService, FromService>, 'onExit'>,
  invoke: (method: string, request: unknown) => Promise<Result<unknown>>,
  onClose: () => void,
): void {
  channel.onMessage((m) => {
    if (m.kind === 'close') return onClose();
    if (m.kind !== 'invoke') return;
    invoke(m.method, m.request).then(
      (result) => channel.send({ kind: 'result', id: m.id, result }),
      (err: unknown) =>
        channel.send({ kind: 'result', id: m.id, result: { ok: false, error: { code: ErrorCode.Internal, message: String(err) } } }),
    );
  });
}
