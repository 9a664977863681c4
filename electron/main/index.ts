/** Electron shell: one window, the IPC binding of the contract, nothing else. */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, ipcMain, session } from 'electron';
import { IPC_CHANNEL } from '../../shared/api/methods';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp';
import { appPaths } from '../host/paths';
import { createWorkbench, type Workbench } from '../services/workbench';
import { createWindowOptions, guardWebContents } from './window-options';

let workbench: Workbench | null = null;

app.on('web-contents-created', (_event, contents) => guardWebContents(contents, rendererUrl));

function rendererUrl(): string {
  return process.env.ELECTRON_RENDERER_URL ?? pathToFileURL(path.join(appPaths(__dirname).rendererDir, 'index.html')).toString();
}

async function start(): Promise<void> {
  const paths = appPaths(__dirname);
  workbench = await createWorkbench({
    workspaceDir: process.env.WORKBENCH_WORKSPACE ?? path.join(app.getPath('userData'), 'workspace'),
    workerFile: paths.workerFile,
    sampleDataDir: paths.sampleDataDir,
    version: app.getVersion(),
  });
  await workbench.openSampleDataOnFirstRun();

  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));

  ipcMain.handle(IPC_CHANNEL, async (event, method: unknown, request: unknown) => {
    if (event.senderFrame?.url !== rendererUrl()) {
      return { ok: false, error: { code: 'UNAUTHORIZED', message: 'Calls are accepted from the app window only.' } };
    }
    return workbench!.invoke(String(method), request);
  });

  const win = new BrowserWindow(createWindowOptions(paths.preload));
  win.once('ready-to-show', () => win.show());
  await win.loadURL(rendererUrl());
}

app.whenReady().then(start, (err: unknown) => {
  console.error(err);
  app.exit(1);
});

app.on('window-all-closed', () => {
  void workbench?.close().finally(() => app.quit());
});
