/** Experiments: analysis of a loaded table, and saved experiments with their reports. */
import { z } from 'zod';
import type { SavedExperiment } from '../types';
import type { ExperimentAnalysis } from '../experiment-types';
import { columnName, empty, id, path, returns } from '../api/schemas';
import { CORRECTIONS } from '../stats/multiple';

export const experimentsContract = {
  'experiments.analyze': {
    job: true,
    request: z
      .object({
        datasetId: id,
        unitColumn: columnName,
        variantColumn: columnName,
        controlValue: z.string().max(1024).optional(),
        metricColumn: columnName,
        metricKind: z.enum(['binary', 'continuous']),
        covariateColumn: columnName.optional(),
        breakdownColumn: columnName.optional(),
        timeColumn: columnName.optional(),
        winsorizePercentile: z.number().gt(0.5).lt(1).optional(),
        alpha: z.number().gt(0).lt(1).optional(),
        correction: z.enum(CORRECTIONS).optional(),
        expectedWeights: z.record(z.string(), z.number().positive()).optional(),
      })
      .strict(),
    response: returns<ExperimentAnalysis>(),
  },
  'experiments.list': { request: empty, response: returns<SavedExperiment[]>() },
  'experiments.save': {
    request: z
      .object({
        id: id.optional(),
        name: z.string().trim().min(1).max(200),
        kind: z.enum(['data', 'conversion', 'continuous', 'power', 'srm']),
        inputs: z.record(z.string(), z.unknown()),
        results: z.record(z.string(), z.unknown()),
        notes: z.string().max(100_000),
      })
      .strict(),
    response: returns<SavedExperiment>(),
  },
  'experiments.duplicate': { request: z.object({ id }).strict(), response: returns<SavedExperiment>() },
  'experiments.delete': { request: z.object({ id }).strict(), response: returns<{ removed: boolean }>() },
  'experiments.export': {
    job: true,
    request: z.object({ id, format: z.enum(['markdown', 'html', 'csv']), path: path.optional() }).strict(),
    response: returns<{ path: string }>(),
  },
} as const;
