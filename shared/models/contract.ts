/** Models: train, cluster, score, evaluate, inspect, CLV, and the registry. */
import { z } from 'zod';
import { CLUSTER_ALGORITHMS, CLUSTER_SCALES, type AlgorithmInfo, type ClusterScale } from '../ml/catalog';
import type { OnnxInfo } from '../onnx-types';
import type { RegisteredModel } from '../types';
import { columnName, empty, id, path, returns, tableName } from '../api/schemas';

/** A registered model by id, or an ONNX file (an imported model) by path. */
const modelRef = z.union([z.object({ id }).strict(), z.object({ path }).strict()]);
const inputMapping = z.record(z.string().min(1).max(256), z.array(columnName).min(1).max(500));
/** One numeric column's preprocessing (see shared/ml/preprocess.ts). */
const numericStep = z
  .object({
    impute: z.enum(['mean', 'median', 'most_frequent', 'constant']).nullable().optional(),
    fillValue: z.number().finite().optional(),
    indicator: z.boolean().optional(),
    scale: z.enum(['standard', 'minmax']).nullable().optional(),
    outliers: z.enum(['zscore', 'iqr']).nullable().optional(),
  })
  .strict();

export const modelsContract = {
  'models.list': { request: empty, response: returns<RegisteredModel[]>() },
  'models.algorithms': { request: empty, response: returns<readonly AlgorithmInfo[]>() },
  'models.train': {
    job: true,
    request: z
      .object({
        datasetId: id,
        name: z.string().regex(/^[\w.-]{1,80}$/),
        features: z.array(columnName).min(1).max(500),
        target: columnName,
        algorithm: z.enum(['logistic_regression', 'gradient_boosting', 'random_forest']).optional(),
        task: z.enum(['classification', 'regression']).optional(),
        iterations: z.number().int().min(1).max(2000).optional(),
        crossValidate: z.boolean().optional(),
        impute: z.enum(['mean', 'median', 'most_frequent', 'constant']).optional(),
        preprocess: z
          .object({
            ...numericStep.shape,
            columns: z.record(columnName, numericStep).optional(),
            encoding: z.record(columnName, z.enum(['onehot', 'target'])).optional(),
            maxCategories: z.number().int().min(1).max(1000).optional(),
            smoothing: z.number().min(0).optional(),
          })
          .strict()
          .optional(),
        C: z.number().positive().optional(),
        classWeight: z.enum(['balanced']).nullable().optional(),
        testShare: z.number().gt(0).lt(1).optional(),
        seed: z.number().int().optional(),
      })
      .strict(),
    response: returns<RegisteredModel & { evaluation: Record<string, unknown> }>(),
  },
  'models.score': {
    job: true,
    request: z
      .object({
        datasetId: id,
        model: modelRef,
        features: z.array(columnName).max(500).optional(),
        inputs: inputMapping.optional(),
        table: tableName,
        /** Input columns carried beside the scores; default: `id` and columns ending in `_id`. */
        keep: z.array(columnName).max(500).optional(),
      })
      .strict(),
    response: returns<{ table: string; rows: number; outputs: string[]; kept: string[]; drift: unknown }>(),
  },
  'models.evaluate': {
    job: true,
    request: z
      .object({
        datasetId: id,
        model: modelRef,
        target: columnName,
        features: z.array(columnName).max(500).optional(),
        inputs: inputMapping.optional(),
        output: z.string().min(1).max(256).optional(),
        task: z.enum(['classification', 'regression']).optional(),
        threshold: z.number().min(0).max(1).optional(),
      })
      .strict(),
    response: returns<Record<string, unknown>>(),
  },
  'models.inspect': { request: z.object({ path }).strict(), response: returns<OnnxInfo>() },
  'models.clv': {
    job: true,
    request: z
      .object({
        datasetId: id,
        customerColumn: columnName,
        dateColumn: columnName,
        amountColumn: columnName,
        asOf: z
          .string()
          .regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD')
          .optional(),
        horizon: z.number().positive().max(36_500).optional(),
        monthlyDiscount: z.number().min(0).lt(1).optional(),
        table: tableName,
      })
      .strict(),
    response: returns<Record<string, unknown>>(),
  },
  /** Recency, frequency and monetary scores in quintiles from an orders table, written to `table`, with the classic segments. */
  'models.rfm': {
    job: true,
    request: z
      .object({
        datasetId: id,
        customerColumn: columnName,
        dateColumn: columnName,
        amountColumn: columnName,
        asOf: z
          .string()
          .regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD')
          .optional(),
        table: tableName,
      })
      .strict(),
    response: returns<{ table: string; customers: number; segments: { segment: string; customers: number }[] }>(),
  },
  'models.cluster': {
    job: true,
    request: z
      .object({
        datasetId: id,
        name: z.string().regex(/^[\w.-]{1,80}$/),
        features: z.array(columnName).min(1).max(500),
        k: z.number().int().min(1).max(1000).optional(),
        kRange: z.tuple([z.number().int().min(2).max(1000), z.number().int().min(2).max(1000)]).optional(),
        restarts: z.number().int().min(1).max(100).optional(),
        algorithm: z.enum(CLUSTER_ALGORITHMS).optional(),
        scale: z.enum(CLUSTER_SCALES).optional(),
        seed: z.number().int().optional(),
      })
      .strict(),
    response: returns<
      RegisteredModel & { scale: ClusterScale; profiles: Record<string, unknown>[]; selection: Record<string, unknown> | null }
    >(),
  },
} as const;
