/** Journeys: the funnel methods (request schemas and response types). */
import { z } from 'zod';
import { columnName, id, returns } from '../api/schemas';
import {
  FUNNEL_FILTER_OPS,
  FUNNEL_MODES,
  MAX_FUNNEL_STEPS,
  MAX_STEP_EVENTS,
  MAX_FUNNEL_WINDOW_SECONDS,
  MIN_FUNNEL_STEPS,
  type FunnelResult,
} from './funnel';
import { populationSchema } from './population';

const eventName = z.string().min(1).max(1024);
const filter = z
  .object({
    column: columnName,
    op: z.enum(FUNNEL_FILTER_OPS),
    value: z.union([z.string().max(4096), z.number().finite(), z.boolean()]),
  })
  .strict();
/** A step: an event name, or `{ event, filters }` where event is a name or several (a row matching any of them counts). */
export const funnelStepSchema = z.union([
  eventName,
  z
    .object({
      event: z.union([eventName, z.array(eventName).min(1).max(MAX_STEP_EVENTS)]),
      filters: z.array(filter).max(20).optional(),
    })
    .strict(),
]);
const stepNumber = z.number().int().min(1).max(MAX_FUNNEL_STEPS);

export const funnelContract = {
  'journeys.funnel': {
    job: true,
    request: z
      .object({
        datasetId: id,
        customerColumn: columnName,
        timeColumn: columnName,
        eventColumn: columnName,
        steps: z.array(funnelStepSchema).min(MIN_FUNNEL_STEPS).max(MAX_FUNNEL_STEPS),
        /** Default: DEFAULT_FUNNEL_WINDOW_SECONDS (14 days). */
        windowSeconds: z.number().positive().max(MAX_FUNNEL_WINDOW_SECONDS).optional(),
        /** Default: DEFAULT_FUNNEL_MODE (ordered). */
        mode: z.enum(FUNNEL_MODES).optional(),
        exclusions: z
          .array(z.object({ event: eventName, between: z.tuple([stepNumber, stepNumber]).optional() }).strict())
          .max(20)
          .optional(),
        breakdownColumn: columnName.optional(),
        /** Return the customers who reached the step before this one but not this one (2..number of steps). */
        droppedAt: stepNumber.optional(),
        /** Return the customers who reached this step (1..number of steps). */
        reachedAt: stepNumber.optional(),
        /** Only these customers' rows (default: all customers). */
        population: populationSchema.optional(),
      })
      .strict(),
    response: returns<FunnelResult>(),
  },
} as const;
