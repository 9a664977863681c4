/** Exposes one small typed global, `window.workbench`, and refuses any method not in the contract. */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { methods } from '../../shared/api/contract';
import { IPC_CHANNEL, OPEN_FILES_CHANNEL } from '../../shared/api/methods';
import { createBridge } from './bridge';

contextBridge.exposeInMainWorld(
  'workbench',
  createBridge(
    (method, request) => ipcRenderer.invoke(IPC_CHANNEL, method, request),
    methods,
    (file) => webUtils.getPathForFile(file),
    (deliver) => ipcRenderer.on(OPEN_FILES_CHANNEL, (_event, payload: unknown) => deliver(payload)),
  ),
);
