import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ErrorCode, WorkbenchError } from '../../../shared/api/result';
import { ModelInputError, type FitControl } from '../../../shared/ml/errors';
import { predictBoosting, type BoostingModel } from '../../../shared/ml/boosting';
import { elbow, KMEANS_RESTARTS, silhouette, type KMeansModel } from '../../../shared/ml/kmeans';
import {
  CLUSTER_ALGORITHMS,
  CLUSTER_SCALES,
  DEFAULT_CLUSTER_SCALE,
  type ClusterAlgorithm,
  type ClusterScale,
} from '../../../shared/ml/catalog';
import { predictForest, type ForestModel } from '../../../shared/ml/forest';
import { predictLogistic, type LogisticModel } from '../../../shared/ml/logistic';
import { permutationImportance, randomSplit, stratifiedFolds } from '../../../shared/ml/validation';
import { fromColumns, takeRows, type Matrix } from '../../../shared/ml/matrix';
import { bestThreshold, liftByDecile } from '../../../shared/ml/evaluation';
import { driftReference, driftReport, type DriftReference } from '../../../shared/ml/drift';
import { brier, calibration, confusion, logLoss, precisionRecall, regressionMetrics, roc } from '../../../shared/ml/metrics';
import { seededUniform } from '../../../shared/ml/random';
import { identifierColumns } from '../../../shared/ml/identifiers';
import {
  applyPreprocessing,
  fitPreprocessing,
  preprocessingRequested,
  selectRows,
  type ImputeMode,
  type Preprocessing,
  type PreprocessOptions,
  type RawFeatures,
} from '../../../shared/ml/preprocess';
import { quoteIdent } from '../../../shared/sql';
import type { Dataset, RegisteredModel } from '../../../shared/types';
import type { Engine } from '../engine/engine';
import { firstNonNumeric } from '../engine/non-numeric';
import type { Store } from '../store/store';
import { ModelRegistry } from './registry';
import type { MlWorkerClient } from './ml-client';
import { feedsFor, OnnxScorer, planFor, scoreOnnx, verifyExport, type Feed, type FeedPlan } from './onnx-check';
import { attachPreprocessing, boostingToOnnx, forestToOnnx, inputMap, kmeansToOnnx, logisticToOnnx, type InputMap } from './onnx-export';
import { buildClv, type ClvRequest, type ClvResult } from './clv';
import { inspectOnnx, runnableOnnx, type OnnxInfo } from './onnx-import';

export interface TrainRequest {
  name: string;
  /** Logistic regression (default), histogram gradient-boosted trees or a random forest. */
  algorithm?: 'logistic_regression' | 'gradient_boosting' | 'random_forest';
  /** A 0/1 target (default) or a numeric one (e.g. customer value; trees only). */
  task?: 'classification' | 'regression';
  /** Boosting iterations, or trees in a forest. */
  iterations?: number;
  /** Fill missing numeric feature values (trees can also route missing values themselves); short for preprocess.impute. */
  impute?: ImputeMode;
  /**
   * Preprocessing fitted on the training rows and exported in front of the model: imputation, missing
   * indicators, scaling, outlier flags, and the encodings of categorical (text) features.
   */
  preprocess?: Omit<PreprocessOptions, 'seed' | 'folds'>;
  /** Also report 5-fold cross-validated AUC on the training part (five more fits). */
  crossValidate?: boolean;
  features: string[];
  target: string;
  C?: number;
  classWeight?: 'balanced' | null;
  testShare?: number;
  seed?: number;
}

export interface EvaluateRequest {
  /** The true outcome: 0/1 for a classifier, a number for a regressor. */
  target: string;
  /** Columns for a one-input model (models with several inputs or exported here find their own). */
  features?: string[];
  inputs?: Record<string, string[]>;
  /** Which output to measure (default: the class-1 probability, else the single value). */
  output?: string;
  task?: 'classification' | 'regression';
  /** For the confusion matrix (default 0.5). */
  threshold?: number;
}

export interface ClusterRequest {
  name: string;
  features: string[];
  /** The number of clusters; or give kRange to have it chosen. */
  k?: number;
  /** Try every k in [min, max] (each with the restarts of a single fit), keep the one with the best sampled silhouette; the elbow is reported too. */
  kRange?: [number, number];
  /** k-means++ starts per k (default KMEANS_RESTARTS). */
  restarts?: number;
  seed?: number;
  /** Only k-means is wired here; the catalog's other clustering algorithms are not yet. */
  algorithm?: ClusterAlgorithm;
  /** Scale the features before k-means (default none); the scaling is exported in front of the centres. */
  scale?: ClusterScale;
}

const VERIFY_ROWS = 20_000;

/** Training, clustering, ONNX export with verification, the registry, and scoring tables back into DuckDB. */
export class ModelsService {
  private readonly registry: ModelRegistry;

  constructor(private readonly deps: { engine: Engine; store: Store; modelDir: string; ml: MlWorkerClient }) {
    this.registry = new ModelRegistry(deps.store);
  }

  list(): RegisteredModel[] {
    return this.registry.list();
  }

