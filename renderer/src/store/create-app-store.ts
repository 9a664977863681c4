import { createStore, type StoreApi } from 'zustand';
import type { Client } from '../api/client';
import { FEATURES, ROUTES } from '../features/registry';
import type { AppState, ShellSlice } from './app-store';

/** A factory, so tests and each window get their own store; every feature's slice gets the client from here. */
export function createAppStore(client: Client): StoreApi<AppState> {
  return createStore<AppState>()((set, get, api) => {
    const shell: ShellSlice = {
      client,
      view: ROUTES[0]!.id,
      notice: null,
      setView: (view) => set({ view }),
      notify: (kind, text) => set({ notice: { kind, text, at: Date.now() } }),
      dismissNotice: () => set({ notice: null }),
    };
    return Object.assign(shell, ...FEATURES.map((f) => f.slice(set, get, api, client))) as AppState;
  });
}
