import { ErrorCode, WorkbenchError } from '../../../shared/api/result';

/**
 * Engine work runs in one of two lanes. `interactive` is for small calls a person waits on (a grid page, the
 * profile of one column, a calculator); `heavy` is everything else (imports, whole-table profiles, the SQL editor,
 * model inputs). Each lane has its own bound and its own connections, so a small call never queues behind heavy work.
 */
export const ENGINE_LANES = ['interactive', 'heavy'] as const;
export type EngineLane = (typeof ENGINE_LANES)[number];
export const DEFAULT_LANE: EngineLane = 'heavy';

/**
 * How many calls of each lane the engine runs at once; the rest wait in order. Heavy statements each use all of
 * DuckDB's threads already, so more of them at once only share the same cores and add memory.
 */
export const LANE_CONCURRENCY: Record<EngineLane, number> = { interactive: 4, heavy: 2 };

/** Refuses a lane the engine does not know, naming the accepted ones. */
export function checkLane(lane: unknown): EngineLane {
  if ((ENGINE_LANES as readonly unknown[]).includes(lane)) return lane as EngineLane;
  throw new WorkbenchError(ErrorCode.InvalidArgument, `lane: "${String(lane)}" is not a lane; use one of ${ENGINE_LANES.join(', ')}.`, {
    field: 'lane',
  });
}

interface Waiting {
  start: () => void;
  cancel: (err: Error) => void;
  tag?: string;
}

/** A bounded, first-in first-out queue per lane. */
export class Lanes {
  private readonly active: Record<EngineLane, number> = { interactive: 0, heavy: 0 };
  private readonly waiting: Record<EngineLane, Waiting[]> = { interactive: [], heavy: [] };

  constructor(private readonly limits: Record<EngineLane, number> = LANE_CONCURRENCY) {}

  /** Runs `fn` once its lane has room; `tag` (a query id) lets `cancelWaiting` drop it while it waits. */
  async run<T>(lane: EngineLane, fn: () => Promise<T>, tag?: string): Promise<T> {
    if (this.active[lane] >= this.limits[lane]) {
      await new Promise<void>((start, cancel) => this.waiting[lane].push({ start, cancel, tag }));
    } else {
      this.active[lane]++;
    }
    try {
      return await fn();
    } finally {
      const next = this.waiting[lane].shift();
      // The slot passes straight to the next caller, so a newcomer cannot overtake the queue.
      if (next) next.start();
      else this.active[lane]--;
    }
  }

  /** Rejects the calls waiting under `tag` with `err`; says whether there were any. */
  cancelWaiting(tag: string, err: Error): boolean {
    let found = false;
    for (const lane of ENGINE_LANES) {
      this.waiting[lane] = this.waiting[lane].filter((w) => {
        if (w.tag !== tag) return true;
        w.cancel(err);
        found = true;
        return false;
      });
    }
    return found;
  }

  /** Calls waiting (not yet running) in a lane. */
  queued(lane: EngineLane): number {
    return this.waiting[lane].length;
  }
}
