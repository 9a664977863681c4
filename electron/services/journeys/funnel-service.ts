/** Funnels over a loaded event table: the request checked against the dataset, one DuckDB query, a small summary back. */
import { randomUUID } from 'node:crypto';
import type { CallContext } from '../../../shared/api/call-context';
import { ErrorCode, WorkbenchError } from '../../../shared/api/result';
import {
  DEFAULT_FUNNEL_MODE,
  DEFAULT_FUNNEL_WINDOW_SECONDS,
  FUNNEL_BREAKDOWN_LIMIT,
  FUNNEL_DROPPED_ID_LIMIT,
  FUNNEL_HISTOGRAM_BINS,
  stepEvents,
  stepFilters,
  stepName,
  type FunnelFilter,
  type FunnelMode,
  type FunnelResult,
  type FunnelStep,
  type FunnelStepResult,
} from '../../../shared/journeys/funnel';
import { buildFunnelSql, type FunnelSqlRow, type FunnelSqlSpec } from '../../../shared/journeys/funnel-sql';
import type { Dataset } from '../../../shared/types';
import type { Engine } from '../engine/engine';
import { gridSource } from '../explore/explore-service';

export interface FunnelRequest {
  customerColumn: string;
  timeColumn: string;
  eventColumn: string;
  steps: FunnelStep[];
  windowSeconds?: number;
  mode?: FunnelMode;
  exclusions?: { event: string; between?: [number, number] }[];
  breakdownColumn?: string;
  droppedAt?: number;
  reachedAt?: number;
}

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL)/i;

const bad = (field: string, message: string) => new WorkbenchError(ErrorCode.InvalidArgument, message, { field });

/** The request made concrete (defaults, exclusions' ranges) after checking it against the dataset's columns. */
export function funnelSpec(d: Dataset, req: FunnelRequest): Omit<FunnelSqlSpec, 'source' | 'tiebreak'> {
  const types = new Map(d.columns.map((c) => [c.name, c.type]));
  const column = (field: string, name: string | undefined) => {
    if (name !== undefined && !types.has(name)) throw bad(field, `${field}: "${name}" is not a column of ${d.name}.`);
  };
  column('customerColumn', req.customerColumn);
  column('timeColumn', req.timeColumn);
  column('eventColumn', req.eventColumn);
  column('breakdownColumn', req.breakdownColumn);
  if (NUMERIC.test(types.get(req.timeColumn)!))
    throw bad(
      'timeColumn',
      `timeColumn: "${req.timeColumn}" is ${types.get(req.timeColumn)}; use a date/time column (or text holding timestamps).`,
    );
  req.steps.forEach((s, i) => stepFilters(s).forEach((f: FunnelFilter, j) => column(`steps[${i}].filters[${j}].column`, f.column)));
  const n = req.steps.length;
  const mode = req.mode ?? DEFAULT_FUNNEL_MODE;
  const named = new Set(req.steps.flatMap(stepEvents));
  const exclusions = (req.exclusions ?? []).map((x, i) => {
    const field = `exclusions[${i}]`;
    if (mode === 'unordered') throw bad(field, `${field}: exclusions need an order of steps; use mode ordered or strict.`);
    if (named.has(x.event)) throw bad(field, `${field}: "${x.event}" is also a step; an excluded event must not be a step.`);
    const between = x.between ?? [1, n];
    if (between[0] >= between[1] || between[1] > n)
      throw bad(field, `${field}.between: [${between.join(', ')}] must name two steps, the first before the second, within 1..${n}.`);
    return { event: x.event, between };
  });
  if (req.droppedAt !== undefined && (req.droppedAt < 2 || req.droppedAt > n))
    throw bad(
      'droppedAt',
      `droppedAt: ${req.droppedAt} must be a step from 2 to ${n} (customers who reached the step before it but not it).`,
    );
  if (req.reachedAt !== undefined && req.reachedAt > n)
    throw bad('reachedAt', `reachedAt: ${req.reachedAt} must be a step from 1 to ${n}.`);
  return {
    customerColumn: req.customerColumn,
    timeColumn: req.timeColumn,
    eventColumn: req.eventColumn,
    steps: req.steps,
    windowSeconds: req.windowSeconds ?? DEFAULT_FUNNEL_WINDOW_SECONDS,
    mode,
    exclusions,
    breakdownColumn: req.breakdownColumn,
    droppedAt: req.droppedAt,
    reachedAt: req.reachedAt,
    breakdownLimit: FUNNEL_BREAKDOWN_LIMIT,
    droppedIdLimit: FUNNEL_DROPPED_ID_LIMIT,
    histogramBins: FUNNEL_HISTOGRAM_BINS,
  };
}

