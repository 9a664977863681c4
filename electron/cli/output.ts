/** The command line's standard output: writes wait for a full pipe to drain, and a reader that goes away ends the run. */
import type { Writable } from 'node:stream';

/** The reader closed the pipe (as `| head` does once it has its lines): the command stops quietly. */
export class OutputClosed extends Error {
  constructor() {
    super('standard output was closed by its reader.');
  }
}

export interface Output {
  /**
   * Writes text. The promise resolves at once while the stream's buffer has room, else on 'drain' (so a
   * writer that awaits it never holds more than a buffer's worth). Throws OutputClosed once the reader has
   * gone, or an Error naming the failure (a full disk); the promise itself never rejects.
   */
  write(text: string): Promise<void>;
  /** Resolves when everything written so far has been handed to the operating system (or failed). */
  flushed(): Promise<void>;
  /** Why writing stopped (OutputClosed, or another failure), or null. */
  failure(): Error | null;
}

export function streamOutput(stream: Writable): Output {
  let failure: Error | null = null;
  let waiting: (() => void)[] = [];
  let last: Promise<void> = Promise.resolve();
  const wake = () => {
    const w = waiting;
    waiting = [];
    for (const resolve of w) resolve();
  };
  stream.on('drain', wake);
  stream.on('error', (err: NodeJS.ErrnoException) => {
    failure ??= err.code === 'EPIPE' ? new OutputClosed() : new Error(`cannot write to standard output (${err.code ?? err.message}).`);
    wake();
  });
  return {
    write(text) {
      if (failure) throw failure;
      let room = true;
      last = new Promise<void>((resolve) => {
        room = stream.write(text, () => resolve());
      });
      return room ? Promise.resolve() : new Promise<void>((resolve) => waiting.push(resolve));
    },
    flushed: () => last,
    failure: () => failure,
  };
}
