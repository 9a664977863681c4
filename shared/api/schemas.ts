/** Field schemas every feature's contract reuses, so one kind of value is validated one way. */
import { z } from 'zod';

/** Marker carrying a response type without a runtime value. */
export function returns<T>(): T {
  return undefined as T;
}

export const path = z.string().min(1).max(4096);
export const id = z.string().min(1).max(128);
export const columnName = z.string().min(1).max(1024);
/** A table the engine writes (scores, CLV): a plain SQL identifier. */
export const tableName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/, 'use letters, digits and underscores, starting with a letter');
export const empty = z.object({}).strict();

/** One method: its request schema and (type-only) response. */
export interface MethodSpec {
  request: z.ZodType;
  response: unknown;
}
