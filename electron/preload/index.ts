/** Exposes one small typed global, `window.workbench`, and refuses any method not in the contract. */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { methods } from '../../shared/api/contract';
import { IPC_CHANNEL, OPEN_FILES_CHANNEL, SAVE_DIALOG_CHANNEL, SHOW_IN_FOLDER_CHANNEL } from '../../shared/api/methods';
import { createBridge } from './bridge';

contextBridge.exposeInMainWorld('workbench', {
  ...createBridge(
    (method, request) => ipcRenderer.invoke(IPC_CHANNEL, method, request),
    methods,
    (file) => webUtils.getPathForFile(file),
    (deliver) => ipcRenderer.on(OPEN_FILES_CHANNEL, (_event, payload: unknown) => deliver(payload)),
  ),
  // Two window-only calls beside the contract: the native save dialog and "show in folder" for exports.
  chooseSavePath: (defaultPath: string, extension: string) =>
    ipcRenderer.invoke(SAVE_DIALOG_CHANNEL, String(defaultPath), String(extension)) as Promise<string | null>,
  showInFolder: (path: string) => ipcRenderer.invoke(SHOW_IN_FOLDER_CHANNEL, String(path)) as Promise<void>,
});
