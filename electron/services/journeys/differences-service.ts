/** What converters did differently: one counting query in DuckDB, the odds ratios in shared/journeys/differences.ts. */
import type { CallContext } from '../../../shared/api/call-context';
import {
  DEFAULT_DIFFERENCES_LIMIT,
  DEFAULT_DIFFERENCES_MIN_SUPPORT,
  differences as compare,
  type DifferencesResult,
  type EventCounts,
} from '../../../shared/journeys/differences';
import { differencesSql } from '../../../shared/journeys/differences-sql';
import type { Dataset } from '../../../shared/types';
import type { Engine } from '../engine/engine';
import { columnType, rowsOf, runner, type Restrict } from './paths-service';

export interface DifferencesRequest {
  customerColumn: string;
  timeColumn: string;
  eventColumn: string;
  conversionEvents: string[];
  minSupport?: number;
  limit?: number;
}

export async function differences(
  engine: Engine,
  dataset: Dataset,
  req: DifferencesRequest,
  ctx: CallContext,
  restrict?: Restrict,
): Promise<DifferencesResult> {
  columnType(dataset, req.customerColumn, 'customerColumn');
  columnType(dataset, req.eventColumn, 'eventColumn');
  const timeType = columnType(dataset, req.timeColumn, 'timeColumn');
  const conversionEvents = [...new Set(req.conversionEvents)];
  const minSupport = req.minSupport ?? DEFAULT_DIFFERENCES_MIN_SUPPORT;
  const source = restrict ? await restrict(req.customerColumn) : undefined;
  ctx.onProgress(0.05, 'Counting the events converters and non-converters did…');
  const page = await runner(
    engine,
    ctx,
  )(differencesSql({ ...req, conversionEvents, timeType, minSupport, relation: dataset.relation, source }));
  ctx.onProgress(0.95, 'Computing odds ratios…');
  const counts: EventCounts[] = [];
  let totals = { customers: 0, converters: 0 };
  let belowSupport = 0;
  for (const [kind, event, n1, n2] of rowsOf(page)) {
    if (kind === 'totals') totals = { customers: Number(n1), converters: Number(n2) };
    else if (kind === 'below') belowSupport = Number(n1);
    else counts.push({ event: String(event), converters: Number(n1), nonConverters: Number(n2) });
  }
  const r = compare(counts, totals, { conversionEvents, minSupport, limit: req.limit ?? DEFAULT_DIFFERENCES_LIMIT });
  return { ...r, belowSupport: r.belowSupport + belowSupport };
}
