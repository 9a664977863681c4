/** Paths and Markov attribution: one aggregation query each in DuckDB, small results, the maths in shared/journeys. */
import { randomUUID } from 'node:crypto';
import type { CallContext } from '../../../shared/api/call-context';
import { ErrorCode, WorkbenchError } from '../../../shared/api/result';
import { markovAttribution, type Absorbing, type ChainCount } from '../../../shared/journeys/markov';
import { attributionSql } from '../../../shared/journeys/markov-sql';
import { pathsSql, type PathsRequest, type PathsSpec } from '../../../shared/journeys/paths-sql';
import {
  DEFAULT_MARKOV_ORDER,
  OTHER_NODE,
  channelRules,
  type AttributionResult,
  type EventChannels,
  type PropertyFilters,
  type PathNode,
  type PathsResult,
} from '../../../shared/journeys/paths-types';
import { quoteIdent } from '../../../shared/sql';
import type { Dataset } from '../../../shared/types';
import type { Engine } from '../engine/engine';

/** More distinct channels than this make the dense solve (one per channel) too slow to be interactive. */
export const MAX_ATTRIBUTION_CHANNELS = 200;

export interface AttributionRequest {
  journeyColumn: string;
  timeColumn: string;
  channelColumn: string;
  convertedColumn?: string;
  eventChannels?: EventChannels;
  convertedEvents?: string[];
  convertedFilters?: PropertyFilters;
  order?: number;
}

/** The column's type, or a clear refusal naming the request field. */
export function columnType(dataset: Dataset, column: string, field: string): string {
  const c = dataset.columns.find((x) => x.name === column);
  if (!c) throw new WorkbenchError(ErrorCode.InvalidArgument, `${dataset.name} has no column "${column}" (${field}).`, { field });
  return c.type;
}

/** A query tagged so a cancel interrupts it, not started once cancelled. */
export function runner(engine: Engine, ctx: CallContext) {
  const queryId = `paths-${randomUUID()}`;
  ctx.onCancel(async () => void (await engine.interrupt(queryId)));
  return async (sql: string) => {
    if (ctx.isCancelled()) throw new WorkbenchError(ErrorCode.Cancelled, 'Cancelled.');
    try {
      return await engine.query(sql, { queryId });
    } catch (e) {
      if (ctx.isCancelled()) throw new WorkbenchError(ErrorCode.Cancelled, 'Cancelled.');
      throw e;
    }
  };
}

/** Column-major page → rows of cells. */
export function rowsOf(page: { data: unknown[][]; rowCount: number }): unknown[][] {
  return Array.from({ length: page.rowCount }, (_, r) => page.data.map((col) => col[r]));
}

/** A population's restriction of the dataset's rows by a customer column, as a source to read (see population-source.ts). */
export type Restrict = (customerColumn: string) => Promise<string>;

export async function paths(
  engine: Engine,
  dataset: Dataset,
  req: PathsRequest,
  ctx: CallContext,
  restrict?: Restrict,
): Promise<PathsResult> {
  columnType(dataset, req.customerColumn, 'customerColumn');
  columnType(dataset, req.eventColumn, 'eventColumn');
  if (req.sessionColumn !== undefined) columnType(dataset, req.sessionColumn, 'sessionColumn');
  const timeType = columnType(dataset, req.timeColumn, 'timeColumn');
  const source = restrict ? await restrict(req.customerColumn) : undefined;
  const spec: PathsSpec = { ...req, relation: dataset.relation, source, timeType };
  ctx.onProgress(0.05, 'Ordering events into sessions…');
  const page = await runner(engine, ctx)(pathsSql(spec));
  ctx.onProgress(0.95, 'Building the paths…');
  let sessions = 0;
  const edges: (PathsResult['edges'][number] & { folded: boolean })[] = [];
  const nodes = new Map<string, PathNode>();
  // An "Other" node carries folded flow: the larger of what enters and what leaves it.
  const otherFlow = new Map<number, { in: number; out: number }>();
  const flow = (step: number) => otherFlow.get(step) ?? otherFlow.set(step, { in: 0, out: 0 }).get(step)!;
  for (const [kind, step, src, dst, n, srcOther, dstOther] of rowsOf(page)) {
    const count = Number(n);
    const k = Number(step);
    if (kind === 'sessions') sessions = count;
    else if (kind === 'edge') {
      edges.push({ step: k, from: String(src), to: String(dst), sessions: count, folded: srcOther === true || dstOther === true });
      if (srcOther === true) flow(k).out += count;
      if (dstOther === true) flow(k + 1).in += count;
    } else if (kind === 'node')
      nodes.set(`${k}:${String(src)}`, { id: `${k}:${String(src)}`, name: String(src), step: k, sessions: count });
  }
  for (const [step, f] of otherFlow) {
    const id = `${step}:${OTHER_NODE}`;
    nodes.set(id, { id, name: OTHER_NODE, step, sessions: Math.max(f.in, f.out) });
  }
  edges.sort(
    (a, b) =>
      a.step - b.step ||
      Number(a.folded) - Number(b.folded) ||
      b.sessions - a.sessions ||
      a.from.localeCompare(b.from) ||
      a.to.localeCompare(b.to),
  );
  return {
    sessions,
    edges: edges.map(({ folded: _folded, ...e }) => e),
    nodes: [...nodes.values()].sort((a, b) => a.step - b.step || b.sessions - a.sessions || a.name.localeCompare(b.name)),
  };
}

