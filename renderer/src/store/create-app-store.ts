import { createStore, type StoreApi } from 'zustand';
import type { Client } from '../api/client';
import { FEATURES, ROUTES } from '../features/registry';
import type { AppState, ShellSlice } from './app-store';
import { parentDir, suggestExportPath } from './export-path';
import { isString, recall, remember } from './ui-memory';

/** A factory, so tests and each window get their own store; every feature's slice gets the client from here. */
export function createAppStore(client: Client): StoreApi<AppState> {
  return createStore<AppState>()((set, get, api) => {
    let answer: ((path: string | null) => void) | null = null;
    const shell: ShellSlice = {
      client,
      view: ROUTES[0]!.id,
      notice: null,
      setView: (view) => set({ view }),
      notify: (kind, text, path) => set({ notice: path ? { kind, text, at: Date.now(), path } : { kind, text, at: Date.now() } }),
      dismissNotice: () => set({ notice: null }),
      savePrompt: null,
      async chooseExportPath(fileName, extension, title) {
        const { workspace } = await client.call('app.info', {});
        const defaultPath = suggestExportPath(workspace, recall('exportDir', isString), fileName);
        const chosen = await ask(defaultPath, extension, title);
        if (chosen) remember('exportDir', parentDir(chosen));
        return chosen;
      },
      answerSavePrompt(path) {
        const resolve = answer;
        answer = null;
        set({ savePrompt: null });
        resolve?.(path);
      },
    };
    const ask = async (defaultPath: string, extension: string, title: string): Promise<string | null> => {
      const desktop = (globalThis as { window?: Window }).window?.workbench?.chooseSavePath;
      if (desktop) return desktop(defaultPath, extension);
      answer?.(null); // a question still open is cancelled by the new one
      return new Promise<string | null>((resolve) => {
        answer = resolve;
        set({ savePrompt: { title, defaultPath, extension } });
      });
    };
    return Object.assign(shell, ...FEATURES.map((f) => f.slice(set, get, api, client))) as AppState;
  });
}
