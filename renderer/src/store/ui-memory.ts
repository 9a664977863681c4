/**
 * Small UI state that outlives a tab switch and a reload (the SQL text, the selected dataset, a grid's
 * sort and filter): JSON in the window's localStorage under one prefix. Where there is no localStorage
 * (plain Node, as in slice tests) it lives in memory for the life of the process, so a second store
 * made in the same process sees what the first remembered, as a reloaded window would.
 */
const PREFIX = 'workbench.ui.';
const fallback = new Map<string, string>();

interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

function storage(): KeyValueStorage {
  const ls = (globalThis as { localStorage?: KeyValueStorage }).localStorage;
  if (ls) return ls;
  return {
    getItem: (k) => fallback.get(k) ?? null,
    setItem: (k, v) => void fallback.set(k, v),
    removeItem: (k) => void fallback.delete(k),
  };
}

export function recall<T>(key: string, accept: (v: unknown) => v is T): T | null {
  try {
    const raw = storage().getItem(PREFIX + key);
    if (raw === null) return null;
    const v: unknown = JSON.parse(raw);
    return accept(v) ? v : null;
  } catch {
    return null;
  }
}

/** Stores `value` (null forgets it). A full or refused storage only loses the memory, never the action. */
export function remember(key: string, value: unknown): void {
  try {
    if (value === null || value === undefined) storage().removeItem(PREFIX + key);
    else storage().setItem(PREFIX + key, JSON.stringify(value));
  } catch {
    /* quota or privacy mode: the state simply is not remembered */
  }
}

export const isString = (v: unknown): v is string => typeof v === 'string';
export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
