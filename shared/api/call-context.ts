/**
 * What a handler gets beside its request: a way to report progress and to learn of (and react to) a
 * cancel. A direct call gets a context that never cancels; a job's context is wired to `jobs.cancel`.
 */
export interface CallContext {
  onProgress(fraction: number, message: string): void;
  isCancelled(): boolean;
  /** Runs `fn` when the call is cancelled (for example to interrupt a DuckDB query). */
  onCancel(fn: () => void | Promise<void>): void;
}

/** The context of a call nobody can cancel, optionally reporting progress somewhere. */
export function directContext(onProgress: (fraction: number, message: string) => void = () => undefined): CallContext {
  return { onProgress, isCancelled: () => false, onCancel: () => undefined };
}
