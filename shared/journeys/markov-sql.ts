/**
 * Markov attribution's aggregation as DuckDB SQL: transition counts between states, first and last touches.
 * A journey is the rows with one journey value; its touchpoints are its rows with a channel and a time, by
 * time (ties by channel name); it converts if any of its rows (whatever their time or channel) has a true
 * converted value (true, a non-zero number, or text such as 'true' / '1'). Journeys without a touchpoint are left out.
 * Event mode (a journey map's cards): see `sourceSql`.
 */
import { quoteIdent, quoteString } from '../sql';
import { filterSql } from './funnel-sql';
import { CONVERSION_STATE, NULL_STATE } from './markov';
import { timeKey } from './paths-sql';
import { channelRules, type EventChannels, type PropertyFilters } from './paths-types';

export interface AttributionSpec {
  relation: string;
  /** What to read instead of the relation: a parenthesised SELECT (the relation restricted to a population). */
  source?: string;
  journeyColumn: string;
  timeColumn: string;
  timeType: string;
  channelColumn: string;
  /** A journey converts if any row has a true value here (unless `convertedEvents` is given). */
  convertedColumn?: string;
  /** Event mode: the channel column holds event names; these map to channels, other events are not touchpoints. */
  eventChannels?: EventChannels;
  /** Event mode: a journey converts at its first timed row with one of these events; touchpoints after it are left out. */
  convertedEvents?: string[];
  /** Event mode: only conversion rows matching every filter convert. */
  convertedFilters?: PropertyFilters;
  order: number;
}

const MAP_EVENT = '__wb_map_event';
const MAP_CHANNEL = '__wb_map_channel';

/**
 * The rows (j, t, ch, conv) of the chain. Event mode: ch is the event's channel (NULL for an unmapped event),
 * conv marks a timed conversion event; rows after the journey's first conversion time (and untimed rows) are dropped.
 */
function sourceSql(spec: AttributionSpec): string {
  const j = quoteIdent(spec.journeyColumn);
  // Times only order rows and compare with one another: timestamps as exact integer microseconds.
  const { t } = timeKey(spec.timeColumn, spec.timeType, 0);
  const rel = spec.source ?? quoteIdent(spec.relation);
  if (!spec.eventChannels) {
    return `SELECT CAST(${j} AS VARCHAR) AS j, ${t} AS t, CAST(${quoteIdent(spec.channelColumn)} AS VARCHAR) AS ch,
         coalesce(TRY_CAST(${quoteIdent(spec.convertedColumn ?? '')} AS BOOLEAN), false) AS conv
  FROM ${rel} WHERE ${j} IS NOT NULL`;
  }
  const ev = `CAST(${quoteIdent(spec.channelColumn)} AS VARCHAR)`;
  // Plain mappings (event → channel) join a VALUES list; events whose cards carry property filters are a CASE, rules in order.
  const entries = Object.entries(spec.eventChannels);
  const plain = entries.filter(([, c]) => typeof c === 'string').map(([e, c]) => `(${quoteString(e)}, ${quoteString(c as string)})`);
  const ruled = entries.flatMap(([e, c]) =>
    typeof c === 'string'
      ? []
      : channelRules(c).map((r) => `WHEN ${ev} = ${quoteString(e)}${matches(r.filters)} THEN ${quoteString(r.channel)}`),
  );
  const joined = plain.length ? `m.${MAP_CHANNEL}` : 'NULL::VARCHAR';
  const chSql = ruled.length ? `coalesce(${joined}, CASE ${ruled.join(' ')} END)` : joined;
  const join = plain.length ? `LEFT JOIN (VALUES ${plain.join(', ')}) AS m(${MAP_EVENT}, ${MAP_CHANNEL}) ON ${ev} = m.${MAP_EVENT}` : '';
  const conv = (spec.convertedEvents ?? []).map(quoteString).join(', ') || 'NULL';
  const convSql = `coalesce(${ev} IN (${conv})${matches(spec.convertedFilters)}, false)`;
  return `SELECT j, t, ch, conv FROM (
    SELECT CAST(${j} AS VARCHAR) AS j, ${t} AS t, ${chSql} AS ch, ${convSql} AS conv
    FROM ${rel} ${join}
  ) WHERE t IS NOT NULL AND j IS NOT NULL AND (ch IS NOT NULL OR conv)
  QUALIFY coalesce(t <= min(t) FILTER (WHERE conv) OVER (PARTITION BY j), true)`;
}

/** ` AND …` for each property filter (column = value, compared as text), or nothing. */
function matches(filters: PropertyFilters | undefined): string {
  return Object.entries(filters ?? {})
    .map(([column, value]) => ` AND ${filterSql({ column, op: '=', value })}`)
    .join('');
}

/**
 * The channels numbered in name order (CTE `chs`: ch, k) and the list of their names by number (CTE `chl`: l),
 * so the window and the grouping move small integers, not text. Event mode: the channels the mappings name;
 * otherwise the distinct values of the channel column (a scan of that column alone).
 */
