/** The customers through one Sankey node, from the same session and path rules as journeys.paths (pathsWalkSql). */
import type { CallContext } from '../../../shared/api/call-context';
import { ErrorCode, WorkbenchError } from '../../../shared/api/result';
import { pathNodeIdsSql, pathNodeMembersSql, type PathsSpec } from '../../../shared/journeys/paths-sql';
import type { PathNodeSource, SegmentMembers } from '../../../shared/segments/segment';
import type { Dataset } from '../../../shared/types';
import { quoteIdent } from '../../../shared/sql';
import type { Engine } from '../engine/engine';
import type { Restriction } from '../segments/population';
import { columnType, runner } from './paths-service';

/** The node's customers as one SELECT of their ids (as text), for a population's semi-join; checked as `pathNodeMembers` checks. */
export async function pathNodeMembersSelect(dataset: Dataset, source: PathNodeSource, restrict?: Restriction): Promise<string> {
  const { spec, step, event } = await nodeSpec(dataset, source, restrict);
  return pathNodeIdsSql(spec, step, event);
}

/** The paths spec of the node's request; `restrict` narrows the rows to the segment's population. */
async function nodeSpec(
  dataset: Dataset,
  source: PathNodeSource,
  restrict?: Restriction,
): Promise<{ spec: PathsSpec; step: number; event: string }> {
  const { kind: _kind, datasetId: _datasetId, population: _population, step, event, ...req } = source;
  if (step > req.steps)
    throw new WorkbenchError(ErrorCode.InvalidArgument, `source.step: ${step} is past the path's ${req.steps} steps.`, {
      field: 'source.step',
    });
  columnType(dataset, req.customerColumn, 'source.customerColumn');
  columnType(dataset, req.eventColumn, 'source.eventColumn');
  if (req.sessionColumn !== undefined) columnType(dataset, req.sessionColumn, 'source.sessionColumn');
  const spec: PathsSpec = { ...req, relation: dataset.relation, timeType: columnType(dataset, req.timeColumn, 'source.timeColumn') };
  if (restrict) spec.source = await restrict(quoteIdent(dataset.relation), req.customerColumn);
  return { spec, step, event };
}

export async function pathNodeMembers(
  engine: Engine,
  dataset: Dataset,
  source: PathNodeSource,
  limit: number,
  ctx: CallContext,
  restrict?: Restriction,
): Promise<SegmentMembers> {
  const { spec, step, event } = await nodeSpec(dataset, source, restrict);
  ctx.onProgress(0.05, `Finding the customers through ${event} at step ${step}…`);
  const page = await runner(engine, ctx)(pathNodeMembersSql(spec, step, event, limit));
  return {
    count: Number(page.data[0]?.[0] ?? 0),
    customerIds: (page.data[1] ?? []).map(String),
    columns: [source.customerColumn],
  };
}
