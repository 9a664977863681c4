import { createContext, useContext } from 'react';
import { useStore, type StoreApi } from 'zustand';
import type { Client } from '../api/client';
import type { FeatureState, View } from '../features/registry';

export type { View };

export interface Notice {
  kind: 'info' | 'error';
  text: string;
  at: number;
  path?: string;
}

export interface ShellSlice {
  /** The client the store was made with; components call the services through it. */
  client: Client;
  view: View;
  /** The one message line of the window; `path` names a file just written (the notice offers to show or copy it). */
  notice: Notice | null;
  setView(view: View): void;
  notify(kind: 'info' | 'error', text: string, path?: string): void;
  dismissNotice(): void;
  /** The browser-mode "save as" question in progress (the desktop app asks with its own dialog). */
  savePrompt: SavePrompt | null;
  /**
   * Asks where an export goes: the desktop save dialog, or in browser mode a path field. The default is
   * `fileName` in the folder of the last export, else in the workspace's exports/ folder. Resolves with the
   * chosen path, or null if the user cancelled.
   */
  chooseExportPath(fileName: string, extension: string, title: string): Promise<string | null>;
  answerSavePrompt(path: string | null): void;
}

export interface SavePrompt {
  title: string;
  defaultPath: string;
  extension: string;
}

/** The shell's state and every registered feature's slice (see features/registry.ts). */
export type AppState = ShellSlice & FeatureState;

export const AppStoreContext = createContext<StoreApi<AppState> | null>(null);

export function useApp<T>(selector: (s: AppState) => T): T {
  const store = useContext(AppStoreContext);
  if (!store) throw new Error('AppStoreContext is missing.');
  return useStore(store, selector);
}

/** The client's `call`, for components that ask the services directly (a page of rows, a preview). */
export function useCall(): Client['call'] {
  return useApp((s) => s.client.call);
}
