/**
 * Electron shell: one window and the IPC binding of the contract. The services (DuckDB, SQLite, fits)
 * run in a utility process, so nothing they do blocks this process or the window.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, ipcMain, session, utilityProcess } from 'electron';
import { IPC_CHANNEL } from '../../shared/api/methods';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp';
import { appPaths, defaultWorkspaceDir } from '../host/paths';
import { ServiceClient, type FromService } from '../host/service-rpc';
import { createWindowOptions, guardWebContents } from './window-options';

let services: ServiceClient | null = null;

app.on('web-contents-created', (_event, contents) => guardWebContents(contents, rendererUrl));

function rendererUrl(): string {
  return process.env.ELECTRON_RENDERER_URL ?? pathToFileURL(path.join(appPaths(__dirname).rendererDir, 'index.html')).toString();
}

async function start(): Promise<void> {
  const paths = appPaths(__dirname);
  const options = {
    workspaceDir: defaultWorkspaceDir(),
    workerFile: paths.workerFile,
    sampleDataDir: paths.sampleDataDir,
    version: app.getVersion(),
    openSample: true,
  };
  const child = utilityProcess.fork(path.join(__dirname, 'service-process.js'), [], {
    env: { ...process.env, WORKBENCH_SERVICE_OPTIONS: JSON.stringify(options) },
    serviceName: 'Workbench services',
  });
  services = new ServiceClient({
    send: (m) => child.postMessage(m),
    onMessage: (fn) => child.on('message', (m: FromService) => fn(m)),
    onExit: (fn) => child.on('exit', (code) => fn(code)),
  });
  await services.ready;

  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));

  ipcMain.handle(IPC_CHANNEL, async (event, method: unknown, request: unknown) => {
    if (event.senderFrame?.url !== rendererUrl()) {
      return { ok: false, error: { code: 'UNAUTHORIZED', message: 'Calls are accepted from the app window only.' } };
    }
    return services!.invoke(String(method), request);
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
  services?.close();
  app.quit();
});
