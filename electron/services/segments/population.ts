/** A segment's population, recomputed from its definition: the funnel's drop-off query, a path node's sessions or the saved SQL. */
import { randomUUID } from 'node:crypto';
import type { CallContext } from '../../../shared/api/call-context';
import { ErrorCode, WorkbenchError } from '../../../shared/api/result';
import type { SegmentMembers, SegmentSource, SqlSource } from '../../../shared/segments/segment';
import type { Dataset } from '../../../shared/types';
import type { PopulationMembers } from '../../../shared/journeys/population';
import type { Engine } from '../engine/engine';
import { funnelMembersSql, runFunnel } from '../journeys/funnel-service';
import { pathNodeMembers, pathNodeMembersSelect } from '../journeys/path-node-members';

const SELECT = /^\s*(select|with)\b/i;

/**
 * The event rows of `source` (a relation name or parenthesised SELECT) narrowed to the segment's population
 * by `customerColumn` (see journeys/population-source.ts); none when the segment holds no population.
 */
export type Restriction = (source: string, customerColumn: string) => Promise<string>;

export async function population(
  engine: Engine,
  d: Dataset,
  source: SegmentSource,
  limit: number,
  ctx: CallContext,
  restrict?: Restriction,
): Promise<SegmentMembers> {
  if (source.kind === 'sql') return sqlPopulation(engine, source, limit, ctx);
  if (source.kind === 'path_node') return pathNodeMembers(engine, d, source, limit, ctx, restrict);
  const { kind: _kind, datasetId: _datasetId, population: _population, ...req } = source;
  const r = await runFunnel(engine, d, req, ctx, limit, restrict && ((rows) => restrict(rows, source.customerColumn)));
  const dropped = r.dropped!;
  return { count: dropped.count, customerIds: dropped.customerIds, columns: [source.customerColumn] };
}

/**
 * The segment's members as one SELECT (first column the id) for a semi-join, computed by the same
 * definition as `population` (the funnel's drop-off query, the path node's sessions or the saved SQL); no id comes back to JS.
 */
export async function membersSql(engine: Engine, d: Dataset, source: SegmentSource, restrict?: Restriction): Promise<PopulationMembers> {
  if (source.kind === 'funnel_dropoff') {
    const { kind: _kind, datasetId: _datasetId, population: _population, ...req } = source;
    const sql = await funnelMembersSql(d, req, restrict && ((rows) => restrict(rows, source.customerColumn)));
    return { sql, idType: d.columns.find((c) => c.name === source.customerColumn)?.type ?? null };
  }
  if (source.kind === 'path_node') return { sql: await pathNodeMembersSelect(d, source, restrict), idType: 'VARCHAR' };
  const body = segmentSql(source.sql);
  const head = await engine.query(`SELECT * FROM (${body}) LIMIT 0`);
  return { sql: body, idType: head.columns[0]?.type ?? null };
}
/** The SQL is checked to be one SELECT; its first column holds the customer ids. */
export function segmentSql(sql: string): string {
  const body = sql.trim().replace(/;\s*$/, '');
  if (!SELECT.test(body) || body.includes(';'))
    throw new WorkbenchError(
      ErrorCode.InvalidArgument,
      'source.sql: give one SELECT (or WITH … SELECT) statement whose first column is the customer id.',
      {
        field: 'source.sql',
      },
    );
  return body;
}

async function sqlPopulation(engine: Engine, source: SqlSource, limit: number, ctx: CallContext): Promise<SegmentMembers> {
  const body = segmentSql(source.sql);
  const queryId = randomUUID();
  ctx.onCancel(async () => void (await engine.interrupt(queryId)));
  const head = await engine.query(`SELECT * FROM (${body}) LIMIT 0`, { queryId });
  const columns = head.columns.map((c) => c.name);
  const first = columns[0];
  if (first === undefined)
    throw new WorkbenchError(ErrorCode.InvalidArgument, 'source.sql: the query returns no columns.', { field: 'source.sql' });
  const id = `"${first.replace(/"/g, '""')}"`;
  const count = await engine.query(`SELECT count(DISTINCT ${id}) FROM (${body})`, { queryId });
  const ids = await engine.query(
    `SELECT DISTINCT CAST(${id} AS VARCHAR) AS id FROM (${body}) WHERE ${id} IS NOT NULL ORDER BY id LIMIT ${limit}`,
    { queryId },
  );
  return { count: Number(count.data[0]?.[0] ?? 0), customerIds: (ids.data[0] ?? []).map(String), columns };
}
