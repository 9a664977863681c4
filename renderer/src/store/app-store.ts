import { createContext, useContext } from 'react';
import { useStore, type StoreApi } from 'zustand';
import type { Client } from '../api/client';
import type { FeatureState, View } from '../features/registry';

export type { View };

export interface ShellSlice {
  /** The client the store was made with; components call the services through it. */
  client: Client;
  view: View;
  notice: { kind: 'info' | 'error'; text: string; at: number } | null;
  setView(view: View): void;
  notify(kind: 'info' | 'error', text: string): void;
  dismissNotice(): void;
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
