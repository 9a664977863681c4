/** Reading a dataset's feature columns for a fit, and turning the fit code's input errors into API errors. */
import { ErrorCode, WorkbenchError } from '../../../shared/api/result';
import { ModelInputError } from '../../../shared/ml/errors';
import type { RawFeatures } from '../../../shared/ml/preprocess';
import { seededUniform } from '../../../shared/ml/random';
import { quoteIdent } from '../../../shared/sql';
import type { Dataset } from '../../../shared/types';
import type { Engine } from '../engine/engine';
import { firstNonNumeric } from '../engine/non-numeric';

/**
 * Numeric columns (text that is not a number is an error naming the column) and categorical columns
 * as dictionary codes, in one query so their rows line up.
 */
export async function readColumns(
  engine: Engine,
  dataset: Dataset,
  numericNames: string[],
  categoricalNames: string[],
): Promise<{ numeric: Record<string, Float64Array>; raw: RawFeatures }> {
  const known = new Set(dataset.columns.map((c) => c.name));
  for (const n of [...numericNames, ...categoricalNames])
    if (!known.has(n)) throw new WorkbenchError(ErrorCode.InvalidArgument, `${dataset.name} has no column "${n}".`, { field: n });
  const rel = quoteIdent(dataset.relation);
  const bad = await firstNonNumeric(engine, dataset, numericNames);
  if (bad) {
    throw new WorkbenchError(
      ErrorCode.BadInput,
      `${dataset.name}.${bad.column}: ${bad.count.toLocaleString('en-US')} values are not numbers (for example "${bad.example}"). ` +
        'If it is a category, give it an encoding (one-hot or target).',
      { field: bad.column },
    );
  }
  // Text travels as a 53-bit hash per row (numbers move far faster than strings), decoded through
  // each column's distinct values; if two values ever share a hash, the strings themselves are read.
  const text = (n: string) => `CAST(${quoteIdent(n)} AS VARCHAR)`;
  const dictionaries = await Promise.all(
    categoricalNames.map(async (n) => {
      const d = await engine.query(
        `SELECT v, CAST(hash(v) >> 11 AS DOUBLE) FROM (SELECT DISTINCT ${text(n)} AS v FROM ${rel} WHERE ${quoteIdent(n)} IS NOT NULL)`,
      );
      const values = (d.data[0] ?? []).map(String);
      const hashes = (d.data[1] ?? []).map(Number);
      return { values, code: new Map(hashes.map((h, i) => [h, i])) };
    }),
  );
  const hashed = dictionaries.every((d) => d.code.size === d.values.length);
  const select = [
    ...numericNames.map((n) => `TRY_CAST(${quoteIdent(n)} AS DOUBLE) AS ${quoteIdent(n)}`),
    ...categoricalNames.map((n) =>
      hashed
        ? `CASE WHEN ${quoteIdent(n)} IS NULL THEN NULL ELSE CAST(hash(${text(n)}) >> 11 AS DOUBLE) END AS ${quoteIdent(n)}`
        : `${text(n)} AS ${quoteIdent(n)}`,
    ),
  ];
  const sql = `SELECT ${select.join(', ')} FROM ${rel}`;
  const r = hashed ? { ...(await engine.numericColumns(sql)), dictionaries: [] } : await engine.codedColumns(sql);
  const numeric = Object.fromEntries(numericNames.map((n, i) => [n, r.columns[i]!]));
  const rows = r.columns[0]?.length ?? 0;
  const categorical = categoricalNames.map((name, c) => {
    const column = r.columns[numericNames.length + c]!;
    if (!hashed) return { name, codes: column, dictionary: r.dictionaries[numericNames.length + c] ?? [] };
    const { values, code } = dictionaries[c]!;
    // Hashes become codes in place.
    for (let i = 0; i < column.length; i++) if (!Number.isNaN(column[i]!)) column[i] = code.get(column[i]!)!;
    return { name, codes: column, dictionary: values };
  });
  return { numeric, raw: { rows, numeric: numericNames.map((name, i) => ({ name, values: r.columns[i]! })), categorical } };
}

/** Numeric columns only, by name. */
export async function readNumeric(engine: Engine, dataset: Dataset, names: string[]): Promise<Record<string, Float64Array>> {
  return (await readColumns(engine, dataset, names, [])).numeric;
}

/** Runs fit code, turning its input errors (a field and a message) into BadInput API errors. */
export function modelInput<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ModelInputError) throw new WorkbenchError(ErrorCode.BadInput, e.message, { field: e.field });
    throw e;
  }
}

export function range(n: number, start = 0): number[] {
  return Array.from({ length: n }, (_, i) => start + i);
}

/** Up to `max` distinct row indices of [0, n), in increasing order: all of them when n ≤ max, else a seeded sample. */
export function sampleIndices(n: number, max: number, seed: number): number[] {
  if (n <= max) return range(n);
  const rand = seededUniform(seed);
  const idx = range(n);
  // Partial Fisher–Yates: the first `max` places hold a uniform sample.
  for (let i = 0; i < max; i++) {
    const j = i + Math.floor(rand() * (n - i));
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  return idx.slice(0, max).sort((a, b) => a - b);
}
