/**
 * Turns a calculator's JSON schema failure into one StatsInputError that names the field and says what was
 * expected, e.g. "control.users: expected a number, got a string ("1000")." Unions (two arms or a list of
 * variants; mean/sd or sum/sum_sq arms) are resolved to the alternative the input most resembles.
 */
import type { z } from 'zod';
import { StatsErrorCode, StatsInputError } from './errors';

type Issue = z.core.$ZodIssue;
type Path = readonly PropertyKey[];

export function inputError(error: z.ZodError, input: unknown): StatsInputError {
  const { issue, path } = pick(error.issues, [], input);
  const at = [...path, ...issue.path];
  const value = valueAt(input, at);
  const field = (p: Path) => p.map((k, i) => (typeof k === 'number' ? `[${k}]` : `${i ? '.' : ''}${String(k)}`)).join('') || 'input';
  switch (issue.code) {
    case 'invalid_type':
      if (value === undefined)
        return new StatsInputError(StatsErrorCode.NotANumber, field(at), `is missing (expected ${article(issue.expected)}).`);
      return new StatsInputError(StatsErrorCode.NotANumber, field(at), `expected ${article(issue.expected)}, got ${describe(value)}.`);
    case 'unrecognized_keys':
      return new StatsInputError(
        StatsErrorCode.OutOfRange,
        field([...at, issue.keys[0]!]),
        `unknown field${issue.keys.length > 1 ? ` (also ${issue.keys.slice(1).join(', ')})` : ''}; check the spelling against the README's calculator table.`,
      );
    case 'invalid_value':
      return new StatsInputError(
        StatsErrorCode.OutOfRange,
        field(at),
        `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${describe(value)}.`,
      );
    case 'too_small':
      return new StatsInputError(
        StatsErrorCode.OutOfRange,
        field(at),
        `needs at least ${String(issue.minimum)} entries (got ${describe(value)}).`,
      );
    default:
      return new StatsInputError(StatsErrorCode.OutOfRange, field(at), `${issue.message}.`);
  }
}

/** The first issue to report, descending into the union alternative that fits the input best. */
function pick(issues: readonly Issue[], base: Path, input: unknown): { issue: Issue; path: Path } {
  const first = issues[0]!;
  if (first.code !== 'invalid_union' || !first.errors.length) return { issue: first, path: base };
  const at = [...base, ...first.path];
  const best = [...first.errors].sort(
    (a, b) => misfit(a, at, input) - misfit(b, at, input) || depth(b) - depth(a) || a.length - b.length,
  )[0]!;
  return pick(best, at, input);
}

/** Signs that an alternative is the wrong shape for the input: fields it does not know, or fields it needs and does not get. */
function misfit(issues: readonly Issue[], base: Path, input: unknown): number {
  let n = 0;
  for (const i of issues) {
    const at = [...base, ...i.path];
    if (i.code === 'unrecognized_keys') n += i.keys.length;
    else if (i.code === 'invalid_union' && i.errors.length) n += Math.min(...i.errors.map((e) => misfit(e, at, input)));
    else if (i.code === 'invalid_type' && valueAt(input, at) === undefined) n += 1;
  }
  return n;
}

function depth(issues: readonly Issue[]): number {
  return Math.max(
    ...issues.map((i) => i.path.length + (i.code === 'invalid_union' && i.errors.length ? Math.max(...i.errors.map(depth)) : 0)),
  );
}

function valueAt(input: unknown, path: Path): unknown {
  let v = input;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'string') return `a string (${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)})`;
  if (typeof value === 'object') return 'an object';
  return `${article(typeof value)} (${String(value)})`;
}
