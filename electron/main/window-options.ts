import type { BrowserWindowConstructorOptions, WebContents } from 'electron';

/** The security-relevant window settings, kept apart so a unit test can read them without Electron. */
export function createWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1400,
    height: 900,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Analyst Workbench',
    backgroundColor: '#f7f7f8',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  };
}

/** Only our own page may load: app://renderer/index.html (or the dev server in `npm run dev`). */
export function isAllowedNavigation(url: string, rendererUrl: string): boolean {
  return url === rendererUrl;
}

/** The part of WebContents the guard uses, so a test can hand in a stand-in and check what was set. */
export type GuardedContents = Pick<WebContents, 'setWindowOpenHandler' | 'on'>;

/** Every web contents: no new windows, no navigation away from the app page, no <webview>. */
export function guardWebContents(contents: GuardedContents, rendererUrl: () => string): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(url, rendererUrl())) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