  /** The ONNX file of a registered model (by id), or a file given by path (an imported model). */
  modelFile(ref: { id: string } | { path: string }): string {
    if ('path' in ref) return ref.path;
    const m = this.list().find((x) => x.id === ref.id);
    if (!m) throw new WorkbenchError(ErrorCode.NotFound, `No registered model has id "${ref.id}".`, { field: 'model' });
    return m.onnxPath;
  }

  async trainLogistic(
    dataset: Dataset,
    req: TrainRequest,
    control?: FitControl,
  ): Promise<RegisteredModel & { evaluation: Record<string, unknown> }> {
    const task = req.task ?? 'classification';
    const algorithm = req.algorithm ?? 'logistic_regression';
    if (task === 'regression' && algorithm === 'logistic_regression')
      throw new WorkbenchError(
        ErrorCode.BadInput,
        'Logistic regression is a classifier; for a numeric target choose gradient_boosting or random_forest.',
        { field: 'algorithm' },
      );
    if (req.features.includes(req.target))
      throw new WorkbenchError(ErrorCode.InvalidArgument, `${req.target}: the target cannot also be a feature.`, { field: 'features' });
    const encoding = req.preprocess?.encoding ?? {};
    for (const name of Object.keys(encoding))
      if (!req.features.includes(name))
        throw new WorkbenchError(ErrorCode.InvalidArgument, `${name}: has an encoding but is not one of the features.`, { field: name });
    const numericNames = req.features.filter((f) => !encoding[f]);
    const categoricalNames = req.features.filter((f) => encoding[f]);
    const { numeric: cols, raw } = await this.read(dataset, [...numericNames, req.target], categoricalNames);
    const y = Array.from(cols[req.target]!, (v, i) => {
      const ok = task === 'regression' ? v !== null && Number.isFinite(v) : v === 0 || v === 1;
      if (!ok)
        throw new WorkbenchError(
          ErrorCode.BadInput,
          `${dataset.name}.${req.target}: row ${i + 1} is ${v}; ${task === 'regression' ? 'a regression target must be a number' : 'the target must be 0 or 1'}.`,
          { field: 'target' },
        );
      return v as number;
    });
    const testShare = req.testShare ?? 0.25;
    const seed = req.seed ?? 0;
    const { train, test } = this.wrap(() =>
      task === 'regression' ? randomSplit(y.length, testShare, seed) : stratifiedSplit(y, testShare, seed),
    );
    const ytr = train.map((i) => y[i]!);
    const yte = test.map((i) => y[i]!);
    const features: RawFeatures = { ...raw, numeric: raw.numeric.filter((c) => c.name !== req.target) };
    const prepOptions: PreprocessOptions = { ...req.preprocess, impute: req.preprocess?.impute ?? req.impute, seed };
    let prep: Preprocessing | null = null;
    let Xtr: Matrix;
    let Xte: Matrix;
    if (preprocessingRequested(prepOptions, categoricalNames.length)) {
      const fittedPrep = this.wrap(() => fitPreprocessing(selectRows(features, train), prepOptions, ytr));
      prep = fittedPrep.preprocessing;
      Xtr = fittedPrep.train;
      Xte = this.wrap(() => applyPreprocessing(fittedPrep.preprocessing, selectRows(features, test)));
    } else {
      const X = this.wrap(() => fromColumns(cols, numericNames));
      Xtr = takeRows(X, train);
      Xte = takeRows(X, test);
    }
    const fitted = await this.fit(Xtr, ytr, req, control);
    const predict = (x: Matrix) => predictFitted(fitted, x);
    const p = predict(Xte);
    const importanceRows = Math.min(20_000, yte.length);
    const importance = permutationImportance(
      sampleRows(Xte, 20_000),
      yte.slice(0, importanceRows),
      predict,
      3,
      seed,
      task === 'regression' ? (yy, pp) => regressionMetrics(yy, pp).r2 : undefined,
    );
    let evaluation: Record<string, unknown>;
    let metrics: Record<string, number>;
    if (task === 'regression') {
      const fig = regressionFigures(yte, p);
      evaluation = { ...fig, permutationImportance: importance, crossValidation: null, trainRows: train.length, testRows: test.length };
      metrics = { r2: fig.r2, mae: fig.mae, rmse: fig.rmse };
    } else {
      const { threshold: _threshold, confusion: confusionAt05, ...fig } = classificationFigures(yte, p, 0.5);
      evaluation = {
        ...fig,
        confusionAt05,
        permutationImportance: importance,
        // Each fold is fitted in the model worker, like the main fit.
        crossValidation: req.crossValidate ? await this.crossValidate(Xtr, ytr, req, control) : null,
        trainRows: train.length,
        testRows: test.length,
      };
      metrics = { auc: fig.auc, averagePrecision: fig.averagePrecision, logLoss: fig.logLoss, brier: fig.brier };
    }
    const meta = {
      fingerprint: dataset.fingerprint,
      target: req.target,
      metrics: JSON.stringify(metrics),
      // The raw columns the file is fed from and their types (text columns are categories).
      feature_types: JSON.stringify(Object.fromEntries(req.features.map((f) => [f, encoding[f] ? 'string' : 'float']))),
      // What the training rows looked like, so scoring can warn when new data has drifted.
      drift_reference: JSON.stringify(driftReference(features, train, seed)),
    };
    const modelBytes =
      fitted.kind === 'boosting'
        ? boostingToOnnx(fitted, meta)
        : fitted.kind === 'forest'
          ? forestToOnnx(fitted, meta)
          : logisticToOnnx(fitted, meta);
    const bytes = prep ? attachPreprocessing(modelBytes, prep) : modelBytes;
    // The check scores training rows as the file will see them: raw columns when preprocessing is in the graph.
    const verifyRows = train.slice(0, VERIFY_ROWS);
    let appScores: Float64Array;
    let input: Matrix | Record<string, Feed>;
    if (prep) {
      const sampleRaw = selectRows(features, verifyRows);
      appScores = predict(applyPreprocessing(prep, sampleRaw));
      input = feedsFor(planFor(inputMap(prep)), sampleRaw);
    } else {
      input = takeRows(Xtr, range(verifyRows.length));
      appScores = predict(input);
    }
    // Regressors output raw values in float32: compare on the target's scale (classifiers: probabilities, absolute).
    const scale = task === 'regression' ? 1 / appScores.reduce((big, v) => Math.max(big, Math.abs(v)), 1) : 1;
    const maxDiff =
      task === 'regression'
        ? await verifyExport(
            bytes,
            input,
            'variable',
            appScores.map((v) => v * scale),
            0,
            1,
            scale,
          )
        : await verifyExport(bytes, input, 'probabilities', appScores, 1, 2);
    const params =
      algorithm === 'logistic_regression'
        ? { C: req.C ?? 1, classWeight: req.classWeight ?? null, testShare, ...(prep ? { preprocess: prepOptions } : {}) }
        : {
            task,
            iterations: req.iterations ?? 100,
            classWeight: req.classWeight ?? null,
            ...(fitted.kind === 'boosting' ? { treesKept: fitted.trees.length } : {}),
            testShare,
            ...(prep ? { preprocess: prepOptions } : {}),
          };
    const registered = await this.register(req.name, algorithm, req.features, req.target, { ...metrics, exportMaxDiff: maxDiff }, bytes, {
      dataset: dataset.name,
      fingerprint: dataset.fingerprint,
      params,
      seed,
    });
    return { ...registered, evaluation };
  }

