import { quoteIdent } from '../../../shared/sql';
import type { Engine } from './engine';

/**
 * One scan over all chosen columns: the first column holding text that is not a number (nor, with
 * `allowBoolean`, true/false), with how many such cells it has and one example; null when all are numeric.
 */
export async function firstNonNumeric(
  engine: Engine,
  relation: string,
  columns: string[],
  allowBoolean = false,
): Promise<{ column: string; count: number; example: string } | null> {
  if (!columns.length) return null;
  const rel = quoteIdent(relation);
  const parts = columns.map((name, i) => {
    const c = quoteIdent(name);
    const bad = `${c} IS NOT NULL AND TRY_CAST(${c} AS DOUBLE) IS NULL${allowBoolean ? ` AND TRY_CAST(${c} AS BOOLEAN) IS NULL` : ''}`;
    return `count(*) FILTER (WHERE ${bad}) AS n${i}, any_value(CAST(${c} AS VARCHAR)) FILTER (WHERE ${bad}) AS e${i}`;
  });
  const r = await engine.query(`SELECT ${parts.join(', ')} FROM ${rel}`);
  for (let i = 0; i < columns.length; i++) {
    const count = Number(r.data[2 * i]?.[0] ?? 0);
    if (count > 0) return { column: columns[i]!, count, example: String(r.data[2 * i + 1]?.[0]) };
  }
  return null;
}
