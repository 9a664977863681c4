/**
 * Markov attribution's aggregation as DuckDB SQL: transition counts between states, first and last touches.
 * A journey is the rows with one journey value; its touchpoints are its rows with a channel and a time, by
 * time (ties by channel name); it converts if any of its rows (whatever their time or channel) has a true
 * converted value (true, a non-zero number, or text such as 'true' / '1'). Journeys without a touchpoint are left out.
 */
import { quoteIdent } from '../sql';
import { CONVERSION_STATE, NULL_STATE } from './markov';
import { timeSeconds } from './paths-sql';

export interface AttributionSpec {
  relation: string;
  journeyColumn: string;
  timeColumn: string;
  timeType: string;
  channelColumn: string;
  convertedColumn: string;
  order: number;
}

/** The channels of a state as a JSON list: the last `order` channels up to lag `from` (1: before this row, 0: up to it). */
function stateList(order: number, upTo: 0 | 1): string {
  const lags = Array.from({ length: order }, (_, i) => order - i - 1 + upTo).map((k) => (k === 0 ? 'ch' : `lag(ch, ${k}) OVER w`));
  return `[${lags.join(', ')}]`;
}

/**
 * Rows (kind, a, b, n): 'move' a → b with n journeys passing (states as JSON lists of channels, [] is
 * start; b may be the conversion or null state), 'first' / 'last' touch channel a of n converting
 * journeys, 'journeys' and 'conversions' totals.
 */
export function attributionSql(spec: AttributionSpec): string {
  const j = quoteIdent(spec.journeyColumn);
  const ch = quoteIdent(spec.channelColumn);
  const t = timeSeconds(spec.timeColumn, spec.timeType);
  const json = (list: string) => `to_json(list_filter(${list}, x -> x IS NOT NULL))::VARCHAR`;
  return `
WITH src AS (
  SELECT CAST(${j} AS VARCHAR) AS j, ${t} AS t, CAST(${ch} AS VARCHAR) AS ch,
         coalesce(TRY_CAST(${quoteIdent(spec.convertedColumn)} AS BOOLEAN), false) AS conv
  FROM ${quoteIdent(spec.relation)} WHERE ${j} IS NOT NULL
),
outcome AS (SELECT j, bool_or(conv) AS converted FROM src GROUP BY j),
touches AS MATERIALIZED (
  SELECT j, ch, ${stateList(spec.order, 1)} AS prev, ${stateList(spec.order, 0)} AS cur,
         row_number() OVER w AS pos, lead(ch) OVER w IS NULL AS last
  FROM src WHERE ch IS NOT NULL AND t IS NOT NULL WINDOW w AS (PARTITION BY j ORDER BY t, ch)
),
ends AS (SELECT touches.*, outcome.converted FROM touches JOIN outcome USING (j) WHERE pos = 1 OR last),
moves AS (
  SELECT ${json('prev')} AS a, ${json('cur')} AS b FROM touches
  UNION ALL
  SELECT ${json('cur')}, CASE WHEN converted THEN '${CONVERSION_STATE}' ELSE '${NULL_STATE}' END FROM ends WHERE last
)
SELECT 'move' AS kind, a, b, count(*) AS n FROM moves GROUP BY a, b
UNION ALL SELECT 'first', ch, NULL, count(*) FROM ends WHERE pos = 1 AND converted GROUP BY ch
UNION ALL SELECT 'last', ch, NULL, count(*) FROM ends WHERE last AND converted GROUP BY ch
UNION ALL SELECT 'journeys', NULL, NULL, count(*) FROM ends WHERE pos = 1
UNION ALL SELECT 'conversions', NULL, NULL, count(*) FROM ends WHERE pos = 1 AND converted`;
}
