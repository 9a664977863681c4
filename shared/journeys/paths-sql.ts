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

/** What a paths query reads: the columns and options of a request (see PathsRequest). */
export interface PathsRequest {
  customerColumn: string;
  timeColumn: string;
  eventColumn: string;
  sessionColumn?: string;
  sessionGapSeconds?: number;
  steps: number;
  endEvent?: string;
  minWeight?: number;
  limit?: number;
  collapseRepeats?: boolean;
}

export interface PathsSpec extends PathsRequest {
  relation: string;
  /** What to read instead of the relation: a parenthesised SELECT (the relation restricted to a population). */
  source?: string;
  /** DuckDB type of the time column: timestamps and dates are used as they are, numbers as seconds, text is parsed. */
  timeType: string;
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
 * A time as an orderable number and the session gap in its unit: timestamps and dates as exact microseconds
 * since the epoch (BIGINT), anything else as seconds (timeSeconds).
 */
export function timeKey(column: string, type: string, gapSeconds: number): { t: string; gap: string } {
  if (/TIMESTAMP|DATE/i.test(type)) return { t: `epoch_us(${quoteIdent(column)})`, gap: String(gapSeconds * 1e6) };
  return { t: timeSeconds(column, type), gap: String(gapSeconds) };
}

/**
 * The CTEs up to `walk`: one row per path position (step, e, nxt, in_path, edge) plus one `first` row per
 * session; with `withCustomer` each row also carries its customer id `c` (for a node's members). Events are
 * numbered in name order (CTE `names`: name, k; from a scan of the event column alone), so the sorts and lags
 * move integers, not text; `e` and `nxt` in `walk` are these numbers.
 */
export function pathsWalkSql(spec: PathsSpec, withCustomer = false): string {
  const n = spec.steps;
  const collapse = spec.collapseRepeats ?? DEFAULT_COLLAPSE_REPEATS;
  const cust = quoteIdent(spec.customerColumn);
  const ev = quoteIdent(spec.eventColumn);
  const { t, gap } = timeKey(spec.timeColumn, spec.timeType, spec.sessionGapSeconds ?? DEFAULT_SESSION_GAP_SECONDS);
  // Without a session column, no `s` column is carried through the sorts.
  const sess = spec.sessionColumn ? `, CAST(${quoteIdent(spec.sessionColumn)} AS VARCHAR) AS s` : '';
  const part = spec.sessionColumn ? 'c, s' : 'c';
  // Each window expression is computed on its own, so the flags use as few as they can.
  const fresh = spec.sessionColumn ? 'row_number() OVER w = 1' : `coalesce(t - lag(t) OVER w > ${gap}, true)`;
  const sameSession = spec.sessionColumn ? 'true' : `t - lag(t) OVER w <= ${gap}`;
  const dup = collapse ? `coalesce(${sameSession} AND lag(e) OVER w = e, false)` : 'false';
  const cc = withCustomer ? 'c, ' : '';
  const back = (j: number, col: string) => (j === 0 ? col : `lag(${col}, ${j}) OVER w`);
  // Position in the session, from the fresh flags of the rows before (the first fresh one going back starts it); N + 1 is "later".
  const pos = `CASE ${Array.from({ length: n }, (_, j) => `WHEN ${back(j, 'fresh')} THEN ${j + 1}`).join(' ')} ELSE ${n + 1} END`;
  const end = spec.endEvent === undefined ? null : quoteString(spec.endEvent);
  const extra =
    end === null
      ? ''
      : `,
         [${Array.from({ length: n }, (_, j) => back(n - 1 - j, 'e')).join(', ')}] AS back_path,
         max(CASE WHEN fresh THEN r END) OVER (w ROWS UNBOUNDED PRECEDING) AS start_r,
         max(CASE WHEN x THEN r END) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_end_r`;
  const walk =
    end === null
      ? `SELECT ${cc}pos AS step, e, nxt, fresh AS first, true AS in_path, pos < ${n} AND nxt_fresh IS NOT NULL AND NOT nxt_fresh AS edge
         FROM kept WHERE pos <= ${n}`
      : `SELECT ${cc}NULL::BIGINT AS step, NULL::INTEGER AS e, NULL::INTEGER AS nxt, true AS first, false AS in_path, false AS edge FROM ends WHERE fresh
         UNION ALL
         SELECT ${cc}${n} - depth + i, back_path[${n} - depth + i], back_path[${n} - depth + i + 1], false, true, i < depth
         FROM (SELECT ${cc}depth, back_path, unnest(range(1, depth + 1)) AS i FROM ends WHERE first_end)`;
  return `
WITH src AS NOT MATERIALIZED (
  SELECT CAST(${cust} AS VARCHAR) AS c, CAST(${ev} AS VARCHAR) AS name, ${t} AS t${sess}
  FROM ${spec.source ?? quoteIdent(spec.relation)}
  WHERE ${cust} IS NOT NULL AND ${ev} IS NOT NULL AND ${/TIMESTAMP|DATE/i.test(spec.timeType) ? quoteIdent(spec.timeColumn) : t} IS NOT NULL
),
names AS MATERIALIZED (
  SELECT name, (row_number() OVER (ORDER BY name))::INTEGER AS k
  FROM (SELECT DISTINCT CAST(${ev} AS VARCHAR) AS name FROM ${spec.source ?? quoteIdent(spec.relation)} WHERE ${ev} IS NOT NULL)
),
ev AS (
  SELECT ${part}, t, k AS e${end === null ? '' : `, name = ${end} AS x`} FROM src JOIN names USING (name)
),
marked AS (
  SELECT ${part}, e${end === null ? '' : ', x'}, row_number() OVER w AS r, ${fresh} AS fresh, ${dup} AS dup
  FROM ev WINDOW w AS (PARTITION BY ${part} ORDER BY t, e)
),
kept AS (
  SELECT ${cc}e${end === null ? '' : ', x'}, fresh, ${pos} AS pos, lead(e) OVER w AS nxt, lead(fresh) OVER w AS nxt_fresh${extra}
  FROM marked WHERE NOT dup WINDOW w AS (PARTITION BY ${part} ORDER BY r)
),${
    end === null
      ? ''
      : `
ends AS (
  SELECT ${cc}fresh, back_path, least(pos, ${n}) AS depth, x AND (prev_end_r IS NULL OR prev_end_r < start_r) AS first_end
  FROM kept WHERE fresh OR x
),`
  }
walk AS MATERIALIZED (
  ${walk}
)`;
}

/**
 * One query answering rows (kind, step, src, dst, n): kind 'sessions' (n = every session), 'edge'
 * (step, src → dst, n sessions) and 'node' (step, src, n sessions at that position) for the nodes the edges use.
 */
export function pathsSql(spec: PathsSpec): string {
  const other = quoteString(OTHER_NODE);
  const minWeight = spec.minWeight ?? 1;
  const limit = spec.limit ?? 2 ** 31 - 1;
  return `${pathsWalkSql(spec)},
edges AS (
  SELECT step, a.name AS src, b.name AS dst, n
  FROM (SELECT step, e, nxt, count(*) AS n FROM walk WHERE edge GROUP BY ALL HAVING count(*) >= ${minWeight}) g
  JOIN names a ON a.k = g.e JOIN names b ON b.k = g.nxt
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
  SELECT step, names.name, n FROM (SELECT step, e, count(*) AS n FROM walk WHERE in_path GROUP BY ALL) g JOIN names ON names.k = g.e
)
SELECT 'sessions' AS kind, NULL::BIGINT AS step, NULL::VARCHAR AS src, NULL::VARCHAR AS dst, count(*) FILTER (WHERE first) AS n,
       false AS src_other, false AS dst_other FROM walk
UNION ALL SELECT 'edge', step, src, dst, n, src_other, dst_other FROM folded
UNION ALL SELECT 'node', nodes.step, nodes.name, NULL, nodes.n, false, false FROM nodes SEMI JOIN shown ON nodes.step = shown.step AND nodes.name = shown.name`;
}

/**
 * A node's members: the customers with a session whose path holds `event` at position `step` (the same
 * sessions, collapsing and cut as pathsSql). Rows (n, c): the first `limit` ids in id order, each with the count (no rows: none).
 */
export function pathNodeMembersSql(spec: PathsSpec, step: number, event: string, limit: number): string {
  return `${pathsWalkSql(spec, true)},
members AS (${nodeMembers(step, event)})
SELECT (SELECT count(*) FROM members) AS n, c FROM members ORDER BY c LIMIT ${Math.floor(limit)}`;
}

/** The same customers as one SELECT of their ids (text), every one of them: a population's members. */
export function pathNodeIdsSql(spec: PathsSpec, step: number, event: string): string {
  return `${pathsWalkSql(spec, true)}\n${nodeMembers(step, event)}`;
}

function nodeMembers(step: number, event: string): string {
  return `SELECT DISTINCT c FROM walk WHERE in_path AND step = ${Math.floor(step)} AND e = (SELECT k FROM names WHERE name = ${quoteString(event)})`;
}
