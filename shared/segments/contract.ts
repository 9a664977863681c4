/** Segments: saved populations (a funnel drop-off, a Sankey path node or a SQL query) with the rule that recomputes them. */
import { z } from 'zod';
import { columnName, empty, id, returns } from '../api/schemas';
import { FUNNEL_MODES, MAX_FUNNEL_STEPS, MAX_FUNNEL_WINDOW_SECONDS, MIN_FUNNEL_STEPS } from '../journeys/funnel';
import { funnelStepSchema } from '../journeys/funnel-contract';
import { pathsContract } from '../journeys/paths-contract';
import { PATH_STEPS_MAX } from '../journeys/paths-types';
import { populationSchema } from '../journeys/population';
import { MAX_SEGMENT_MEMBER_LIMIT, SEGMENT_SOURCE_KINDS, type Segment, type SegmentMembers } from './segment';

const funnelDropoff = z
  .object({
    kind: z.literal(SEGMENT_SOURCE_KINDS[0]),
    datasetId: id,
    customerColumn: columnName,
    timeColumn: columnName,
    eventColumn: columnName,
    steps: z.array(funnelStepSchema).min(MIN_FUNNEL_STEPS).max(MAX_FUNNEL_STEPS),
    windowSeconds: z.number().positive().max(MAX_FUNNEL_WINDOW_SECONDS).optional(),
    mode: z.enum(FUNNEL_MODES).optional(),
    /** The step the customers did not reach (2..number of steps), as `droppedAt` in journeys.funnel. */
    droppedAt: z.number().int().min(2).max(MAX_FUNNEL_STEPS),
    /** The population the drop-off was counted over (as in journeys.funnel): the members are its customers only. */
    population: populationSchema.optional(),
  })
  .strict();
const sqlSource = z
  .object({
    kind: z.literal(SEGMENT_SOURCE_KINDS[1]),
    datasetId: id,
    /** One SELECT (or WITH … SELECT) whose first column is the customer id. */
    sql: z.string().min(1).max(100_000),
  })
  .strict();

/** The `journeys.paths` request (its limit and min weight only change what is drawn) and one node: its position and event. */
const pathNode = pathsContract['journeys.paths'].request
  .omit({ minWeight: true, limit: true })
  .extend({
    kind: z.literal(SEGMENT_SOURCE_KINDS[2]),
    /** Position from 1, at most `steps`. */
    step: z.number().int().min(1).max(PATH_STEPS_MAX),
    event: z.string().min(1).max(1024),
  })
  .strict();

export const segmentSourceSchema = z.discriminatedUnion('kind', [funnelDropoff, sqlSource, pathNode]);

export const segmentsContract = {
  'segments.list': { request: empty, response: returns<Segment[]>() },
  'segments.save': {
    request: z
      .object({
        name: z.string().trim().min(1).max(200),
        description: z.string().max(2000).optional(),
        /** Where it was made, in words (a journey map's name); kept in its lineage. */
        createdFrom: z.string().min(1).max(200).optional(),
        source: segmentSourceSchema,
      })
      .strict(),
    response: returns<Segment>(),
  },
  'segments.delete': { request: z.object({ id }).strict(), response: returns<{ removed: true }>() },
  'segments.members': {
    job: true,
    request: z
      .object({
        id,
        /** Default: DEFAULT_SEGMENT_MEMBER_LIMIT ids. */
        limit: z.number().int().min(1).max(MAX_SEGMENT_MEMBER_LIMIT).optional(),
      })
      .strict(),
    response: returns<SegmentMembers>(),
  },
} as const;
