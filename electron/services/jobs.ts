import { randomUUID } from 'node:crypto';
import { ErrorCode, messageOf, toApiError, WorkbenchError } from '../../shared/api/result';
import type { JobStatus } from '../../shared/types';

export interface JobContext {
  id: string;
  progress(fraction: number, message?: string): void;
  readonly cancelled: boolean;
  /** Runs `fn` when the job is cancelled (for example to interrupt the query it is waiting on). */
  onCancel(fn: () => void | Promise<void>): void;
}

type Entry = JobStatus & { done: Promise<void>; cancel?: () => Promise<void>; hooks: (() => void | Promise<void>)[] };

/** Long work (imports) runs as a job the UI can poll and cancel. */
export class Jobs {
  private readonly jobs = new Map<string, Entry>();
  private readonly cancelledIds = new Set<string>();

  start(
    kind: string,
    message: string,
    run: (ctx: JobContext) => Promise<Partial<JobStatus> | void>,
    cancel?: (id: string) => Promise<void>,
  ): JobStatus {
    const id = randomUUID();
    const entry: Entry = { id, kind, state: 'running', progress: null, message, done: Promise.resolve(), hooks: [] };
    if (cancel) entry.cancel = () => cancel(id);
    const cancelledIds = this.cancelledIds;
    const ctx: JobContext = {
      id,
      progress: (fraction, msg) => {
        entry.progress = fraction;
        if (msg) entry.message = msg;
      },
      get cancelled() {
        return cancelledIds.has(id);
      },
      onCancel: (fn) => void entry.hooks.push(fn),
    };
    entry.done = run(ctx).then(
      (extra) => {
        if (this.cancelledIds.has(id)) {
          entry.state = 'cancelled';
          entry.message = 'Cancelled.';
        } else {
          Object.assign(entry, extra ?? {}, { state: 'done', progress: 1 });
        }
      },
      (err: unknown) => {
        const cancelled = this.cancelledIds.has(id) || (err instanceof WorkbenchError && err.code === ErrorCode.Cancelled);
        entry.state = cancelled ? 'cancelled' : 'failed';
        entry.message = cancelled ? 'Cancelled.' : messageOf(err);
        if (!cancelled) entry.error = toApiError(err);
      },
    );
    this.jobs.set(id, entry);
    this.prune();
    return this.status(id);
  }

  status(id: string): JobStatus {
    const e = this.jobs.get(id);
    if (!e) throw new WorkbenchError(ErrorCode.NotFound, `No job with id ${id}.`);
    const { done: _done, cancel: _cancel, hooks: _hooks, ...status } = e;
    return { ...status };
  }

  async wait(id: string): Promise<JobStatus> {
    const e = this.jobs.get(id);
    if (!e) throw new WorkbenchError(ErrorCode.NotFound, `No job with id ${id}.`);
    await e.done;
    return this.status(id);
  }

  async cancel(id: string): Promise<JobStatus> {
    const e = this.jobs.get(id);
    if (!e) throw new WorkbenchError(ErrorCode.NotFound, `No job with id ${id}.`);
    if (e.state === 'running') {
      this.cancelledIds.add(id);
      await e.cancel?.();
      await Promise.all(e.hooks.map((h) => Promise.resolve(h()).catch(() => undefined)));
      await e.done;
    }
    return this.status(id);
  }

  /** Cancels every running job and waits until each has cleaned up (used when the app stops). */
  async cancelAll(): Promise<void> {
    const running = [...this.jobs.values()].filter((e) => e.state === 'running').map((e) => e.id);
    await Promise.all(running.map((id) => this.cancel(id).catch(() => undefined)));
  }

  private prune(): void {
    if (this.jobs.size <= 200) return;
    for (const [id, e] of this.jobs) {
      if (e.state !== 'running') this.jobs.delete(id);
      if (this.jobs.size <= 100) break;
    }
  }
}
