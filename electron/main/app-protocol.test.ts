import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { APP_INDEX_URL, resolveAppRequest } from './app-protocol';

const base = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'app-protocol-')));
const root = path.join(base, 'renderer');
mkdirSync(path.join(root, 'assets'), { recursive: true });
writeFileSync(path.join(root, 'index.html'), '<!doctype html>');
writeFileSync(path.join(root, 'assets', 'main 1.js'), 'export {}');
writeFileSync(path.join(base, 'secret.txt'), 'not for the page');
symlinkSync(path.join(base, 'secret.txt'), path.join(root, 'assets', 'leak.txt'));
symlinkSync(base, path.join(root, 'up'));
symlinkSync(path.join(root, 'index.html'), path.join(root, 'assets', 'home.html'));

afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('app:// protocol resolution', () => {
  it('serves files under the renderer folder, index.html for the root', async () => {
    expect(await resolveAppRequest(APP_INDEX_URL, root)).toEqual({
      ok: true,
      file: path.join(root, 'index.html'),
      mimeType: 'text/html; charset=utf-8',
    });
    expect(await resolveAppRequest('app://renderer/', root)).toMatchObject({ ok: true, file: path.join(root, 'index.html') });
    expect(await resolveAppRequest('app://renderer/assets/main%201.js?v=2#x', root)).toMatchObject({
      ok: true,
      file: path.join(root, 'assets', 'main 1.js'),
      mimeType: 'text/javascript; charset=utf-8',
    });
    // A symlink that stays inside the folder is fine.
    expect(await resolveAppRequest('app://renderer/assets/home.html', root)).toMatchObject({
      ok: true,
      file: path.join(root, 'index.html'),
    });
  });

  it.each([
    ['encoded slashes around ..', 'app://renderer/..%2f..%2fsecret.txt'],
    ['encoded dots and slash', 'app://renderer/%2e%2e%2fsecret.txt'],
    ['encoded backslash', 'app://renderer/..%5csecret.txt'],
    ['an absolute path', 'app://renderer/%2Fetc%2Fpasswd/..%2f..%2f..%2fetc%2fpasswd'],
    ['a drive letter', 'app://renderer/C:%5cWindows%5cwin.ini'],
    ['a NUL byte', 'app://renderer/index.html%00.js'],
    ['a symlink to a file outside', 'app://renderer/assets/leak.txt'],
    ['a symlink to a folder outside', 'app://renderer/up/secret.txt'],
  ])('refuses %s', async (_what, url) => {
    expect(await resolveAppRequest(url, root)).toMatchObject({ ok: false, status: 403 });
  });

  it('never leaves the folder for plain .. (the URL parser folds it first)', async () => {
    for (const url of [
      'app://renderer/../secret.txt',
      'app://renderer/%2e%2e/secret.txt',
      'app://renderer/assets/%2E%2E/%2e%2e/secret.txt',
    ]) {
      const r = await resolveAppRequest(url, root);
      expect(r.ok).toBe(false);
      expect(r).toMatchObject({ status: 404 });
    }
  });

  it('refuses other hosts and schemes, malformed escapes and missing files with a message naming the URL', async () => {
    expect(await resolveAppRequest('app://elsewhere/index.html', root)).toMatchObject({ ok: false, status: 403 });
    expect(await resolveAppRequest(`file://${root}/index.html`, root)).toMatchObject({ ok: false, status: 403 });
    expect(await resolveAppRequest('app://renderer/%E0%A4%A.js', root)).toMatchObject({ ok: false, status: 400 });
    expect(await resolveAppRequest('app://renderer/assets', root)).toMatchObject({ ok: false, status: 404 });
    const missing = await resolveAppRequest('app://renderer/nope.js', root);
    expect(missing).toEqual({ ok: false, status: 404, message: 'app://renderer/nope.js: no such file in the app.' });
  });
});
