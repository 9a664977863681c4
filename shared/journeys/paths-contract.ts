/** Journeys: the paths methods (request schemas and response types). */
import { z } from 'zod';
import { columnName, id, returns } from '../api/schemas';
import { MARKOV_ORDERS, MAX_EVENT_CHANNELS, PATH_STEPS_MAX, PATH_STEPS_MIN, type AttributionResult, type PathsResult } from './paths-types';
import { populationSchema } from './population';

const channel = z.string().min(1).max(200);
/** Property filters: column → value, compared as text (a map card's binding filters). */
const propertyFilters = z.record(columnName, z.string().max(1000)).refine((f) => Object.keys(f).length <= 20, {
  message: 'at most 20 property filters',
});
/** Cards one event may be bound to, each with its own filters. */
const MAX_CHANNEL_RULES = 50;

export const pathsContract = {
  'journeys.paths': {
    job: true,
    request: z
      .object({
        datasetId: id,
        customerColumn: columnName,
        timeColumn: columnName,
        eventColumn: columnName,
        /** Sessions from this column (per customer) instead of the inactivity gap. */
        sessionColumn: columnName.optional(),
        /** Default DEFAULT_SESSION_GAP_SECONDS (30 minutes). */
        sessionGapSeconds: z
          .number()
          .positive()
          .max(366 * 86400)
          .optional(),
        steps: z.number().int().min(PATH_STEPS_MIN).max(PATH_STEPS_MAX),
        /** The N steps up to (and including) the first occurrence of this event, instead of the first N. */
        endEvent: z.string().min(1).max(1024).optional(),
        minWeight: z.number().int().min(1).optional(),
        limit: z.number().int().min(1).max(10_000).optional(),
        collapseRepeats: z.boolean().optional(),
        /** Only these customers' rows (default: all customers). */
        population: populationSchema.optional(),
      })
      .strict(),
    response: returns<PathsResult>(),
  },
  'journeys.attribution': {
    job: true,
    request: z
      .object({
        datasetId: id,
        journeyColumn: columnName,
        timeColumn: columnName,
        channelColumn: columnName,
        /** A journey converts if any of its rows has a true value here (give this or `convertedEvents`). */
        convertedColumn: columnName.optional(),
        /**
         * Touchpoints from event names: the channel column holds events, each event here counts as its channel
         * (a map's card id), and rows with other events are not touchpoints.
         */
        eventChannels: z
          .record(
            z.string().min(1).max(1024),
            z.union([
              channel,
              /** Rules tried in order: the event's rows matching every filter (column → value, as text) count as the channel. */
              z
                .array(z.object({ channel, filters: propertyFilters.optional() }).strict())
                .min(1)
                .max(MAX_CHANNEL_RULES),
            ]),
          )
          .refine((m) => Object.keys(m).length >= 1 && Object.keys(m).length <= MAX_EVENT_CHANNELS, {
            message: `eventChannels must map 1 to ${MAX_EVENT_CHANNELS} event names`,
          })
          .optional(),
        /** A journey converts at its first row (with a time) holding one of these events in the channel column; later touchpoints are left out. */
        convertedEvents: z.array(z.string().min(1).max(1024)).min(1).max(100).optional(),
        /** Only rows of `convertedEvents` matching every filter (column → value, as text) convert. */
        convertedFilters: propertyFilters.optional(),
        order: z
          .number()
          .int()
          .refine((n) => (MARKOV_ORDERS as readonly number[]).includes(n), { message: `order must be one of ${MARKOV_ORDERS.join(', ')}` })
          .optional(),
        /** Only the journeys of these customers, by the journey column (default: all). */
        population: populationSchema.optional(),
      })
      .strict(),
    response: returns<AttributionResult>(),
  },
} as const;