  /** One fit in the model worker, by the request's algorithm and task. */
  private fit(X: Matrix, y: number[], req: TrainRequest, control?: FitControl): Promise<LogisticModel | BoostingModel | ForestModel> {
    const seed = req.seed ?? 0;
    const regression = req.task === 'regression';
    switch (req.algorithm ?? 'logistic_regression') {
      case 'gradient_boosting':
        return this.deps.ml.boosting(
          X,
          y,
          { loss: regression ? 'squared' : 'logloss', iterations: req.iterations ?? 100, classWeight: req.classWeight ?? null, seed },
          control,
        );
      case 'random_forest':
        return this.deps.ml.forest(
          X,
          y,
          { task: regression ? 'regression' : 'classification', trees: req.iterations ?? 100, classWeight: req.classWeight ?? null, seed },
          control,
        );
      default:
        // Imputation, when asked for, happened in the preprocessing stage.
        return this.deps.ml.logistic(X, y, { C: req.C ?? 1, classWeight: req.classWeight ?? null }, control);
    }
  }

  /** Customer lifetime value (BG/NBD + Gamma-Gamma) from an orders table, written to a DuckDB table. */
  async clv(orders: Dataset, req: ClvRequest, control?: FitControl): Promise<ClvResult> {
    const r = await buildClv(this.deps.engine, this.deps.ml, orders, req, control);
    this.deps.store.audit('model.clv', `${orders.name} → ${req.table} (${r.customers} customers, ${r.horizon} days)`);
    return r;
  }

