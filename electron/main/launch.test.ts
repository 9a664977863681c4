import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_INDEX_URL } from './app-protocol';
import { chooseRendererUrl, damagedWorkspaceChoices, filesToOpen, recoverFromArgv, startFailureMessage } from './launch';

describe('renderer URL at launch', () => {
  it('loads the built renderer over app://, never file://', () => {
    expect(chooseRendererUrl({ isPackaged: false, devUrl: undefined })).toBe(APP_INDEX_URL);
    expect(APP_INDEX_URL.startsWith('app://')).toBe(true);
  });

  it('ignores ELECTRON_RENDERER_URL in a packaged app, whatever it says', () => {
    expect(chooseRendererUrl({ isPackaged: true, devUrl: 'http://localhost:5173/' })).toBe(APP_INDEX_URL);
    expect(chooseRendererUrl({ isPackaged: true, devUrl: 'https://evil.example/' })).toBe(APP_INDEX_URL);
  });

  it('accepts only a plain-http dev server on this machine in development', () => {
    expect(chooseRendererUrl({ isPackaged: false, devUrl: 'http://localhost:5173' })).toBe('http://localhost:5173/');
    expect(chooseRendererUrl({ isPackaged: false, devUrl: 'http://127.0.0.1:5173/' })).toBe('http://127.0.0.1:5173/');
    for (const bad of [
      'https://evil.example/',
      'http://localhost.evil.example:5173/',
      'http://user:pw@localhost:5173/',
      'file:///tmp/x.html',
      'ftp://127.0.0.1/',
    ]) {
      expect(() => chooseRendererUrl({ isPackaged: false, devUrl: bad })).toThrow(
        /ELECTRON_RENDERER_URL must be the local dev server.*got/,
      );
    }
    expect(() => chooseRendererUrl({ isPackaged: false, devUrl: 'not a url' })).toThrow('ELECTRON_RENDERER_URL is not a URL: "not a url".');
  });
});

describe('files to open from a launch', () => {
  const cwd = path.resolve('/home/ana/reports');

  it('takes the paths after the executable, resolved against the working directory, without switches', () => {
    const argv = ['/opt/Analyst Workbench/workbench', '--no-sandbox', 'orders.csv', '/data/events.parquet', 'report [final].csv'];
    expect(filesToOpen(argv, { isPackaged: true, cwd })).toEqual([
      path.join(cwd, 'orders.csv'),
      path.resolve('/data/events.parquet'),
      path.join(cwd, 'report [final].csv'),
    ]);
  });

  it('skips the app folder an unpackaged launch (`electron .`) is given', () => {
    expect(filesToOpen(['/usr/bin/electron', '--inspect=0', '.', 'orders.csv'], { isPackaged: false, cwd })).toEqual([
      path.join(cwd, 'orders.csv'),
    ]);
    expect(filesToOpen(['/usr/bin/electron', '/work/app'], { isPackaged: false, cwd })).toEqual([]);
  });

  it('reads everything after -- as a file, and lists each file once', () => {
    expect(filesToOpen(['app', 'a.csv', '--', '-odd.csv', 'a.csv'], { isPackaged: true, cwd })).toEqual([
      path.join(cwd, 'a.csv'),
      path.join(cwd, '-odd.csv'),
    ]);
    expect(filesToOpen(['app'], { isPackaged: true, cwd })).toEqual([]);
  });
});

describe('the error box when the app cannot start', () => {
  it('names what failed and the workspace, and says what to try', () => {
    const box = startFailureMessage(
      new Error('The workbench could not start: /home/ana/ws/workspace.sqlite: database disk image is malformed'),
      '/home/ana/ws',
    );
    expect(box.title).toBe('Analyst Workbench could not start');
    expect(box.content.split('\n')[0]).toBe('/home/ana/ws/workspace.sqlite: database disk image is malformed');
    expect(box.content).toContain('Workspace: /home/ana/ws');
    expect(box.content).toContain('WORKBENCH_WORKSPACE');
  });

  it('takes whatever was thrown, not only errors', () => {
    expect(startFailureMessage('database is locked', '/ws').content.startsWith('database is locked\n')).toBe(true);
  });
});

describe('a damaged workspace at launch', () => {
  it('offers restore, read-only, a new workspace beside it, and quit; a relaunch carries the choice', () => {
    const choices = damagedWorkspaceChoices('/home/ana/.analyst-workbench/default');
    expect(choices.map((c) => c.label)).toEqual([
      'Restore the last good copy',
      'Open read-only',
      'Start a new workspace beside it',
      'Quit',
    ]);
    expect(choices[2]!.workspaceDir).toBe('/home/ana/.analyst-workbench/default-new');
    expect(recoverFromArgv(['electron', '.', '--recover=restore'])).toBe('restore');
    expect(recoverFromArgv(['electron', '.', '--recover=read-only'])).toBe('read-only');
    expect(recoverFromArgv(['electron', '.', '--recover=wipe'])).toBeUndefined();
    expect(filesToOpen(['electron', '.', '--recover=restore', 'a.csv'], { isPackaged: false, cwd: '/w' })).toEqual(['/w/a.csv']);
  });
});
