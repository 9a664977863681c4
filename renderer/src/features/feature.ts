import type { ComponentType } from 'react';
import type { StoreApi } from 'zustand';
import type { Dataset } from '../../../shared/types';
import type { Client } from '../api/client';
import type { AppState } from '../store/app-store';

/** Ctrl+digit switches to a route. */
export type Shortcut = '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9';

interface RouteBase<Id extends string> {
  id: Id;
  /** The tab's label. */
  label: string;
  shortcut: Shortcut;
}

/** A tab of the shell. A page that needs a selected dataset gets it; without one the shell shows the welcome page instead. */
export type Route<Id extends string = string> =
  | (RouteBase<Id> & { needsDataset: true; Page: ComponentType<{ dataset: Dataset }> })
  | (RouteBase<Id> & { needsDataset: false; Page: ComponentType });

/** A feature's slice of the store: zustand's slice creator (set, get, store), plus the client the store was made with. */
export type SliceCreator<S extends object> = (
  set: StoreApi<AppState>['setState'],
  get: StoreApi<AppState>['getState'],
  store: StoreApi<AppState>,
  client: Client,
) => S;

/**
 * What a feature contributes to the shell; each feature's index.ts exports one, and features/registry.ts lists them.
 * Declare it with its type (`Feature<XSlice, 'route-a' | 'route-b'>`): the store's state and `View` are derived from these types.
 */
export interface Feature<S extends object = object, Id extends string = never> {
  name: string;
  slice: SliceCreator<S>;
  /** Tabs in the order they appear; the registry's order decides the order across features. */
  routes: readonly Route<Id>[];
}
