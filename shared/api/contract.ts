/**
 * The one API both hosts serve (Electron IPC and the browser-mode HTTP host).
 * Each method has a runtime-validated request schema and a response type.
 */
import { z } from 'zod';
import type { AlgorithmInfo } from '../ml/catalog';
import type { OnnxInfo } from '../onnx-types';
import type {
  AuditEntry,
  ColumnPage,
  ColumnProfile,
  Dataset,
  HistoryEntry,
  JobStatus,
  Preview,
  QueryResult,
  RegisteredModel,
  SavedExperiment,
  SavedQuery,
} from '../types';
import type { ExperimentAnalysis } from '../experiment-types';
import type { METHOD_NAMES } from './methods';
import type { Result } from './result';

/** Marker carrying a response type without a runtime value. */
function returns<T>(): T {
  return undefined as T;
}

const csvOptions = z
  .object({
    delimiter: z.string().min(1).max(4).optional(),
    header: z.boolean().optional(),
    decimalComma: z.boolean().optional(),
    encoding: z.enum(['utf-8', 'utf-16', 'latin-1']).optional(),
    skipRows: z.number().int().min(0).max(1_000_000).optional(),
    dateFormat: z.string().max(64).optional(),
  })
  .strict();

export const loadOptionsSchema = z
  .object({
    format: z.enum(['csv', 'parquet', 'json', 'xlsx']).optional(),
    csv: csvOptions.optional(),
    sheet: z.string().max(255).optional(),
  })
  .strict();

const path = z.string().min(1).max(4096);
const id = z.string().min(1).max(128);
const columnName = z.string().min(1).max(1024);
/** A table the engine writes (scores, CLV): a plain SQL identifier. */
const tableName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/, 'use letters, digits and underscores, starting with a letter');
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

const filterSpec = z.discriminatedUnion('kind', [
  z.object({
    column: columnName,
    kind: z.literal('text'),
    op: z.enum(['contains', 'notContains', 'equals', 'notEqual', 'startsWith', 'endsWith']),
    value: z.string().max(10_000),
  }),
  z.object({
    column: columnName,
    kind: z.literal('number'),
    op: z.enum(['equals', 'notEqual', 'lessThan', 'lessThanOrEqual', 'greaterThan', 'greaterThanOrEqual', 'inRange']),
    value: z.number().finite(),
    to: z.number().finite().optional(),
  }),
  z.object({ column: columnName, kind: z.literal('blank'), op: z.enum(['blank', 'notBlank']) }),
]);

const sortSpec = z.object({ column: columnName, direction: z.enum(['asc', 'desc']) });

const empty = z.object({}).strict();

/** What "From data" analyses: a dataset, its columns and the test's options (shared/experiment-types.ts). */
const experimentSpec = z
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
    correction: z.enum(['none', 'bonferroni', 'holm', 'bh']).optional(),
    expectedWeights: z.record(z.string(), z.number().positive()).optional(),
  })
  .strict();

