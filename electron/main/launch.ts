/** The desktop shell's decisions at launch, kept free of Electron so unit tests can call them. */
import path from 'node:path';
import { messageOf } from '../../shared/api/result';
import { APP_INDEX_URL } from './app-protocol';

/** The dev server `npm run dev` starts; honoured only in unpackaged runs. */
export const DEV_RENDERER_URL_ENV = 'ELECTRON_RENDERER_URL';
const DEV_HOSTS = ['localhost', '127.0.0.1'];

/**
 * The page the window loads: the built renderer over `app://`, or in development the dev server, which
 * must be plain http on this machine. A packaged app ignores the variable, so setting it cannot point the
 * window (and its bridge to the services) at another page.
 */
export function chooseRendererUrl(opts: { isPackaged: boolean; devUrl: string | undefined }): string {
  if (opts.isPackaged || !opts.devUrl) return APP_INDEX_URL;
  let url: URL;
  try {
    url = new URL(opts.devUrl);
  } catch {
    throw new Error(`${DEV_RENDERER_URL_ENV} is not a URL: "${opts.devUrl}".`);
  }
  if (url.protocol !== 'http:' || !DEV_HOSTS.includes(url.hostname) || url.username || url.password) {
    throw new Error(
      `${DEV_RENDERER_URL_ENV} must be the local dev server, http://${DEV_HOSTS.join(' or http://')} with a port (got "${opts.devUrl}").`,
    );
  }
  return url.toString();
}

/**
 * The files a launch asks to open: the arguments after the executable (and, when unpackaged, after the app
 * folder `electron .` is given), without switches, resolved against the launch's working directory.
 * Everything after `--` is a file even if it starts with `-`.
 */
export function filesToOpen(argv: readonly string[], opts: { isPackaged: boolean; cwd: string }): string[] {
  const files: string[] = [];
  let skipAppPath = !opts.isPackaged;
  let afterDashes = false;
  for (const arg of argv.slice(1)) {
    if (!afterDashes && arg === '--') {
      afterDashes = true;
      continue;
    }
    if (!afterDashes && arg.startsWith('-')) continue;
    if (arg === '') continue;
    if (skipAppPath) {
      skipAppPath = false;
      continue;
    }
    files.push(path.resolve(opts.cwd, arg));
  }
  return [...new Set(files)];
}

/** What the error box says when the app cannot start: what failed, the workspace, and what to try. */
export function startFailureMessage(err: unknown, workspaceDir: string): { title: string; content: string } {
  const message = messageOf(err).replace(/^The workbench could not start: /, '');
  return {
    title: 'Analyst Workbench could not start',
    content: [
      message,
      '',
      `Workspace: ${workspaceDir}`,
      'If another copy of the app has this workspace open, close it and start again. To use another workspace, ' +
        'start the app with WORKBENCH_WORKSPACE set to a different folder.',
    ].join('\n'),
  };
}

/** What the desktop app offers when the workspace's state file is damaged or emptied (WORKSPACE_DAMAGED). */
export interface RecoveryChoice {
  label: string;
  /** Relaunch with this switch (`--recover=restore`), or in this workspace folder; neither means quit. */
  recover?: 'restore' | 'read-only';
  workspaceDir?: string;
}

export function damagedWorkspaceChoices(workspaceDir: string): RecoveryChoice[] {
  return [
    { label: 'Restore the last good copy', recover: 'restore' },
    { label: 'Open read-only', recover: 'read-only' },
    { label: 'Start a new workspace beside it', workspaceDir: `${workspaceDir}-new` },
    { label: 'Quit' },
  ];
}

/** The `--recover=restore|read-only` switch a relaunch carries (filesToOpen skips switches). */
export function recoverFromArgv(argv: readonly string[]): 'restore' | 'read-only' | undefined {
  const value = argv.find((a) => a.startsWith('--recover='))?.slice('--recover='.length);
  return value === 'restore' || value === 'read-only' ? value : undefined;
}
