/**
 * Paths as DuckDB SQL. Semantics (README "Journeys → Paths and attribution"):
 * - rows with a NULL customer, event or time (or a time that does not parse) are ignored;
 * - per customer, rows by time; rows at the same time are ordered by event name, so the answer never
 *   depends on the file's order;
 * - a session is the customer's rows with the same session column value (NULL is one more value), or,
 *   without a session column, a new session starts after more than `sessionGapSeconds` without an event;
 * - consecutive repeats of one event in a session are one step (unless collapseRepeats is false);
 * - a session's path is its first N steps, or with an end event the N steps up to and including the
 *   first occurrence of that event, placed so that the end event sits at position N (sessions without it
 *   have no path);
 * - an edge joins positions k and k + 1 of a path and counts sessions; edges under `minWeight` are
 *   dropped; the `limit` heaviest edges (ties by position, then names) are shown, the rest are summed with "Other" in place of the nodes that no shown edge touches: a folded edge keeps its source if that
 *   node is shown (then its target becomes "Other"), else its source is "Other" and it keeps a shown target.
 */
import { quoteIdent, quoteString } from '../sql';
import { DEFAULT_COLLAPSE_REPEATS, DEFAULT_SESSION_GAP_SECONDS, OTHER_NODE } from './paths-types';

export interface PathsSpec {
  relation: string;
  customerColumn: string;
  timeColumn: string;
  /** DuckDB type of the time column: timestamps and dates are used as they are, numbers as seconds, text is parsed. */
  timeType: string;
  eventColumn: string;
  sessionColumn?: string;
  sessionGapSeconds?: number;
  steps: number;
  endEvent?: string;
  minWeight?: number;
  limit?: number;
  collapseRepeats?: boolean;
}

/** Seconds since the epoch as DOUBLE, NULL where the value is missing or does not parse. */
export function timeSeconds(column: string, type: string): string {
  const c = quoteIdent(column);
  const t = type.toUpperCase();
  if (/TIMESTAMP|DATE/.test(t)) return `epoch(${c})`;
  if (/INT|DOUBLE|FLOAT|DECIMAL|REAL|NUMERIC/.test(t)) return `CAST(${c} AS DOUBLE)`;
  return `epoch(TRY_CAST(CAST(${c} AS VARCHAR) AS TIMESTAMP))`;
}

/**
 * One query answering rows (kind, step, src, dst, n): kind 'sessions' (n = every session), 'edge'
 * (step, src → dst, n sessions) and 'node' (step, src, n sessions at that position) for the nodes the edges use.
 */
