/**
 * Electron shell: one window and the IPC binding of the contract. The services (SQLite, fits) run in a
 * utility process and the DuckDB engine in another, which this process starts when the services ask
 * (engine-process.ts), so nothing they do blocks this process or the window. The decisions (which
 * page, which files, what a failure says, which file a request may read) live in plain modules with
 * unit tests; this file binds them to Electron.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, protocol, session, shell, utilityProcess, type MessagePortMain } from 'electron';
import { IPC_CHANNEL, OPEN_FILES_CHANNEL, SAVE_DIALOG_CHANNEL, SHOW_IN_FOLDER_CHANNEL } from '../../shared/api/methods';
import { messageOf } from '../../shared/api/result';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp';
import { EngineBroker } from '../host/engine-broker';
import { appPaths, defaultWorkspaceDir } from '../host/paths';
import { ServiceClient, type FromService } from '../host/service-rpc';
import { APP_INDEX_URL, APP_SCHEME, resolveAppRequest } from './app-protocol';
import {
  chooseRendererUrl,
  damagedWorkspaceChoices,
  DEV_RENDERER_URL_ENV,
  filesToOpen,
  recoverFromArgv,
  startFailureMessage,
} from './launch';
import { spawnEngineProcess } from './engine-process';
import { createWindowOptions, guardWebContents } from './window-options';

// Before `ready`: app:// behaves like an https origin (so 'self' in the CSP and fetch work), unlike file://.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

let services: ServiceClient | null = null;
let win: BrowserWindow | null = null;
let pageLoaded = false;
let rendererUrl = APP_INDEX_URL;
const filesWaiting: string[] = [];

app.on('web-contents-created', (_event, contents) => guardWebContents(contents, () => rendererUrl));

/** Queues files to open as datasets; the page gets them once it has loaded (the preload keeps them until it listens). */
function openFiles(paths: string[]): void {
  filesWaiting.push(...paths);
  if (win && pageLoaded && filesWaiting.length > 0) win.webContents.send(OPEN_FILES_CHANNEL, filesWaiting.splice(0));
}

async function start(): Promise<void> {
  const paths = appPaths(__dirname);
  rendererUrl = chooseRendererUrl({ isPackaged: app.isPackaged, devUrl: process.env[DEV_RENDERER_URL_ENV] });
  const options = {
    workspaceDir: defaultWorkspaceDir(),
    workerFile: paths.workerFile,
    sampleDataDir: paths.sampleDataDir,
    version: app.getVersion(),
    openSample: true,
    recover: recoverFromArgv(process.argv),
  };
  const child = utilityProcess.fork(path.join(__dirname, 'service-process.js'), [], {
    env: { ...process.env, WORKBENCH_SERVICE_OPTIONS: JSON.stringify(options) },
    serviceName: 'Workbench services',
  });
  const engines = new EngineBroker<MessagePortMain>(spawnEngineProcess(paths.workerFile), (notice, port) =>
    child.postMessage(notice, port ? [port] : []),
  );
  child.on('message', (m: unknown) => engines.handle(m));
  child.on('exit', () => engines.servicesEnded());
  services = new ServiceClient({
    send: (m) => child.postMessage(m),
    onMessage: (fn) => child.on('message', (m: FromService) => fn(m)),
    onExit: (fn) => child.on('exit', (code) => fn(code)),
  });
  await services.ready;

  protocol.handle(APP_SCHEME, async (request) => {
    const found = await resolveAppRequest(request.url, paths.rendererDir);
    if (!found.ok) return new Response(found.message, { status: found.status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
    const body = new Uint8Array(await fs.readFile(found.file));
    return new Response(body, { headers: { 'Content-Type': found.mimeType, 'Content-Security-Policy': CONTENT_SECURITY_POLICY } });
  });
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));

  ipcMain.handle(IPC_CHANNEL, async (event, method: unknown, request: unknown) => {
    if (event.senderFrame?.url !== rendererUrl) {
      return { ok: false, error: { code: 'UNAUTHORIZED', message: 'Calls are accepted from the app window only.' } };
    }
    return services!.invoke(String(method), request);
  });

  // Exports: the user picks the file (the services still refuse loaded files and the workspace's own), then may see it.
  ipcMain.handle(SAVE_DIALOG_CHANNEL, async (event, defaultPath: unknown, extension: unknown) => {
    if (event.senderFrame?.url !== rendererUrl || !win) return null;
    const ext = String(extension).replace(/[^\w]/g, '');
    const r = await dialog.showSaveDialog(win, {
      defaultPath: String(defaultPath),
      filters: ext ? [{ name: ext.toUpperCase(), extensions: [ext] }] : [],
    });
    return r.canceled || !r.filePath ? null : r.filePath;
  });
  ipcMain.handle(SHOW_IN_FOLDER_CHANNEL, (event, file: unknown) => {
    if (event.senderFrame?.url !== rendererUrl || typeof file !== 'string' || !path.isAbsolute(file)) return;
    shell.showItemInFolder(file);
  });

  win = new BrowserWindow(createWindowOptions(paths.preload));
  win.once('ready-to-show', () => win?.show());
  win.on('closed', () => (win = null));
  win.webContents.on('did-finish-load', () => {
    pageLoaded = true;
    openFiles([]);
  });
  await win.loadURL(rendererUrl);
}

/** A workspace that is locked or damaged (or anything else) ends in an error box naming it, not in no window. */
function failedToStart(err: unknown): void {
  console.error(err);
  if ((err as { code?: string }).code === 'WORKSPACE_DAMAGED') return offerRecovery(err);
  const { title, content } = startFailureMessage(err, defaultWorkspaceDir());
  dialog.showErrorBox(title, content);
  try {
    services?.close();
  } catch {
    // The services process may be gone already; there is nothing left to close.
  }
  app.exit(1);
}

/** A damaged or emptied workspace.sqlite: say which, and relaunch the way the user picks (see damagedWorkspaceChoices). */
function offerRecovery(err: unknown): void {
  const choices = damagedWorkspaceChoices(defaultWorkspaceDir());
  const picked =
    choices[
      dialog.showMessageBoxSync({
        type: 'error',
        title: 'Analyst Workbench',
        message: 'The workspace cannot be opened as it is',
        detail: messageOf(err).replace(/^The workbench could not start: /, ''),
        buttons: choices.map((c) => c.label),
        cancelId: choices.length - 1,
        noLink: true,
      })
    ];
  services?.close();
  if (picked?.recover || picked?.workspaceDir) {
    if (picked.workspaceDir) process.env.WORKBENCH_WORKSPACE = picked.workspaceDir;
    const args = process.argv.slice(1).filter((a) => !a.startsWith('--recover='));
    app.relaunch({ args: picked.recover ? [...args, `--recover=${picked.recover}`] : args });
  }
  app.exit(1);
}

if (!app.requestSingleInstanceLock()) {
  // Another copy is running: it receives this launch's files through 'second-instance'.
  app.quit();
} else {
  app.on('second-instance', (_event, argv, workingDirectory) => {
    openFiles(filesToOpen(argv, { isPackaged: app.isPackaged, cwd: workingDirectory }));
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  });
  // macOS hands files (Finder, Dock) to the running app through this event rather than argv.
  app.on('open-file', (event, file) => {
    event.preventDefault();
    openFiles([file]);
  });
  openFiles(filesToOpen(process.argv, { isPackaged: app.isPackaged, cwd: process.cwd() }));
  app.whenReady().then(start).catch(failedToStart);
}

app.on('window-all-closed', () => {
  services?.close();
  app.quit();
});
