/**
 * What converters did differently, counted in DuckDB. Semantics (README "Journeys → What converters did differently"):
 * - rows with a NULL customer, event or time (or a time that does not parse) are ignored;
 * - a customer converts at the time of their first row whose event is one of the conversion events;
 * - a converter "did" an event if they have a row of it strictly before that time (a row at the same time
 *   as the conversion does not count: its order is unknown); a non-converter did it if they have any row of it;
 * - each customer counts once per event; the conversion events themselves are not compared.
 * Answers rows (kind, event, n1, n2): 'totals' (customers, converters), 'event' (name, converters who did it,
 * non-converters who did it) for events with at least minSupport customers, and 'below' (how many events had fewer).
 */
import { quoteIdent, quoteString } from '../sql';
import { timeSeconds } from './paths-sql';

export interface DifferencesSpec {
  relation: string;
  /** What to read instead of the relation: a parenthesised SELECT (the relation restricted to a population). */
  source?: string;
  customerColumn: string;
  timeColumn: string;
  /** DuckDB type of the time column (see timeSeconds). */
  timeType: string;
  eventColumn: string;
  conversionEvents: readonly string[];
  minSupport: number;
}

export function differencesSql(spec: DifferencesSpec): string {
  const cust = quoteIdent(spec.customerColumn);
  const ev = quoteIdent(spec.eventColumn);
  const conversion = spec.conversionEvents.map(quoteString).join(', ');
  const min = Math.max(1, Math.floor(spec.minSupport));
  return `
WITH ev AS (
  SELECT * FROM (
    SELECT CAST(${cust} AS VARCHAR) AS c, CAST(${ev} AS VARCHAR) AS e, ${timeSeconds(spec.timeColumn, spec.timeType)} AS t
    FROM ${spec.source ?? quoteIdent(spec.relation)} WHERE ${cust} IS NOT NULL AND ${ev} IS NOT NULL
  ) WHERE t IS NOT NULL
),
conv AS (SELECT c, min(t) AS ct FROM ev WHERE e IN (${conversion}) GROUP BY c),
did AS (
  SELECT DISTINCT ev.e, ev.c, conv.c IS NOT NULL AS converted
  FROM ev LEFT JOIN conv ON ev.c = conv.c
  WHERE ev.e NOT IN (${conversion}) AND (conv.ct IS NULL OR ev.t < conv.ct)
),
counts AS (
  SELECT e, count(*) FILTER (WHERE converted) AS a, count(*) FILTER (WHERE NOT converted) AS c FROM did GROUP BY e
)
SELECT 'totals' AS kind, NULL::VARCHAR AS event, (SELECT count(DISTINCT c) FROM ev) AS n1, (SELECT count(*) FROM conv) AS n2
UNION ALL SELECT 'event', e, a, c FROM counts WHERE a + c >= ${min}
UNION ALL SELECT 'below', NULL, count(*), NULL FROM counts WHERE a + c < ${min}`;
}
