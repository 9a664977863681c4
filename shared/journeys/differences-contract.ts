/** Journeys: what converters did differently (request schema and response type). */
import { z } from 'zod';
import { columnName, id, returns } from '../api/schemas';
import { MAX_DIFFERENCES_LIMIT, type DifferencesResult } from './differences';
import { populationSchema } from './population';

/** At most this many conversion event names (a touchpoint bound to several). */
export const MAX_CONVERSION_EVENTS = 20;

export const differencesContract = {
  'journeys.differences': {
    job: true,
    request: z
      .object({
        datasetId: id,
        customerColumn: columnName,
        timeColumn: columnName,
        eventColumn: columnName,
        /** A customer converts at their first row with one of these event names. */
        conversionEvents: z.array(z.string().min(1).max(1024)).min(1).max(MAX_CONVERSION_EVENTS),
        /** Default: DEFAULT_DIFFERENCES_MIN_SUPPORT customers who did the event. */
        minSupport: z.number().int().min(1).optional(),
        /** Default: DEFAULT_DIFFERENCES_LIMIT events on each side. */
        limit: z.number().int().min(1).max(MAX_DIFFERENCES_LIMIT).optional(),
        /** Only these customers' rows (default: all customers), as in journeys.funnel. */
        population: populationSchema.optional(),
      })
      .strict(),
    response: returns<DifferencesResult>(),
  },
} as const;
