/** What a command-line command is: its options, where it runs, and how it turns argv into contract calls. */
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import type { Method, RequestOf, ResponseOf } from '../../shared/api/contract';
import type { Dataset } from '../../shared/types';

export class UsageError extends Error {}

export type OptionSpec = { type: 'string'; multiple?: boolean } | { type: 'boolean' };
export type Values = Record<string, string | boolean | string[] | undefined>;

export interface CommandContext {
  values: Values;
  positionals: string[];
  /** Standard output; awaiting what it returns waits for a full pipe to drain. */
  out(text: string): void | Promise<void>;
  /** Standard error: progress, warnings and notes, so standard output stays clean. */
  err(text: string): void;
  /** Calls the contract on the command's workbench; a failure throws its message. */
  call<M extends Method>(method: M, request: RequestOf<M>, progress?: boolean): Promise<ResponseOf<M>>;
  /** The dataset for `--data`: a file (loaded once into the workspace, reused after) or a dataset's name. */
  dataset(ref: string): Promise<Dataset>;
}

export interface Command {
  name: string;
  /** Usage lines, without the leading "workbench ". */
  usage: string;
  /** One positional argument, described (the others take none). */
  positional?: string;
  options: Record<string, OptionSpec>;
  /**
   * Where it runs: `workspace` opens the user's workspace (--workspace, else WORKBENCH_WORKSPACE, else the
   * app's default), so what it makes appears in the app; `scratch` an in-memory engine in a temporary
   * folder; `none` needs no workbench at all.
   */
  runs: 'workspace' | 'scratch' | 'none';
  run(ctx: CommandContext): Promise<void>;
}

export function str(values: Values, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

export function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
}

export function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value))
    throw new UsageError(`${flag} must be one of ${allowed.join(', ')} (got "${value}").`);
  return value as T;
}

/** A number option: absent → undefined; otherwise it must pass `ok`, or the message names the flag. */
export function num(flag: string, value: string | undefined, ok: (n: number) => boolean, expected: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || !ok(n)) throw new UsageError(`${flag} must be ${expected} (got "${value}").`);
  return n;
}

export function required(values: Values, command: string, ...names: string[]): void {
  const missing = names.filter((n) => values[n] === undefined || values[n] === '');
  if (missing.length) throw new UsageError(`${command} needs ${missing.map((n) => `--${n}`).join(', ')}.`);
}

/** Where an export goes: `--out` ending in .parquet or .csv. */
export function outFile(values: Values, command: string, what: string): { path: string; format: 'csv' | 'parquet' } {
  const out = str(values, 'out');
  if (!out || !/\.(parquet|csv)$/i.test(out)) throw new UsageError(`${command} needs --out <${what}.parquet or ${what}.csv>.`);
  return { path: out, format: out.toLowerCase().endsWith('.csv') ? 'csv' : 'parquet' };
}

/** The options every fit reads. */
export const fit = { data: { type: 'string' }, features: { type: 'string' }, name: { type: 'string' }, seed: { type: 'string' } } as const;

/** JSON as the commands print it. */
export const json = (v: unknown) => JSON.stringify(v, null, 2) + '\n';

/** The accepted values of an enum field, read from the contract so they are written once. */
export function enumOf(schema: z.ZodType): readonly string[] {
  let s = schema as unknown as { options?: readonly string[]; unwrap?: () => unknown };
  while (!s.options && s.unwrap) s = s.unwrap() as typeof s;
  return s.options ?? [];
}

export const seedOf = (ctx: CommandContext) => num('--seed', str(ctx.values, 'seed'), Number.isInteger, 'a whole number') ?? 0;

/** Copies the workspace's ONNX file where the user asked, too. */
export function copyOut(file: string, target: string | undefined): string | null {
  if (!target) return null;
  const dest = path.resolve(target);
  copyFileSync(file, dest);
  return dest;
}