  async cluster(
    dataset: Dataset,
    req: ClusterRequest,
    control?: FitControl,
  ): Promise<RegisteredModel & { scale: ClusterScale; profiles: Record<string, unknown>[]; selection: Record<string, unknown> | null }> {
    const algorithm = req.algorithm ?? 'kmeans';
    if (!(CLUSTER_ALGORITHMS as readonly string[]).includes(algorithm))
      throw new WorkbenchError(
        ErrorCode.InvalidArgument,
        `algorithm: must be one of ${CLUSTER_ALGORITHMS.join(', ')} (got "${algorithm}").`,
        {
          field: 'algorithm',
        },
      );
    const scale = req.scale ?? DEFAULT_CLUSTER_SCALE;
    if (!(CLUSTER_SCALES as readonly string[]).includes(scale))
      throw new WorkbenchError(ErrorCode.InvalidArgument, `scale: must be one of ${CLUSTER_SCALES.join(', ')} (got "${scale}").`, {
        field: 'scale',
      });
    const restarts = req.restarts ?? KMEANS_RESTARTS;
    const seed = req.seed ?? 0;
    const cols = await this.columns(dataset, req.features);
    // X keeps the data's own units (profiles); k-means runs on the scaled copy, and the file scales raw rows the same way.
    const X = this.wrap(() => fromColumns(cols, req.features));
    const raw: RawFeatures = { rows: X.rows, numeric: req.features.map((name) => ({ name, values: cols[name]! })), categorical: [] };
    const prep = scale === 'none' ? null : this.wrap(() => fitPreprocessing(raw, { scale, seed }));
    const Xfit = prep ? prep.train : X;
    const selection = req.kRange ? await this.chooseK(Xfit, req.kRange, seed, restarts, control) : null;
    const k = selection?.best ?? req.k;
    if (!k)
      throw new WorkbenchError(ErrorCode.InvalidArgument, 'k: give the number of clusters, or a range to choose from.', { field: 'k' });
    // The range already fitted the chosen k with the same starts and seed.
    const model = selection?.models.get(k) ?? (await this.deps.ml.kmeans(Xfit, { k, restarts, seed }, control));
    const sil = silhouette(Xfit, model.labels, model.k, Math.min(X.rows, 2000), seed);
    const overall = req.features.map((_, f) => mean(X, f, () => true));
    const profiles = Array.from({ length: model.k }, (_, c) => ({
      cluster: c,
      size: model.sizes[c],
      share: model.sizes[c]! / X.rows,
      means: Object.fromEntries(req.features.map((name, f) => [name, mean(X, f, (i) => model.labels[i] === c)])),
      vsOverall: Object.fromEntries(req.features.map((name, f) => [name, mean(X, f, (i) => model.labels[i] === c) / (overall[f] || 1)])),
    }));
    const metrics = { inertia: model.inertia, silhouette: sil, k: model.k };
    const reference = driftReference(raw, range(X.rows), seed);
    const centres = kmeansToOnnx(model, {
      fingerprint: dataset.fingerprint,
      feature_types: JSON.stringify(Object.fromEntries(req.features.map((f) => [f, 'float']))),
      metrics: JSON.stringify(metrics),
      drift_reference: JSON.stringify(reference),
    });
    const bytes = prep ? attachPreprocessing(centres, prep.preprocessing) : centres;
    // The check feeds raw rows when the scaling is in the graph.
    const sampleRows = range(Math.min(VERIFY_ROWS, X.rows));
    const scored = await scoreOnnx(
      bytes,
      prep ? feedsFor(planFor(inputMap(prep.preprocessing)), selectRows(raw, sampleRows)) : takeRows(X, sampleRows),
    );
    const mismatched = Array.from(scored.label!, Number).filter((l, i) => l !== model.labels[i]).length;
    if (mismatched)
      throw new WorkbenchError(
        ErrorCode.Internal,
        `ONNX export check failed: ${mismatched} of ${sampleRows.length} rows fall in another cluster in onnxruntime.`,
      );
    const registered = await this.register(req.name, 'kmeans', req.features, null, metrics, bytes, {
      dataset: dataset.name,
      fingerprint: dataset.fingerprint,
      params: { k, restarts, scale, ...(req.kRange ? { kRange: req.kRange } : {}) },
      seed,
    });
    const { models: _models, ...summary } = selection ?? { models: null };
    return { ...registered, scale, profiles, selection: selection ? summary : null };
  }

  /**
   * k-means for every k in a range, each with the starts a single fit gets: inertia (the elbow curve) and
   * silhouette on a sample of up to 2,000 rows; the fitted models are kept so the chosen k is not refitted.
   */
  private async chooseK(
    X: Matrix,
    [lo, hi]: [number, number],
    seed: number,
    restarts: number,
    control?: FitControl,
  ): Promise<{ k: number[]; inertia: number[]; silhouette: number[]; best: number; elbow: number; models: Map<number, KMeansModel> }> {
    if (!(Number.isInteger(lo) && Number.isInteger(hi) && lo >= 2 && hi >= lo && hi - lo <= 30))
      throw new WorkbenchError(
        ErrorCode.InvalidArgument,
        `kRange: need whole numbers 2 ≤ min ≤ max, at most 31 values (got ${lo}–${hi}).`,
        {
          field: 'kRange',
        },
      );
    const ks: number[] = [];
    const inertia: number[] = [];
    const sil: number[] = [];
    const models = new Map<number, KMeansModel>();
    for (let k = lo; k <= hi; k++) {
      const step: FitControl = {
        isCancelled: control?.isCancelled,
        onProgress: (f, m) => control?.onProgress?.((k - lo + f) / (hi - lo + 1), `k = ${k}: ${m}`),
      };
      const m = await this.deps.ml.kmeans(X, { k, restarts, seed }, step);
      ks.push(k);
      inertia.push(m.inertia);
      sil.push(silhouette(X, m.labels, m.k, Math.min(X.rows, 2000), seed));
      models.set(k, m);
    }
    const best = ks[sil.indexOf(Math.max(...sil))]!;
    return { k: ks, inertia, silhouette: sil, best, elbow: elbow(ks, inertia), models };
  }

  private async crossValidate(
    X: Matrix,
    y: number[],
    req: TrainRequest,
    control?: FitControl,
  ): Promise<{ folds: number[]; mean: number; sd: number }> {
    const folds = this.wrap(() => stratifiedFolds(y, 5, req.seed ?? 0));
    const scores: number[] = [];
    for (const test of folds) {
      const inTest = new Set(test);
      const train = range(X.rows).filter((i) => !inTest.has(i));
      const Xf = takeRows(X, train);
      const yf = train.map((i) => y[i]!);
      const m = await this.fit(Xf, yf, req, control);
      const Xv = takeRows(X, test);
      const p = predictFitted(m, Xv);
      scores.push(
        roc(
          test.map((i) => y[i]!),
          p,
        ).auc,
      );
    }
    const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
    const sd = Math.sqrt(scores.reduce((a, b) => a + (b - mean) ** 2, 0) / (scores.length - 1));
    return { folds: scores, mean, sd };
  }