/** The query's JSON row as the response. */
export function funnelResult(spec: Omit<FunnelSqlSpec, 'source' | 'tiebreak'>, row: FunnelSqlRow): FunnelResult {
  const counts = new Map((row.steps ?? []).map((s) => [s.k, s]));
  const first = counts.get(1)?.customers ?? 0;
  const steps = spec.steps.map((s, i): FunnelStepResult => {
    const k = i + 1;
    const st = counts.get(k);
    const customers = st?.customers ?? 0;
    const prev = k === 1 ? customers : (counts.get(k - 1)?.customers ?? 0);
    const out: FunnelStepResult = {
      name: stepName(s),
      customers,
      conversion: first ? customers / first : 0,
      stepConversion: prev ? customers / prev : 0,
      dropOff: prev - customers,
      medianSecondsFromPrevious: k > 1 && st?.medPrev !== undefined ? st.medPrev : null,
    };
    if (k > 1 && spec.mode !== 'unordered' && st?.q && st.lo !== null && st.hi !== null) {
      const { lo, hi } = st;
      const B = spec.histogramBins;
      const bins = new Map((row.hist ?? []).filter((h) => h.k === k).map((h) => [h.bin, h.n]));
      const histogram =
        hi > lo
          ? Array.from({ length: B }, (_, b) => ({
              from: lo + ((hi - lo) * b) / B,
              to: lo + ((hi - lo) * (b + 1)) / B,
              customers: bins.get(b) ?? 0,
            }))
          : [{ from: lo, to: hi, customers }];
      out.timeToConvert = { p25: st.q[0]!, median: st.q[1]!, p75: st.q[2]!, histogram };
    }
    return out;
  });
  const present = new Set(row.present ?? []);
  const result: FunnelResult = {
    steps,
    totalCustomers: row.total,
    unknownEvents: [...new Set(spec.steps.flatMap(stepEvents))].filter((e) => !present.has(e)),
    mode: spec.mode,
    windowSeconds: spec.windowSeconds,
  };
  if (spec.breakdownColumn) result.breakdown = row.breakdown ?? [];
  if (spec.droppedAt) result.dropped = { step: spec.droppedAt, count: row.droppedCount ?? 0, customerIds: row.droppedIds ?? [] };
  if (spec.reachedAt) result.reached = { step: spec.reachedAt, count: row.reachedCount ?? 0, customerIds: row.reachedIds ?? [] };
  return result;
}

/**
 * The customers who reached step droppedAt − 1 but not droppedAt, as one SELECT of their ids (column `cust`);
 * `restrict` narrows the event rows (a population's semi-join).
 */
export async function funnelMembersSql(
  d: Dataset,
  req: FunnelRequest & { droppedAt: number },
  restrict: (source: string) => Promise<string> = async (source) => source,
): Promise<string> {
  const grid = gridSource(d);
  const source = await restrict(grid.sql);
  return buildFunnelSql({ ...funnelSpec(d, req), source, tiebreak: grid.tiebreak.map((c) => `"${c}"`), membersOnly: true });
}

/**
 * Runs the funnel as one query, interrupted by a cancel; `droppedIdLimit` caps the dropped customers' ids returned;
 * `restrict` narrows the event rows (a population's semi-join).
 */
export async function runFunnel(
  engine: Engine,
  d: Dataset,
  req: FunnelRequest,
  ctx: CallContext,
  droppedIdLimit = FUNNEL_DROPPED_ID_LIMIT,
  restrict: (source: string) => Promise<string> = async (source) => source,
): Promise<FunnelResult> {
  const spec = { ...funnelSpec(d, req), droppedIdLimit };
  const grid = gridSource(d);
  const [source, tiebreak] = [await restrict(grid.sql), grid.tiebreak];
  const queryId = randomUUID();
  ctx.onCancel(async () => void (await engine.interrupt(queryId)));
  if (ctx.isCancelled()) throw new WorkbenchError(ErrorCode.Cancelled, 'The funnel was cancelled.');
  ctx.onProgress(0.05, 'Matching events to steps');
  const row = await funnelQuery(
    async (sql) => {
      try {
        return (await engine.query(sql, { queryId })).data[0]?.[0];
      } catch (e) {
        if (ctx.isCancelled()) throw new WorkbenchError(ErrorCode.Cancelled, 'The funnel was cancelled.');
        throw e;
      }
    },
    { ...spec, source, tiebreak: tiebreak.map((c) => `"${c}"`) },
  );
  ctx.onProgress(1, 'Funnel ready');
  return funnelResult(spec, row);
}

/**
 * The funnel's summary row: first keyed by a hash of the customer id (`hash`, or `customerHash` as given), and
 * in the unlikely case that two ids share a hash, again on the ids themselves.
 */
export async function funnelQuery(
  run: (sql: string) => Promise<unknown>,
  spec: FunnelSqlSpec,
  customerHash = 'hash',
): Promise<FunnelSqlRow> {
  const once = async (s: FunnelSqlSpec) => {
    const text = await run(buildFunnelSql(s));
    if (typeof text !== 'string') throw new Error('The funnel query returned no result.');
    return JSON.parse(text) as FunnelSqlRow;
  };
  const row = await once({ ...spec, customerHash });
  return row.collision ? once({ ...spec, customerHash: undefined }) : row;
}
