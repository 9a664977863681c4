/** Models: train, cluster, project (PCA), score, evaluate, inspect, CLV, RFM, and the registry. */
import { z } from 'zod';
import { CALIBRATION_MODES } from '../ml/calibration';
import { ENCODINGS, IMPUTE_MODES, OUTLIER_MODES, SCALE_MODES } from '../ml/preprocess';
import { CLUSTER_ALGORITHMS, CLUSTER_SCALES, TRAIN_ALGORITHMS, TRAIN_TASKS, type AlgorithmInfo } from '../ml/catalog';
import type { OnnxInfo } from '../onnx/types';
import { columnName, empty, id, path, returns, tableName } from '../api/schemas';
import { clusterRequestIssues, PCA_SCALES } from './requests';
import type { ClusterResult, ClvResult, EvaluateResult, PcaResponse, RegisteredModel, RfmResult, ScoreResult, TrainResult } from './types';

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD');
/** A registered model by id, or an ONNX file (an imported model) by path. */
const modelRef = z.union([z.object({ id }).strict(), z.object({ path }).strict()]);
const inputMapping = z.record(z.string().min(1).max(256), z.array(columnName).min(1).max(500));
/** One numeric column's preprocessing (see shared/ml/preprocess.ts). */
const numericStep = z
  .object({
    impute: z.enum(IMPUTE_MODES).nullable().optional(),
    fillValue: z.number().finite().optional(),
    indicator: z.boolean().optional(),
    scale: z.enum(SCALE_MODES).nullable().optional(),
    outliers: z.enum(OUTLIER_MODES).nullable().optional(),
  })
  .strict();

/** An orders table's columns, as RFM and CLV read them. */
const ordersFields = {
  datasetId: id,
  customerColumn: columnName,
  dateColumn: columnName,
  amountColumn: columnName,
  asOf: isoDay.optional(),
};

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
        algorithm: z.enum(TRAIN_ALGORITHMS).optional(),
        task: z.enum(TRAIN_TASKS).optional(),
        iterations: z.number().int().min(1).max(2000).optional(),
        crossValidate: z.boolean().optional(),
        calibration: z.enum(CALIBRATION_MODES).optional(),
        impute: z.enum(IMPUTE_MODES).optional(),
        preprocess: z
          .object({
            ...numericStep.shape,
            columns: z.record(columnName, numericStep).optional(),
            encoding: z.record(columnName, z.enum(ENCODINGS)).optional(),
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
    response: returns<TrainResult>(),
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
    response: returns<ScoreResult>(),
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
        task: z.enum(TRAIN_TASKS).optional(),
        threshold: z.number().min(0).max(1).optional(),
      })
      .strict(),
    response: returns<EvaluateResult>(),
  },
  'models.inspect': { request: z.object({ path }).strict(), response: returns<OnnxInfo>() },
  'models.clv': {
    job: true,
    request: z
      .object({
        ...ordersFields,
        horizon: z.number().positive().max(36_500).optional(),
        monthlyDiscount: z.number().min(0).lt(1).optional(),
        table: tableName,
      })
      .strict(),
    response: returns<ClvResult>(),
  },
  'models.rfm': {
    job: true,
    request: z
      .object({
        ...ordersFields,
        table: tableName,
      })
      .strict(),
    response: returns<RfmResult>(),
  },
  'models.cluster': {
    job: true,
    request: z
      .object({
        datasetId: id,
        /** k-means registers a model under this name; the other algorithms write labels to `table` instead. */
        name: z
          .string()
          .regex(/^[\w.-]{1,80}$/)
          .optional(),
        features: z.array(columnName).min(1).max(500),
        algorithm: z.enum(CLUSTER_ALGORITHMS).optional(),
        k: z.number().int().min(1).max(1000).optional(),
        kRange: z.tuple([z.number().int().min(2).max(1000), z.number().int().min(2).max(1000)]).optional(),
        restarts: z.number().int().min(1).max(100).optional(),
        eps: z.number().positive().finite().optional(),
        minSamples: z.number().int().min(1).max(1000).optional(),
        scale: z.enum(CLUSTER_SCALES).optional(),
        seed: z.number().int().optional(),
        /** A table of labels (row_number, identifier columns, cluster); required unless the algorithm is kmeans. */
        table: tableName.optional(),
      })
      .strict()
      .superRefine((req, check) => {
        for (const issue of clusterRequestIssues(req)) check.addIssue({ code: 'custom', path: [issue.field], message: issue.message });
      }),
    response: returns<ClusterResult>(),
  },
  'models.pca': {
    job: true,
    request: z
      .object({
        datasetId: id,
        features: z.array(columnName).min(2).max(500),
        scale: z.enum(PCA_SCALES).optional(),
        components: z.number().int().min(1).max(500).optional(),
        sample: z.number().int().min(2).optional(),
        seed: z.number().int().optional(),
      })
      .strict(),
    response: returns<PcaResponse>(),
  },
} as const;