  /**
   * Scores a dataset with an ONNX file in batches and writes the scores back as a DuckDB table.
   * Inputs are fed from columns: a one-input model takes `features` in order; a model exported here with
   * preprocessing knows its own columns; any other multi-input model takes, per input, the columns in
   * `inputs` or else the column named like the input (text columns for string inputs).
   */
  async score(
    dataset: Dataset,
    onnxPath: string,
    features: string[],
    table: string,
    batch = 100_000,
    inputs: Record<string, string[]> = {},
    /** Input columns to carry beside the scores (default: the identifier columns, see identifierColumns). */
    keep?: string[],
  ): Promise<{ table: string; rows: number; outputs: string[]; kept: string[]; drift: Drift | null }> {
    const columnNames = dataset.columns.map((c) => c.name);
    const kept = keep ?? identifierColumns(columnNames);
    for (const k of kept)
      if (!columnNames.includes(k))
        throw new WorkbenchError(
          ErrorCode.InvalidArgument,
          `keep: ${dataset.name} has no column "${k}" (it has ${columnNames.join(', ')}).`,
          { field: 'keep' },
        );
    const { names, columns, rows, drift } = await this.runModel(dataset, onnxPath, features, inputs, batch);
    const clash = kept.find((k) => names.some((n) => n.toLowerCase() === k.toLowerCase()));
    if (clash)
      throw new WorkbenchError(ErrorCode.InvalidArgument, `keep: "${clash}" is also the name of a score column; leave it out of keep.`, {
        field: 'keep',
      });
    const staging = `${table}__raw`;
    await this.deps.engine.exec(
      `CREATE OR REPLACE TEMP TABLE ${quoteIdent(staging)} (${names.map((n) => `${quoteIdent(n)} DOUBLE`).join(', ')})`,
    );
    await this.deps.engine.appendColumns(staging, names, columns);
    const select = names.map((n) =>
      n === 'row_number' || n === 'label' ? `CAST(s.${quoteIdent(n)} AS BIGINT) AS ${quoteIdent(n)}` : `s.${quoteIdent(n)}`,
    );
    // Scores were computed in the dataset's scan order, so the kept columns pair with them by position.
    const source = kept.length
      ? `(SELECT ${kept.map(quoteIdent).join(', ')} FROM ${quoteIdent(dataset.relation)}) k POSITIONAL JOIN ${quoteIdent(staging)} s`
      : `${quoteIdent(staging)} s`;
    await this.deps.engine.exec(
      `CREATE OR REPLACE TABLE ${quoteIdent(table)} AS SELECT ${[select[0], ...kept.map((k) => `k.${quoteIdent(k)}`), ...select.slice(1)].join(', ')} FROM ${source}`,
    );
    await this.deps.engine.exec(`DROP TABLE ${quoteIdent(staging)}`);
    const drifted = drift?.warnings.length
      ? `; drift warnings: ${drift.features
          .filter((f) => f.warning)
          .map((f) => f.feature)
          .join(', ')}`
      : '';
    this.deps.store.audit('model.score', `${onnxPath} on ${dataset.name} → ${table} (${rows} rows${drifted})`);
    return { table, rows, outputs: names.slice(1), kept, drift };
  }

  /**
   * Scores a dataset that has the true outcome and measures the model on it: classification (a
   * probability output and a 0/1 target) or regression (a single value output).
   */
  async evaluate(dataset: Dataset, onnxPath: string, req: EvaluateRequest): Promise<Record<string, unknown>> {
    const { names, columns, extra, drift } = await this.runModel(dataset, onnxPath, req.features ?? [], req.inputs ?? {}, 100_000, [
      req.target,
    ]);
    const outputs = names.slice(1);
    let output = req.output;
    if (output !== undefined && !outputs.includes(output))
      throw new WorkbenchError(ErrorCode.InvalidArgument, `${onnxPath}: no output "${output}" (it gives ${outputs.join(', ')}).`, {
        field: 'output',
      });
    output ??=
      outputs.find((o) => /prob.*_1$/.test(o)) ??
      (outputs.includes('variable') ? 'variable' : outputs.length === 1 ? outputs[0] : undefined);
    if (!output)
      throw new WorkbenchError(ErrorCode.InvalidArgument, `${onnxPath}: choose the output to evaluate (it gives ${outputs.join(', ')}).`, {
        field: 'output',
      });
    const task = req.task ?? (/prob/.test(output) ? 'classification' : 'regression');
    const scores = columns[names.indexOf(output)]!;
    const truth = extra[req.target]!;
    const y: number[] = [];
    const p: number[] = [];
    let skipped = 0;
    for (let i = 0; i < truth.length; i++) {
      const v = truth[i]!;
      if (Number.isNaN(v)) {
        skipped++;
        continue;
      }
      if (task === 'classification' && v !== 0 && v !== 1)
        throw new WorkbenchError(ErrorCode.BadInput, `${dataset.name}.${req.target}: row ${i + 1} is ${v}; the target must be 0 or 1.`, {
          field: 'target',
        });
      y.push(v);
      p.push(scores[i]!);
    }
    if (!y.length)
      throw new WorkbenchError(ErrorCode.BadInput, `${dataset.name}.${req.target}: every value is missing.`, { field: 'target' });
    const base = { task, output, rows: y.length, rowsWithoutTarget: skipped, drift };
    if (task === 'regression') return { ...base, ...regressionFigures(y, Float64Array.from(p)) };
    if (!y.includes(0) || !y.includes(1))
      throw new WorkbenchError(ErrorCode.BadInput, `${dataset.name}.${req.target}: has one class only; AUC needs both 0 and 1.`, {
        field: 'target',
      });
    return { ...base, ...classificationFigures(y, Float64Array.from(p), req.threshold ?? 0.5) };
  }

