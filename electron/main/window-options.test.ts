import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp';
import { createWindowOptions, guardWebContents, isAllowedNavigation, type GuardedContents } from './window-options';

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
    expect(isAllowedNavigation('app://renderer/index.html', 'app://renderer/index.html')).toBe(true);
    expect(isAllowedNavigation('https://example.com/', 'app://renderer/index.html')).toBe(false);
    expect(isAllowedNavigation('file:///app/index.html', 'app://renderer/index.html')).toBe(false);
  });

  it('blocks new windows, foreign navigation and webviews on every web contents', () => {
    let openHandler: (() => { action: string }) | null = null;
    const listeners = new Map<string, (event: { preventDefault(): void }, url?: string) => void>();
    const contents = {
      setWindowOpenHandler: (h: () => { action: string }) => (openHandler = h),
      on: (name: string, fn: (event: { preventDefault(): void }, url?: string) => void) => listeners.set(name, fn),
    } as unknown as GuardedContents;
    guardWebContents(contents, () => 'app://renderer/index.html');
    expect(openHandler!()).toEqual({ action: 'deny' });
    const prevented = (name: string, url?: string) => {
      let stopped = false;
      listeners.get(name)!({ preventDefault: () => (stopped = true) }, url);
      return stopped;
    };
    expect(prevented('will-navigate', 'https://example.com/')).toBe(true);
    expect(prevented('will-navigate', 'app://renderer/index.html')).toBe(false);
    expect(prevented('will-navigate', 'file:///app/index.html')).toBe(true);
    expect(prevented('will-attach-webview')).toBe(true);
  });

  it('has a strict Content-Security-Policy, also in the page itself', () => {
    expect(CONTENT_SECURITY_POLICY).toMatch(/default-src 'self'/);
    expect(CONTENT_SECURITY_POLICY).toMatch(/script-src 'self'(;|$)/);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval/);
    const html = readFileSync(path.join(here, '..', '..', 'renderer', 'index.html'), 'utf8');
    expect(html).toContain("script-src 'self';");
    expect(html).not.toMatch(/https?:\/\//);
  });
});