export async function attribution(
  engine: Engine,
  dataset: Dataset,
  req: AttributionRequest,
  ctx: CallContext,
  restrict?: Restrict,
): Promise<AttributionResult> {
  const order = req.order ?? DEFAULT_MARKOV_ORDER;
  columnType(dataset, req.journeyColumn, 'journeyColumn');
  columnType(dataset, req.channelColumn, 'channelColumn');
  if ((req.convertedColumn === undefined) === (req.convertedEvents === undefined))
    throw new WorkbenchError(
      ErrorCode.InvalidArgument,
      'Give one of convertedColumn (a true/false column) or convertedEvents (event names).',
      {
        field: 'convertedColumn',
      },
    );
  if (req.convertedColumn !== undefined) columnType(dataset, req.convertedColumn, 'convertedColumn');
  if (req.convertedEvents && !req.eventChannels)
    throw new WorkbenchError(
      ErrorCode.InvalidArgument,
      'convertedEvents needs eventChannels (the channel column then holds event names).',
      {
        field: 'convertedEvents',
      },
    );
  const both = req.convertedEvents?.filter((e) => req.eventChannels && e in req.eventChannels) ?? [];
  if (both.length)
    throw new WorkbenchError(
      ErrorCode.InvalidArgument,
      `convertedEvents: "${both[0]}" is also in eventChannels; a conversion event is not a touchpoint.`,
      {
        field: 'convertedEvents',
      },
    );
  if (req.convertedFilters && !req.convertedEvents)
    throw new WorkbenchError(ErrorCode.InvalidArgument, 'convertedFilters needs convertedEvents (the events they narrow).', {
      field: 'convertedFilters',
    });
  for (const column of Object.keys(req.convertedFilters ?? {})) columnType(dataset, column, 'convertedFilters');
  for (const [event, target] of Object.entries(req.eventChannels ?? {}))
    channelRules(target).forEach((r, i) =>
      Object.keys(r.filters ?? {}).forEach((column) => columnType(dataset, column, `eventChannels.${event}[${i}].filters`)),
    );
  const timeType = columnType(dataset, req.timeColumn, 'timeColumn');
  const source = restrict ? await restrict(req.journeyColumn) : undefined;
  const run = runner(engine, ctx);
  ctx.onProgress(0.02, `Counting ${req.channelColumn} values…`);
  const ch = quoteIdent(req.channelColumn);
  const distinct = req.eventChannels
    ? { data: [[new Set(Object.values(req.eventChannels).flatMap((c) => channelRules(c).map((r) => r.channel))).size]] }
    : await run(
        `SELECT count(*) FROM (SELECT DISTINCT ${ch} FROM ${quoteIdent(dataset.relation)} WHERE ${ch} IS NOT NULL LIMIT ${MAX_ATTRIBUTION_CHANNELS + 1})`,
      );
  if (Number(distinct.data[0]?.[0] ?? 0) > MAX_ATTRIBUTION_CHANNELS) {
    throw new WorkbenchError(
      ErrorCode.BadInput,
      `${dataset.name}.${req.channelColumn}: more than ${MAX_ATTRIBUTION_CHANNELS} distinct channels; attribution needs a channel column with a few values (such as email, search, social).`,
      { field: 'channelColumn' },
    );
  }
  ctx.onProgress(0.1, 'Counting transitions between touchpoints…');
  const page = await run(attributionSql({ ...req, order, timeType, relation: dataset.relation, source }));
  const counts: ChainCount[] = [];
  const firstTouch: Record<string, number> = {};
  const lastTouch: Record<string, number> = {};
  let journeys = 0;
  let conversions = 0;
  const state = (s: string): readonly string[] | Absorbing => (s.startsWith('[') ? (JSON.parse(s) as string[]) : (s as Absorbing));
  for (const [kind, a, b, n] of rowsOf(page)) {
    const count = Number(n);
    if (kind === 'move') counts.push({ from: state(String(a)) as readonly string[], to: state(String(b)), count });
    else if (kind === 'first') firstTouch[String(a)] = count;
    else if (kind === 'last') lastTouch[String(a)] = count;
    else if (kind === 'journeys') journeys = count;
    else if (kind === 'conversions') conversions = count;
  }
  ctx.onProgress(0.9, 'Solving the chain…');
  let m;
  try {
    m = markovAttribution(counts, conversions);
  } catch (e) {
    if (e instanceof RangeError)
      throw new WorkbenchError(ErrorCode.BadInput, `${e.message} Use order 1 or fewer channels.`, { field: 'order' });
    throw e;
  }
  return { journeys, conversions, order: order as AttributionResult['order'], firstTouch, lastTouch, ...m };
}