  /** Scores every row of a dataset in batches; outputs as one Float64Array per output value, after row_number. */
  private async runModel(
    dataset: Dataset,
    onnxPath: string,
    features: string[],
    inputs: Record<string, string[]>,
    batch: number,
    alsoRead: string[] = [],
  ): Promise<{ names: string[]; columns: Float64Array[]; rows: number; extra: Record<string, Float64Array>; drift: Drift | null }> {
    let bytes: Uint8Array;
    try {
      bytes = await fs.readFile(onnxPath);
    } catch {
      throw new WorkbenchError(ErrorCode.NotFound, `${onnxPath}: cannot read this model file.`);
    }
    const info = inspectOnnx(bytes, onnxPath);
    bytes = runnableOnnx(bytes, onnxPath);
    const plan = feedPlan(info, onnxPath, features, inputs);
    const numericNames = [...new Set([...plan.numeric.flatMap((n) => n.columns), ...alsoRead])];
    const { raw, numeric } = await this.read(
      dataset,
      numericNames,
      plan.categorical.map((c) => c.column),
    );
    const rows = raw.rows;
    if (!rows) throw new WorkbenchError(ErrorCode.BadInput, `${dataset.name} has no rows to score.`);
    const drift = driftAgainstTraining(info, plan, raw);
    // Outputs become DOUBLE columns, one per output value (probabilities_0, probabilities_1, ...).
    let names: string[] = [];
    let columns: Float64Array[] = [];
    const scorer = await OnnxScorer.open(bytes);
    try {
      for (let start = 0; start < rows; start += batch) {
        const n = Math.min(batch, rows - start);
        const out = await scorer.run(feedsFor(plan, raw, start, n));
        const header = Object.keys(out).sort();
        if (!names.length) {
          const widths = header.map((h) => out[h]!.length / n);
          names = [
            'row_number',
            ...header.flatMap((h, k) => (widths[k] === 1 ? [h] : Array.from({ length: widths[k]! }, (_, c) => `${h}_${c}`))),
          ];
          columns = names.map(() => new Float64Array(rows));
          for (let i = 0; i < rows; i++) columns[0]![i] = i + 1;
        }
        let col = 1;
        for (const h of header) {
          const arr = out[h]!;
          const width = arr.length / n;
          for (let c = 0; c < width; c++, col++) {
            const target = columns[col]!;
            for (let i = 0; i < n; i++) target[start + i] = Number(arr[i * width + c]);
          }
        }
      }
    } finally {
      await scorer.close();
    }
    return { names, columns, rows, extra: Object.fromEntries(alsoRead.map((n) => [n, numeric[n]!])), drift };
  }

  private async register(
    name: string,
    algorithm: RegisteredModel['algorithm'],
    features: string[],
    target: string | null,
    metrics: Record<string, unknown>,
    bytes: Uint8Array,
    lineage: Record<string, unknown>,
  ): Promise<RegisteredModel> {
    if (!/^[\w.-]{1,80}$/.test(name))
      throw new WorkbenchError(ErrorCode.InvalidArgument, 'name: use letters, digits, dots, dashes or underscores.', { field: 'name' });
    const version = this.registry.nextVersion(name);
    await fs.mkdir(this.deps.modelDir, { recursive: true });
    const file = path.join(this.deps.modelDir, `${name}-v${version}.onnx`);
    await fs.writeFile(`${file}.partial`, bytes);
    await fs.rename(`${file}.partial`, file);
    const model: RegisteredModel = {
      id: randomUUID(),
      name,
      version,
      algorithm,
      features,
      target,
      metrics,
      onnxPath: file,
      lineage,
      createdAt: new Date().toISOString(),
    };
    try {
      this.registry.register(model);
    } catch (e) {
      await fs.rm(file, { force: true });
      throw e;
    }
    return model;
  }

  /** Reads columns from DuckDB as numbers; text that is not a number is an error naming the column. */
  private async columns(dataset: Dataset, names: string[]): Promise<Record<string, Float64Array>> {
    return (await this.read(dataset, names, [])).numeric;
  }

