/** What the preload exposes as `window.workbench`: kept free of Electron so a unit test can call it. */
export interface Bridge {
  invoke(method: string, request: unknown): Promise<unknown>;
  pathForFile(file: File): string;
  /**
   * Files the app was asked to open (a second launch, a file handed to the app), as absolute paths. Lists
   * that arrive before the page listens wait for it. Returns a function that stops listening.
   */
  onOpenFiles(fn: (paths: string[]) => void): () => void;
  /** The desktop save dialog: the path the user chose for an export, or null if they cancelled. */
  chooseSavePath?(defaultPath: string, extension: string): Promise<string | null>;
  /** Shows a written file in the system's file manager. */
  showInFolder?(path: string): Promise<void>;
}

const isPathList = (v: unknown): v is string[] => Array.isArray(v) && v.every((p) => typeof p === 'string' && p !== '');

export function createBridge(
  send: (method: string, request: unknown) => Promise<unknown>,
  allowedMethods: readonly string[],
  pathForFile: (file: File) => string,
  subscribeOpenFiles: (deliver: (payload: unknown) => void) => void,
): Bridge {
  const allowed = new Set<string>(allowedMethods);
  let listener: ((paths: string[]) => void) | null = null;
  const waiting: string[][] = [];
  // Subscribed at once (the preload runs before the page), so a list sent while the page loads is kept.
  subscribeOpenFiles((payload) => {
    if (!isPathList(payload) || payload.length === 0) return;
    if (listener) listener([...payload]);
    else waiting.push([...payload]);
  });
  return {
    invoke(method, request) {
      if (!allowed.has(method)) return Promise.resolve({ ok: false, error: { code: 'NOT_FOUND', message: `Unknown method "${method}".` } });
      return send(method, request);
    },
    /** The real path of a dropped file (browsers hide it; Electron can tell). */
    pathForFile,
    onOpenFiles(fn) {
      listener = fn;
      for (const paths of waiting.splice(0)) fn(paths);
      return () => {
        if (listener === fn) listener = null;
      };
    },
  };
}
