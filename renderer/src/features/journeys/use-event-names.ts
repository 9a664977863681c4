import { useEffect, useState } from 'react';
import { messageOf } from '../../../../shared/api/result';
import type { MapBinding } from '../../../../shared/journeys/map';
import { quoteIdent } from '../../../../shared/sql';
import { useApp, useCall } from '../../store/app-store';

/** How many distinct event names the binding reads; beyond it names are not checked. */
export const EVENT_NAME_LIMIT = 500;

export interface EventNames {
  names: string[];
  /** Every distinct name, or null when there are more than the limit (then nothing is flagged). */
  known: Set<string> | null;
  error: string | null;
}

/** The distinct event names of the bound table's event column, for suggestions and to flag unknown names on cards. */
export function useEventNames(binding: MapBinding | undefined): EventNames {
  const call = useCall();
  const dataset = useApp((s) => s.datasets.find((d) => d.id === binding?.datasetId) ?? null);
  const [state, setState] = useState<EventNames>({ names: [], known: null, error: null });
  const relation = dataset?.relation;
  const column = binding?.eventColumn;
  useEffect(() => {
    if (!relation || !column) {
      setState({ names: [], known: null, error: null });
      return;
    }
    let live = true;
    const col = quoteIdent(column);
    call('query.run', {
      sql: `SELECT DISTINCT CAST(${col} AS VARCHAR) AS name FROM ${quoteIdent(relation)} WHERE ${col} IS NOT NULL ORDER BY 1 LIMIT ${EVENT_NAME_LIMIT + 1}`,
      limit: EVENT_NAME_LIMIT + 1,
    }).then(
      (r) => {
        if (!live) return;
        const names = (r.page.data[0] ?? []).map(String);
        const complete = names.length <= EVENT_NAME_LIMIT;
        setState({ names: names.slice(0, EVENT_NAME_LIMIT), known: complete ? new Set(names) : null, error: null });
      },
      (e: unknown) => live && setState({ names: [], known: null, error: messageOf(e) }),
    );
    return () => {
      live = false;
    };
  }, [call, relation, column]);
  return state;
}