export function pathsSql(spec: PathsSpec): string {
  const n = spec.steps;
  const gap = spec.sessionGapSeconds ?? DEFAULT_SESSION_GAP_SECONDS;
  const collapse = spec.collapseRepeats ?? DEFAULT_COLLAPSE_REPEATS;
  const cust = quoteIdent(spec.customerColumn);
  const ev = quoteIdent(spec.eventColumn);
  const t = timeSeconds(spec.timeColumn, spec.timeType);
  const sess = spec.sessionColumn ? `CAST(${quoteIdent(spec.sessionColumn)} AS VARCHAR)` : 'NULL::VARCHAR';
  const part = spec.sessionColumn ? 'c, s' : 'c';
  const newSession = spec.sessionColumn ? 'pt IS NULL' : `(pt IS NULL OR t - pt > ${gap})`;
  const dup = collapse ? `coalesce(NOT ${newSession} AND pe = e, false)` : 'false';
  const other = quoteString(OTHER_NODE);
  const minWeight = spec.minWeight ?? 1;
  const limit = spec.limit ?? 2 ** 31 - 1;
  // Position (step) of a row in its session's path, which rows are in the path, and which start an edge in it.
  const place =
    spec.endEvent === undefined
      ? { step: 'pos', inPath: `pos <= ${n}`, edge: `pos < ${n} AND nxt IS NOT NULL` }
      : { step: `pos - end_pos + ${n}`, inPath: `pos <= end_pos AND pos > end_pos - ${n}`, edge: `pos < end_pos AND pos > end_pos - ${n}` };
  const endPos =
    spec.endEvent === undefined
      ? ''
      : `, min(pos) FILTER (WHERE e = ${quoteString(spec.endEvent)}) OVER (PARTITION BY c, s, sid) AS end_pos`;
  return `
WITH ev AS (
  SELECT CAST(${cust} AS VARCHAR) AS c, CAST(${ev} AS VARCHAR) AS e, ${t} AS t, ${sess} AS s
  FROM ${quoteIdent(spec.relation)}
  WHERE ${cust} IS NOT NULL AND ${ev} IS NOT NULL AND ${t} IS NOT NULL
),
lagged AS (
  SELECT c, e, t, s, lag(t) OVER w AS pt, lag(e) OVER w AS pe FROM ev WINDOW w AS (PARTITION BY ${part} ORDER BY t, e)
),
marked AS (
  SELECT c, e, t, s, CASE WHEN ${newSession} THEN 1 ELSE 0 END AS fresh, ${dup} AS dup FROM lagged
),
sessioned AS (
  SELECT c, e, t, s, dup, sum(fresh) OVER (PARTITION BY ${part} ORDER BY t, e ROWS UNBOUNDED PRECEDING) AS sid FROM marked
),
positioned AS (
  SELECT c, s, sid, e, row_number() OVER w AS pos, lead(e) OVER w AS nxt
  FROM sessioned WHERE NOT dup WINDOW w AS (PARTITION BY c, s, sid ORDER BY t, e)
),
placed AS (
  SELECT *${endPos} FROM positioned
),
walk AS MATERIALIZED (
  SELECT ${place.step} AS step, e, nxt, pos = 1 AS first, coalesce(${place.inPath}, false) AS in_path, coalesce(${place.edge}, false) AS edge
  FROM placed WHERE pos = 1 OR coalesce(${place.inPath}, false)
),
edges AS (
  SELECT step, e AS src, nxt AS dst, count(*) AS n FROM walk WHERE edge GROUP BY ALL HAVING count(*) >= ${minWeight}
),
ranked AS (
  SELECT *, row_number() OVER (ORDER BY n DESC, step, src, dst) > ${limit} AS other FROM edges
),
shown AS (
  SELECT step, src AS name FROM ranked WHERE NOT other UNION SELECT step + 1, dst FROM ranked WHERE NOT other
),
marks AS (
  SELECT r.*, s1.name IS NOT NULL AS src_shown, s2.name IS NOT NULL AS dst_shown
  FROM ranked r LEFT JOIN shown s1 ON s1.step = r.step AND s1.name = r.src LEFT JOIN shown s2 ON s2.step = r.step + 1 AND s2.name = r.dst
),
folded AS (
  SELECT step, CASE WHEN src_other THEN ${other} ELSE src END AS src, CASE WHEN dst_other THEN ${other} ELSE dst END AS dst,
         sum(n) AS n, src_other, dst_other
  FROM (SELECT step, src, dst, n, other AND NOT src_shown AS src_other, other AND (src_shown OR NOT dst_shown) AS dst_other FROM marks)
  GROUP BY ALL
),
nodes AS (
  SELECT step, e AS name, count(*) AS n FROM walk WHERE in_path GROUP BY ALL
)
SELECT 'sessions' AS kind, NULL::BIGINT AS step, NULL::VARCHAR AS src, NULL::VARCHAR AS dst, count(*) FILTER (WHERE first) AS n,
       false AS src_other, false AS dst_other FROM walk
UNION ALL SELECT 'edge', step, src, dst, n, src_other, dst_other FROM folded
UNION ALL SELECT 'node', nodes.step, nodes.name, NULL, nodes.n, false, false FROM nodes SEMI JOIN shown ON nodes.step = shown.step AND nodes.name = shown.name`;
}
