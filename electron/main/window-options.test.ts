import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { contract } from '../../shared/api/contract';
import { METHOD_NAMES } from '../../shared/api/methods';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp';
import { createWindowOptions, isAllowedNavigation } from './window-options';

const here = path.dirname(fileURLToPath(import.meta.url));

describe('Electron window security', () => {
  const prefs = createWindowOptions('/app/preload.js').webPreferences!;

  it('isolates the renderer from Node', () => {
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.preload).toBe('/app/preload.js');
  });

  it('allows navigation to the app page only', () => {
    expect(isAllowedNavigation('file:///app/index.html', 'file:///app/index.html')).toBe(true);
    expect(isAllowedNavigation('https://example.com/', 'file:///app/index.html')).toBe(false);
  });

  it('blocks new windows and foreign navigation in the main process', () => {
    const main = readFileSync(path.join(here, 'index.ts'), 'utf8');
    expect(main).toMatch(/setWindowOpenHandler\(\(\) => \(\{ action: 'deny' \}\)\)/);
    expect(main).toMatch(/will-navigate/);
  });

  it('has a strict Content-Security-Policy, also in the page itself', () => {
    expect(CONTENT_SECURITY_POLICY).toMatch(/default-src 'self'/);
    expect(CONTENT_SECURITY_POLICY).toMatch(/script-src 'self'(;|$)/);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval/);
    const html = readFileSync(path.join(here, '..', '..', 'renderer', 'index.html'), 'utf8');
    expect(html).toContain("script-src 'self';");
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('exposes exactly the contract through the preload', () => {
    expect([...METHOD_NAMES].sort()).toEqual(Object.keys(contract).sort());
    const preload = readFileSync(path.join(here, '..', 'preload', 'index.ts'), 'utf8');
    expect(preload.match(/exposeInMainWorld/g)).toHaveLength(1);
    expect(preload).toMatch(/allowed\.has\(method\)/);
  });
});