  /**
   * Numeric columns (text that is not a number is an error naming the column) and categorical columns
   * as dictionary codes, in one query so their rows line up.
   */
  private async read(
    dataset: Dataset,
    numericNames: string[],
    categoricalNames: string[],
  ): Promise<{ numeric: Record<string, Float64Array>; raw: RawFeatures }> {
    const known = new Set(dataset.columns.map((c) => c.name));
    for (const n of [...numericNames, ...categoricalNames])
      if (!known.has(n)) throw new WorkbenchError(ErrorCode.InvalidArgument, `${dataset.name} has no column "${n}".`, { field: n });
    const rel = quoteIdent(dataset.relation);
    const bad = await firstNonNumeric(this.deps.engine, dataset, numericNames);
    if (bad) {
      throw new WorkbenchError(
        ErrorCode.BadInput,
        `${dataset.name}.${bad.column}: ${bad.count.toLocaleString('en-US')} values are not numbers (for example "${bad.example}"). ` +
          'If it is a category, give it an encoding (one-hot or target).',
        { field: bad.column },
      );
    }
    // Text travels as a 53-bit hash per row (numbers move far faster than strings), decoded through
    // each column's distinct values; if two values ever share a hash, the strings themselves are read.
    const text = (n: string) => `CAST(${quoteIdent(n)} AS VARCHAR)`;
    const dictionaries = await Promise.all(
      categoricalNames.map(async (n) => {
        const d = await this.deps.engine.query(
          `SELECT v, CAST(hash(v) >> 11 AS DOUBLE) FROM (SELECT DISTINCT ${text(n)} AS v FROM ${rel} WHERE ${quoteIdent(n)} IS NOT NULL)`,
        );
        const values = (d.data[0] ?? []).map(String);
        const hashes = (d.data[1] ?? []).map(Number);
        return { values, code: new Map(hashes.map((h, i) => [h, i])) };
      }),
    );
    const hashed = dictionaries.every((d) => d.code.size === d.values.length);
    const select = [
      ...numericNames.map((n) => `TRY_CAST(${quoteIdent(n)} AS DOUBLE) AS ${quoteIdent(n)}`),
      ...categoricalNames.map((n) =>
        hashed
          ? `CASE WHEN ${quoteIdent(n)} IS NULL THEN NULL ELSE CAST(hash(${text(n)}) >> 11 AS DOUBLE) END AS ${quoteIdent(n)}`
          : `${text(n)} AS ${quoteIdent(n)}`,
      ),
    ];
    const sql = `SELECT ${select.join(', ')} FROM ${rel}`;
    const r = hashed ? { ...(await this.deps.engine.numericColumns(sql)), dictionaries: [] } : await this.deps.engine.codedColumns(sql);
    const numeric = Object.fromEntries(numericNames.map((n, i) => [n, r.columns[i]!]));
    const rows = r.columns[0]?.length ?? 0;
    const categorical = categoricalNames.map((name, c) => {
      const column = r.columns[numericNames.length + c]!;
      if (!hashed) return { name, codes: column, dictionary: r.dictionaries[numericNames.length + c] ?? [] };
      const { values, code } = dictionaries[c]!;
      // Hashes become codes in place.
      for (let i = 0; i < column.length; i++) if (!Number.isNaN(column[i]!)) column[i] = code.get(column[i]!)!;
      return { name, codes: column, dictionary: values };
    });
    return { numeric, raw: { rows, numeric: numericNames.map((name, i) => ({ name, values: r.columns[i]! })), categorical } };
  }

  private wrap<T>(fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      if (e instanceof ModelInputError) throw new WorkbenchError(ErrorCode.BadInput, e.message, { field: e.field });
      throw e;
    }
  }
}

function range(n: number, start = 0): number[] {
  return Array.from({ length: n }, (_, i) => start + i);
}

function mean(m: Matrix, f: number, keep: (i: number) => boolean): number {
  let s = 0;
  let n = 0;
  for (let i = 0; i < m.rows; i++) {
    if (!keep(i)) continue;
    s += m.data[i * m.cols + f]!;
    n++;
  }
  return n ? s / n : 0;
}

/** Seeded stratified split: the same share of positives in train and test. */
export function stratifiedSplit(y: number[], testShare: number, seed: number): { train: number[]; test: number[] } {
  if (!(testShare > 0 && testShare < 1))
    throw new WorkbenchError(ErrorCode.InvalidArgument, 'testShare: must be between 0 and 1.', { field: 'testShare' });
  const rand = seededUniform(seed);
  const train: number[] = [];
  const test: number[] = [];
  for (const cls of [0, 1]) {
    const idx = y.map((v, i) => (v === cls ? i : -1)).filter((i) => i >= 0);
    for (let i = idx.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [idx[i], idx[j]] = [idx[j]!, idx[i]!];
    }
    const nTest = Math.round(idx.length * testShare);
    // A loop, not push(...idx): spreading a data-sized array overflows the call stack (about 400k rows).
    for (let i = 0; i < idx.length; i++) (i < nTest ? test : train).push(idx[i]!);
  }
  return { train: train.sort((a, b) => a - b), test: test.sort((a, b) => a - b) };
}

function sampleRows(m: Matrix, max: number): Matrix {
  return m.rows <= max ? m : takeRows(m, range(max));
}

