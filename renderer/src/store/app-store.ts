import { createContext, useContext } from 'react';
import { createStore, useStore, type StoreApi } from 'zustand';
import { createDataSlice, type DataSlice } from '../features/data/data-slice';
import { createExperimentsSlice, type ExperimentsSlice } from '../features/experiments/experiments-slice';
import { createSqlSlice, type SqlSlice } from '../features/explore/sql-slice';

export type View = 'grid' | 'profile' | 'sql' | 'experiments';

export interface ShellSlice {
  view: View;
  notice: { kind: 'info' | 'error'; text: string; at: number } | null;
  setView(view: View): void;
  notify(kind: 'info' | 'error', text: string): void;
  dismissNotice(): void;
}

export type AppState = ShellSlice & DataSlice & SqlSlice & ExperimentsSlice;

/** A factory, so tests and each window get their own store. */
export function createAppStore(): StoreApi<AppState> {
  return createStore<AppState>()((set, get, api) => ({
    view: 'grid',
    notice: null,
    setView: (view) => set({ view }),
    notify: (kind, text) => set({ notice: { kind, text, at: Date.now() } }),
    dismissNotice: () => set({ notice: null }),
    ...createDataSlice(set, get, api),
    ...createSqlSlice(set, get, api),
    ...createExperimentsSlice(set, get, api),
  }));
}

export const AppStoreContext = createContext<StoreApi<AppState> | null>(null);

export function useApp<T>(selector: (s: AppState) => T): T {
  const store = useContext(AppStoreContext);
  if (!store) throw new Error('AppStoreContext is missing.');
  return useStore(store, selector);
}
