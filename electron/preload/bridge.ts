/** What the preload exposes as `window.workbench`: kept free of Electron so a unit test can call it. */
export interface Bridge {
  invoke(method: string, request: unknown): Promise<unknown>;
  pathForFile(file: File): string;
}

export function createBridge(
  send: (method: string, request: unknown) => Promise<unknown>,
  allowedMethods: readonly string[],
  pathForFile: (file: File) => string,
): Bridge {
  const allowed = new Set<string>(allowedMethods);
  return {
    invoke(method, request) {
      if (!allowed.has(method)) return Promise.resolve({ ok: false, error: { code: 'NOT_FOUND', message: `Unknown method "${method}".` } });
      return send(method, request);
    },
    /** The real path of a dropped file (browsers hide it; Electron can tell). */
    pathForFile,
  };
}