export const contract = {
  'app.info': {
    request: empty,
    response: returns<{ workspace: string; version: string; sampleDataDir: string; datasetCount: number }>(),
  },
  'files.list': {
    request: z.object({ dir: path.optional() }).strict(),
    response: returns<{
      dir: string;
      parent: string | null;
      entries: { name: string; path: string; kind: 'dir' | 'file'; size: number }[];
    }>(),
  },
  'datasets.list': { request: empty, response: returns<Dataset[]>() },
  'datasets.preview': {
    request: z.object({ path, options: loadOptionsSchema.optional() }).strict(),
    response: returns<Preview>(),
  },
  'datasets.open': {
    request: z
      .object({
        path,
        name: z.string().min(1).max(128).optional(),
        mode: z.enum(['view', 'import']).optional(),
        options: loadOptionsSchema.optional(),
      })
      .strict(),
    response: returns<{ jobId: string }>(),
  },
  'datasets.remove': { request: z.object({ id }).strict(), response: returns<{ removed: boolean }>() },
  'jobs.status': { request: z.object({ id }).strict(), response: returns<JobStatus>() },
  'jobs.cancel': { request: z.object({ id }).strict(), response: returns<JobStatus>() },
  'explore.page': {
    request: z
      .object({
        datasetId: id,
        offset: z.number().int().min(0),
        limit: z.number().int().min(1).max(5000),
        sort: z.array(sortSpec).max(16).optional(),
        filters: z.array(filterSpec).max(64).optional(),
      })
      .strict(),
    response: returns<{ page: ColumnPage; total: number }>(),
  },
  'explore.profile': {
    request: z.object({ datasetId: id }).strict(),
    response: returns<ColumnProfile[]>(),
  },
  'query.run': {
    request: z
      .object({ sql: z.string().min(1).max(1_000_000), limit: z.number().int().min(1).max(100_000).optional(), runId: id.optional() })
      .strict(),
    response: returns<QueryResult>(),
  },
  'query.cancel': { request: z.object({ runId: id }).strict(), response: returns<{ cancelled: boolean }>() },
  'query.history': { request: empty, response: returns<HistoryEntry[]>() },
  'query.saved': { request: empty, response: returns<SavedQuery[]>() },
  'query.save': {
    request: z.object({ name: z.string().min(1).max(200), sql: z.string().min(1).max(1_000_000) }).strict(),
    response: returns<SavedQuery>(),
  },
  'query.deleteSaved': { request: z.object({ id: z.number().int() }).strict(), response: returns<{ removed: boolean }>() },
  'export.result': {
    request: z.object({ sql: z.string().min(1).max(1_000_000), format: z.enum(['csv', 'parquet']), path: path.optional() }).strict(),
    response: returns<{ path: string; rows: number }>(),
  },
  'experiments.analyze': { request: experimentSpec, response: returns<ExperimentAnalysis>() },
  /** The same analysis as a job: follow it with jobs.status, stop it with jobs.cancel, then fetch experiments.result. */
  'experiments.analyzeJob': { request: experimentSpec, response: returns<{ jobId: string }>() },
  'experiments.result': { request: z.object({ jobId: id }).strict(), response: returns<ExperimentAnalysis>() },
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
    request: z.object({ id, format: z.enum(['markdown', 'html', 'csv']), path: path.optional() }).strict(),
    response: returns<{ path: string }>(),
  },
  'models.list': { request: empty, response: returns<RegisteredModel[]>() },
  'models.algorithms': { request: empty, response: returns<readonly AlgorithmInfo[]>() },
  'models.train': {
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
    request: z
      .object({
        datasetId: id,
        model: modelRef,
        features: z.array(columnName).max(500).optional(),
        inputs: inputMapping.optional(),
        table: tableName,
      })
      .strict(),
    response: returns<{ table: string; rows: number; outputs: string[]; drift: unknown }>(),
  },
  'models.evaluate': {
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
  'models.cluster': {
    request: z
      .object({
        datasetId: id,
        name: z.string().regex(/^[\w.-]{1,80}$/),
        features: z.array(columnName).min(1).max(500),
        k: z.number().int().min(1).max(1000).optional(),
        kRange: z.tuple([z.number().int().min(2).max(1000), z.number().int().min(2).max(1000)]).optional(),
        restarts: z.number().int().min(1).max(100).optional(),
        seed: z.number().int().optional(),
      })
      .strict(),
    response: returns<RegisteredModel & { profiles: Record<string, unknown>[]; selection: Record<string, unknown> | null }>(),
  },
  'audit.list': { request: z.object({ limit: z.number().int().min(1).max(1000).optional() }).strict(), response: returns<AuditEntry[]>() },
} as const;

export type Contract = typeof contract;
export type Method = keyof Contract;
export type RequestOf<M extends Method> = z.input<Contract[M]['request']>;
export type ResponseOf<M extends Method> = Contract[M]['response'];
export type Handlers = { [M in Method]: (req: z.output<Contract[M]['request']>) => Promise<ResponseOf<M>> };

export const methods = Object.keys(contract) as Method[];

export function isMethod(name: unknown): name is Method {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}

/** What the renderer calls: one function, type-checked end to end. */
export type Invoke = <M extends Method>(method: M, request: RequestOf<M>) => Promise<Result<ResponseOf<M>>>;

// The preload's allow-list and the contract must name the same methods.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const methodsMatch: Same<Method, (typeof METHOD_NAMES)[number]> = true;
void methodsMatch;