function predictFitted(m: LogisticModel | BoostingModel | ForestModel, X: Matrix): Float64Array {
  return m.kind === 'boosting' ? predictBoosting(m, X) : m.kind === 'forest' ? predictForest(m, X) : predictLogistic(m, X);
}

/** How a model's inputs are fed from a table's columns (see ModelsService.score). */
function feedPlan(info: OnnxInfo, label: string, features: string[], mapped: Record<string, string[]>): FeedPlan {
  for (const name of Object.keys(mapped))
    if (!info.inputs.some((i) => i.name === name))
      throw new WorkbenchError(
        ErrorCode.InvalidArgument,
        `${label}: the model has no input "${name}" (it takes ${info.inputs.map((i) => i.name).join(', ')}).`,
        { field: 'inputs' },
      );
  if (info.metadata.inputs && !Object.keys(mapped).length) {
    try {
      return planFor(JSON.parse(info.metadata.inputs) as InputMap);
    } catch {
      throw new WorkbenchError(ErrorCode.BadInput, `${label}: its "inputs" metadata is not readable.`);
    }
  }
  // A numeric input fed from columns: its element type must be one a table can give, and its width must match.
  const numericFeed = (input: OnnxInfo['inputs'][number], columns: string[], field: string): FeedPlan['numeric'][number] => {
    if (input.elem !== 'float' && input.elem !== 'double' && input.elem !== 'int64')
      throw new WorkbenchError(
        ErrorCode.BadInput,
        `${label}: input "${input.name}" takes ${input.elem ?? 'a non-tensor'} values, which cannot be fed from a table.`,
      );
    if (input.width && input.width !== columns.length)
      throw new WorkbenchError(
        ErrorCode.InvalidArgument,
        `${label}: the model's input "${input.name}" takes ${input.width} values per row, but ${columns.length} columns were mapped (${columns.join(', ')}).`,
        { field },
      );
    return { input: input.name, columns, type: input.elem };
  };
  if (info.inputs.length === 1 && info.inputs[0]!.elem !== 'string') {
    const input = info.inputs[0]!;
    const columns = mapped[input.name] ?? features;
    if (!columns.length)
      throw new WorkbenchError(ErrorCode.InvalidArgument, `${label}: map feature columns to its input "${input.name}".`, {
        field: 'features',
      });
    return { numeric: [numericFeed(input, columns, 'features')], categorical: [] };
  }
  const plan: FeedPlan = { numeric: [], categorical: [] };
  for (const input of info.inputs) {
    const columns = mapped[input.name] ?? [input.name];
    if (input.elem === 'string') {
      if (columns.length !== 1)
        throw new WorkbenchError(ErrorCode.InvalidArgument, `${label}: the text input "${input.name}" takes exactly one column.`, {
          field: 'inputs',
        });
      plan.categorical.push({ input: input.name, column: columns[0]! });
    } else plan.numeric.push(numericFeed(input, columns, 'inputs'));
  }
  return plan;
}

/** What a chart or summary needs for a classifier: curves, scores, the confusion at a threshold, lift and calibration. */
function classificationFigures(y: number[], p: Float64Array, threshold: number) {
  const r = roc(y, p);
  const pr = precisionRecall(y, p);
  return {
    auc: r.auc,
    averagePrecision: pr.averagePrecision,
    logLoss: logLoss(y, p),
    brier: brier(y, p),
    threshold,
    confusion: confusion(y, p, threshold),
    bestF1Threshold: bestThreshold(y, p, { kind: 'f1' }),
    liftByDecile: liftByDecile(y, p),
    calibration: calibration(y, p, 10),
    roc: { fpr: r.fpr, tpr: r.tpr },
    pr: { precision: pr.precision, recall: pr.recall },
  };
}

/** R², MAE, RMSE, and residuals against predictions for a chart (the first 5,000 rows). */
function regressionFigures(y: number[], p: Float64Array) {
  const m = regressionMetrics(y, p);
  const shown = Math.min(5_000, y.length);
  return {
    r2: m.r2,
    mae: m.mae,
    rmse: m.rmse,
    residuals: { predicted: Array.from(p.subarray(0, shown)), residual: Array.from(m.residuals.subarray(0, shown)) },
  };
}

export type Drift = ReturnType<typeof driftReport>;

/**
 * Drift of the rows being scored against the training reference a model exported here carries: by
 * column name for models with preprocessing, by position for one-input models (the j-th mapped column
 * stands for the j-th training feature). Null for models without a reference.
 */
function driftAgainstTraining(info: OnnxInfo, plan: FeedPlan, raw: RawFeatures): Drift | null {
  if (!info.metadata.drift_reference) return null;
  let ref: DriftReference;
  try {
    ref = JSON.parse(info.metadata.drift_reference) as DriftReference;
  } catch {
    return null;
  }
  if (info.metadata.inputs) return driftReport(ref, raw);
  const trained = info.metadata.features ? (JSON.parse(info.metadata.features) as string[]) : [];
  const fed = plan.numeric[0]?.columns ?? [];
  if (plan.numeric.length !== 1 || trained.length !== fed.length) return null;
  return driftReport(ref, raw, (name) => fed[trained.indexOf(name)]);
}
