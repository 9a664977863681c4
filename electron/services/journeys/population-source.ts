/** A request's `population` checked against the workspace and turned into a restricted source (a semi-join in SQL). */
import { ErrorCode, WorkbenchError } from '../../../shared/api/result';
import {
  columnMembersSql,
  filterMembersSql,
  restrictToMembers,
  type Population,
  type PopulationMembers,
} from '../../../shared/journeys/population';
import { sourcePopulation, type SegmentSource } from '../../../shared/segments/segment';
import type { Dataset } from '../../../shared/types';
import type { DatasetsService } from '../datasets/datasets-service';
import type { Engine } from '../engine/engine';
import { membersSql, type Restriction } from '../segments/population';
import type { SegmentStore } from '../segments/segment-store';

export interface PopulationDeps {
  engine: Engine;
  datasets: DatasetsService;
  segments: SegmentStore;
}

const bad = (field: string, message: string) => new WorkbenchError(ErrorCode.InvalidArgument, message, { field });

function columnOf(d: Dataset, name: string, field: string): string {
  const c = d.columns.find((x) => x.name === name);
  if (!c) throw bad(field, `${field}: "${name}" is not a column of ${d.name}.`);
  return c.type;
}

async function members(deps: PopulationDeps, p: Exclude<Population, { kind: 'all' }>, d: Dataset, source: string, customerColumn: string) {
  if (p.kind === 'filter') {
    columnOf(d, p.column, 'population.column');
    return { sql: filterMembersSql(source, customerColumn, p), idType: columnOf(d, customerColumn, 'customerColumn') };
  }
  if (p.kind === 'column') {
    let other: Dataset;
    try {
      other = deps.datasets.get(p.datasetId);
    } catch {
      throw bad('population.datasetId', `population.datasetId: no loaded dataset "${p.datasetId}" in this workspace.`);
    }
    const idType = columnOf(other, p.idColumn, 'population.idColumn');
    columnOf(other, p.column, 'population.column');
    return { sql: columnMembersSql(other.relation, p), idType };
  }
  let segment;
  try {
    segment = deps.segments.get(p.segmentId);
  } catch {
    throw bad('population.segmentId', `population.segmentId: no segment "${p.segmentId}" in this workspace.`);
  }
  let home: Dataset;
  try {
    home = deps.datasets.get(segment.source.datasetId);
  } catch {
    throw bad('population.segmentId', `population.segmentId: the dataset of segment "${segment.name}" is no longer loaded.`);
  }
  return membersSql(deps.engine, home, segment.source, segmentRestriction(deps, segment.source, home));
}

/** The rows of a segment's dataset narrowed to the population the segment holds; none when it holds none. */
export function segmentRestriction(deps: PopulationDeps, source: SegmentSource, d: Dataset): Restriction | undefined {
  const p = sourcePopulation(source);
  return p && ((rows, customerColumn) => populationSource(deps, p, d, rows, customerColumn));
}

/**
 * `source` (the analysed table's relation or a parenthesised SELECT over it) restricted to the population's
 * customers by their `customerColumn`; the source unchanged for no population or `all`.
 */
export async function populationSource(
  deps: PopulationDeps,
  population: Population | undefined,
  d: Dataset,
  source: string,
  customerColumn: string,
): Promise<string> {
  if (!population || population.kind === 'all') return source;
  const m: PopulationMembers = await members(deps, population, d, source, customerColumn);
  return restrictToMembers(source, customerColumn, columnOf(d, customerColumn, 'customerColumn'), m);
}
