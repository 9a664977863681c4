/** Exposes one small typed global, `window.workbench`, and refuses any method not in the contract. */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { IPC_CHANNEL, METHOD_NAMES } from '../../shared/api/methods';

const allowed = new Set<string>(METHOD_NAMES);

contextBridge.exposeInMainWorld('workbench', {
  invoke(method: string, request: unknown): Promise<unknown> {
    if (!allowed.has(method)) return Promise.resolve({ ok: false, error: { code: 'NOT_FOUND', message: `Unknown method "${method}".` } });
    return ipcRenderer.invoke(IPC_CHANNEL, method, request);
  },
  /** The real path of a dropped file (browsers hide it; Electron can tell). */
  pathForFile(file: File): string {
    return webUtils.getPathForFile(file);
  },
});