function channelsSql(spec: AttributionSpec): string {
  const named = spec.eventChannels
    ? [...new Set(Object.values(spec.eventChannels).flatMap((c) => channelRules(c).map((r) => r.channel)))]
    : null;
  const col = quoteIdent(spec.channelColumn);
  const distinct = named
    ? named.length
      ? `SELECT * FROM (VALUES ${named.map((c) => `(${quoteString(c)})`).join(', ')}) AS v(ch)`
      : 'SELECT NULL::VARCHAR AS ch WHERE false'
    : `SELECT DISTINCT CAST(${col} AS VARCHAR) AS ch FROM ${spec.source ?? quoteIdent(spec.relation)} WHERE ${col} IS NOT NULL`;
  return `chs AS MATERIALIZED (
  SELECT ch, (row_number() OVER (ORDER BY ch))::INTEGER AS k FROM (${distinct})
),
chl AS MATERIALIZED (
  SELECT coalesce(list(ch ORDER BY k), []) AS l FROM chs
)`;
}

/**
 * Rows (kind, a, b, n): 'move' a → b with n journeys passing (states as JSON lists of channels, [] is
 * start; b may be the conversion or null state), 'first' / 'last' touch channel a of n converting
 * journeys, 'journeys' and 'conversions' totals. One window pass: a journey's touchpoints sort first,
 * so the lags of a touchpoint are touchpoints, and its outcome is an aggregate over the whole journey;
 * then one grouping pass (grouping sets) gives every count, so the touchpoints are never stored. Channels
 * travel as their numbers (channelsSql) and are named again on the small result.
 */
export function attributionSql(spec: AttributionSpec): string {
  const k = spec.order;
  const lags = Array.from({ length: k }, (_, i) => `p${k - i}`); // oldest first: p_k … p_1
  const state = (cols: string[]) => `to_json(list_filter([${cols.map((c) => `l[${c}]`).join(', ')}], x -> x IS NOT NULL))::VARCHAR`;
  const exitCols = [...lags.slice(1), 'ch'];
  // grouping() bits (lags…, first), 1 where the column is not grouped: which grouping set a row is from.
  const bits = (grouped: string[]) => [...lags, 'first'].reduce((acc, c) => acc * 2 + (grouped.includes(c) ? 0 : 1), 0);
  const movesGid = bits([...lags, 'ch']);
  const exitsGid = bits([...exitCols, 'last', 'converted']);
  const flagsGid = bits(['ch', 'first', 'last', 'converted']);
  return `
WITH src AS NOT MATERIALIZED (
  ${sourceSql(spec)}
),
${channelsSql(spec)},
coded AS (
  SELECT src.j, src.t, chs.k AS ch, src.conv FROM src LEFT JOIN chs ON src.ch = chs.ch
),
touches AS (
  SELECT * FROM (
    SELECT ch, ${lags.map((p) => `lag(ch, ${p.slice(1)}) OVER w AS ${p}`).join(', ')},
           -- The first touchpoint is the only one with no row before it (touchpoints sort first).
           lag(ch, 1) OVER w IS NULL AS first,
           ch IS NOT NULL AND t IS NOT NULL AS touch,
           coalesce(NOT lead(ch IS NOT NULL AND t IS NOT NULL) OVER w, true) AS last,
           bool_or(conv) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS converted
    FROM coded WINDOW w AS (PARTITION BY j ORDER BY ch IS NULL OR t IS NULL, t, ch)
  ) WHERE touch
),
-- One pass over the touchpoints: transitions by state, exits by state and outcome, touches by channel and flags.
g AS MATERIALIZED (
  SELECT ${[...lags, 'ch'].join(', ')}, first, last, converted, count(*) AS n, grouping(${[...lags, 'first'].join(', ')}) AS gid
  FROM touches
  GROUP BY GROUPING SETS ((${[...lags, 'ch'].join(', ')}), (${[...exitCols, 'last', 'converted'].join(', ')}), (ch, first, last, converted))
),
moves AS (SELECT ${[...lags, 'ch'].join(', ')}, n FROM g WHERE gid = ${movesGid}),
exits AS (SELECT ${exitCols.join(', ')}, converted, n FROM g WHERE gid = ${exitsGid} AND last),
flags AS (SELECT ch, first, last, converted, n FROM g WHERE gid = ${flagsGid})
SELECT 'move' AS kind, ${state(lags)} AS a, ${state(exitCols)} AS b, n FROM moves, chl
UNION ALL SELECT 'move', ${state(exitCols)}, CASE WHEN converted THEN '${CONVERSION_STATE}' ELSE '${NULL_STATE}' END, n FROM exits, chl
UNION ALL SELECT 'first', l[ch], NULL, sum(n)::BIGINT FROM flags, chl WHERE first AND converted GROUP BY ch, l
UNION ALL SELECT 'last', l[ch], NULL, sum(n)::BIGINT FROM flags, chl WHERE last AND converted GROUP BY ch, l
UNION ALL SELECT 'journeys', NULL, NULL, coalesce(sum(n), 0)::BIGINT FROM flags WHERE first
UNION ALL SELECT 'conversions', NULL, NULL, coalesce(sum(n), 0)::BIGINT FROM flags WHERE first AND converted`;
}
