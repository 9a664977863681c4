import { quoteIdent } from '../../../shared/sql';
import { isNumericType, type Dataset } from '../../../shared/types';
import type { Engine, RunOptions } from './engine';

/**
 * The first chosen column holding text that is not a number (nor, with `allowBoolean`, true/false),
 * with how many such cells it has and one example; null when all are numeric. Columns whose DuckDB
 * type is already numeric (or boolean) cannot hold such text and are not scanned.
 */
export async function firstNonNumeric(
  engine: Engine,
  dataset: Dataset,
  columns: string[],
  allowBoolean = false,
  options: Pick<RunOptions, 'queryId'> = {},
): Promise<{ column: string; count: number; example: string } | null> {
  const types = new Map(dataset.columns.map((c) => [c.name, c.type]));
  const rel = quoteIdent(dataset.relation);
  for (const name of columns) {
    if (isNumericType(types.get(name) ?? '', true)) continue;
    const c = quoteIdent(name);
    const bad = `${c} IS NOT NULL AND TRY_CAST(${c} AS DOUBLE) IS NULL${allowBoolean ? ` AND TRY_CAST(${c} AS BOOLEAN) IS NULL` : ''}`;
    const r = await engine.query(`SELECT count(*), any_value(CAST(${c} AS VARCHAR)) FROM ${rel} WHERE ${bad}`, options);
    const count = Number(r.data[0]?.[0] ?? 0);
    if (count > 0) return { column: name, count, example: String(r.data[1]?.[0]) };
  }
  return null;
}
