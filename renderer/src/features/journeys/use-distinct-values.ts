import { useEffect, useState } from 'react';
import { quoteIdent } from '../../../../shared/sql';
import { useCall } from '../../store/app-store';

/** How many distinct values the population picker offers for a column. */
export const DISTINCT_VALUE_LIMIT = 200;

/** The most frequent distinct values of a column (as text), for the population picker's value list; [] while unknown. */
export function useDistinctValues(relation: string | undefined, column: string | undefined): string[] {
  const call = useCall();
  const [values, setValues] = useState<string[]>([]);
  useEffect(() => {
    setValues([]);
    if (!relation || !column) return;
    let live = true;
    const col = quoteIdent(column);
    call('query.run', {
      sql: `SELECT CAST(${col} AS VARCHAR) AS v FROM ${quoteIdent(relation)} WHERE ${col} IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT ${DISTINCT_VALUE_LIMIT}`,
      limit: DISTINCT_VALUE_LIMIT,
    }).then(
      (r) => live && setValues((r.page.data[0] ?? []).map(String)),
      () => live && setValues([]),
    );
    return () => {
      live = false;
    };
  }, [call, relation, column]);
  return values;
}
