/** Segments: what one is, and its definition in words. */
import { stepName, type FunnelMode, type FunnelStep } from '../journeys/funnel';
import type { PathsRequest } from '../journeys/paths-sql';
import { describePopulation, type Population } from '../journeys/population';

export const SEGMENT_SOURCE_KINDS = ['funnel_dropoff', 'sql', 'path_node'] as const;
export type SegmentSourceKind = (typeof SEGMENT_SOURCE_KINDS)[number];
export const DEFAULT_SEGMENT_MEMBER_LIMIT = 1000;
export const MAX_SEGMENT_MEMBER_LIMIT = 100_000;

export interface FunnelDropoffSource {
  kind: 'funnel_dropoff';
  datasetId: string;
  customerColumn: string;
  timeColumn: string;
  eventColumn: string;
  steps: FunnelStep[];
  windowSeconds?: number;
  mode?: FunnelMode;
  /** The step not reached (from 2): customers who reached step droppedAt − 1 but not droppedAt. */
  droppedAt: number;
  /** The population the drop-off was counted over: members are its customers only (absent in segments saved before populations). */
  population?: Population;
}

export interface SqlSource {
  kind: 'sql';
  datasetId: string;
  sql: string;
}

/** The customers through one Sankey node: the paths request (without limit and min weight, which only change what is drawn) and the node. */
export interface PathNodeSource extends Omit<PathsRequest, 'minWeight' | 'limit'> {
  kind: 'path_node';
  datasetId: string;
  /** The node's position in the path, from 1 (at most `steps`). */
  step: number;
  /** The node's event name. */
  event: string;
  /** The population the paths were drawn over: members are its customers only. */
  population?: Population;
}

export type SegmentSource = FunnelDropoffSource | SqlSource | PathNodeSource;

export interface Segment {
  id: string;
  name: string;
  description?: string;
  source: SegmentSource;
  lineage: { datasetFingerprint: string; createdFrom: string };
  /** Members when it was saved. */
  count: number;
  createdAt: string;
  updatedAt: string;
}

export interface SegmentMembers {
  /** Members now, recomputed from the definition. */
  count: number;
  /** The first ids (at most the request's limit), in id order. */
  customerIds: string[];
  /** The columns the ids come from. */
  columns: string[];
}

/** The source's population, if it holds one that narrows (`all` is the same as none). */
export function sourcePopulation(source: SegmentSource): Exclude<Population, { kind: 'all' }> | undefined {
  return source.kind !== 'sql' && source.population && source.population.kind !== 'all' ? source.population : undefined;
}

/**
 * The definition in words, e.g. "Dropped after Cart in E-commerce funnel (events)", with its population
 * ("… among customers with plan = pro"); `names` name the population's segment or dataset.
 */
export function describeSource(
  source: SegmentSource,
  datasetName: string,
  createdFrom?: string,
  names: { segment?: string; dataset?: string } = {},
): string {
  if (source.kind === 'sql') return `Rows of a SQL query over ${datasetName}`;
  const where = createdFrom ? `${createdFrom} (${datasetName})` : datasetName;
  const p = sourcePopulation(source);
  const among = p ? ` among ${describePopulation(p, names)}` : '';
  if (source.kind === 'path_node') {
    const upTo = source.endEvent === undefined ? '' : ` of the ${source.steps} up to ${source.endEvent}`;
    return `Through ${source.event} at step ${source.step}${upTo} of the paths in ${where}${among}`;
  }
  const before = source.steps[source.droppedAt - 2];
  const after = before === undefined ? `step ${source.droppedAt - 1}` : stepName(before);
  return `Dropped after ${after} in ${where}${among}`;
}
