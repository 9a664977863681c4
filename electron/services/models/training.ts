/** Supervised training: split, fit in the model worker, evaluate, cross-validate, calibrate, export verified ONNX, register. */
import { ErrorCode, WorkbenchError } from '../../../shared/api/result';
import { predictBoosting, type BoostingModel } from '../../../shared/ml/boosting';
import type { CalibrationMode } from '../../../shared/ml/calibration';
import { DEFAULT_TRAIN_ALGORITHM, type TrainAlgorithm, type TrainTask } from '../../../shared/ml/catalog';
import { driftReference } from '../../../shared/ml/drift';
import type { FitControl } from '../../../shared/ml/errors';
import { predictForest, type ForestModel } from '../../../shared/ml/forest';
import { predictLogistic, type LogisticModel } from '../../../shared/ml/logistic';
import { fromColumns, takeRows, type Matrix } from '../../../shared/ml/matrix';
import { regressionMetrics, roc } from '../../../shared/ml/metrics';
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
import { seededUniform } from '../../../shared/ml/random';
import { permutationImportance, randomSplit, stratifiedFolds } from '../../../shared/ml/validation';
import type { ModelMetrics, ModelParams, TrainEvaluation, TrainResult } from '../../../shared/models/types';
import { boostingToOnnx, forestToOnnx, logisticToOnnx } from '../../../shared/onnx/export';
import { attachPreprocessing, inputMap } from '../../../shared/onnx/preprocessing';
import type { Dataset } from '../../../shared/types';
import { calibrate } from './calibrate';
import { modelInput, range, readColumns } from './columns';
import { VERIFY_ROWS, type ModelsContext } from './context';
import { feedsFor, planFor, verifyExport, type Feed } from './onnx-check';
import { classificationFigures, regressionFigures } from './figures';

export interface TrainRequest {
  name: string;
  /** Logistic regression (default), histogram gradient-boosted trees or a random forest. */
  algorithm?: TrainAlgorithm;
  /** A 0/1 target (default) or a numeric one (e.g. customer value; trees only). */
  task?: TrainTask;
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
  /** Calibrate the class-1 probability (classifiers): Platt scaling or isotonic regression on out-of-fold scores. */
  calibration?: CalibrationMode;
  features: string[];
  target: string;
  C?: number;
  classWeight?: 'balanced' | null;
  testShare?: number;
  seed?: number;
}

export type SupervisedModel = LogisticModel | BoostingModel | ForestModel;

export async function train(ctx: ModelsContext, dataset: Dataset, req: TrainRequest, control?: FitControl): Promise<TrainResult> {
  const task = req.task ?? 'classification';
  const algorithm = req.algorithm ?? DEFAULT_TRAIN_ALGORITHM;
  if (task === 'regression' && algorithm === 'logistic_regression')
    throw new WorkbenchError(
      ErrorCode.BadInput,
      'Logistic regression is a classifier; for a numeric target choose gradient_boosting or random_forest.',
      { field: 'algorithm' },
    );
  const calibration = req.calibration ?? 'none';
  if (task === 'regression' && calibration !== 'none')
    throw new WorkbenchError(ErrorCode.InvalidArgument, `calibration: "${calibration}" calibrates probabilities; a regressor has none.`, {
      field: 'calibration',
    });
  if (req.features.includes(req.target))
    throw new WorkbenchError(ErrorCode.InvalidArgument, `${req.target}: the target cannot also be a feature.`, { field: 'features' });
  const encoding = req.preprocess?.encoding ?? {};
  for (const name of Object.keys(encoding))
    if (!req.features.includes(name))
      throw new WorkbenchError(ErrorCode.InvalidArgument, `${name}: has an encoding but is not one of the features.`, { field: name });
  const numericNames = req.features.filter((f) => !encoding[f]);
  const categoricalNames = req.features.filter((f) => encoding[f]);
  const { numeric: cols, raw } = await readColumns(ctx.engine, dataset, [...numericNames, req.target], categoricalNames);
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
  const { train: trainRows, test } = modelInput(() =>
    task === 'regression' ? randomSplit(y.length, testShare, seed) : stratifiedSplit(y, testShare, seed),
  );
  const ytr = trainRows.map((i) => y[i]!);
  const yte = test.map((i) => y[i]!);
  const features: RawFeatures = { ...raw, numeric: raw.numeric.filter((c) => c.name !== req.target) };
  const prepOptions: PreprocessOptions = { ...req.preprocess, impute: req.preprocess?.impute ?? req.impute, seed };
  let prep: Preprocessing | null = null;
  let Xtr: Matrix;
  let Xte: Matrix;
  if (preprocessingRequested(prepOptions, categoricalNames.length)) {
    const fittedPrep = modelInput(() => fitPreprocessing(selectRows(features, trainRows), prepOptions, ytr));
    prep = fittedPrep.preprocessing;
    Xtr = fittedPrep.train;
    Xte = modelInput(() => applyPreprocessing(fittedPrep.preprocessing, selectRows(features, test)));
  } else {
    const X = modelInput(() => fromColumns(cols, numericNames));
    Xtr = takeRows(X, trainRows);
    Xte = takeRows(X, test);
  }
  const fitted = await fitSupervised(ctx, Xtr, ytr, req, control);
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
  let evaluation: TrainEvaluation;
  let metrics: ModelMetrics;
  if (task === 'regression') {
    const fig = regressionFigures(yte, p);
    evaluation = { ...fig, permutationImportance: importance, crossValidation: null, trainRows: trainRows.length, testRows: test.length };
    metrics = { r2: fig.r2, mae: fig.mae, rmse: fig.rmse };
  } else {
    const { threshold: _threshold, confusion: confusionAt05, ...fig } = classificationFigures(yte, p, 0.5);
    evaluation = {
      ...fig,
      confusionAt05,
      permutationImportance: importance,
      // Each fold is fitted in the model worker, like the main fit.
      crossValidation: req.crossValidate ? await crossValidate(ctx, Xtr, ytr, req, control) : null,
      calibrationResult:
        calibration === 'none'
          ? null
          : await calibrate(calibration, Xtr, ytr, yte, p, seed, (X, yy) =>
              fitSupervised(ctx, X, yy, req, control).then((m) => (x: Matrix) => predictFitted(m, x)),
            ),
      trainRows: trainRows.length,
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
    drift_reference: JSON.stringify(driftReference(features, trainRows, seed)),
  };
  const modelBytes =
    fitted.kind === 'boosting'
      ? boostingToOnnx(fitted, meta)
      : fitted.kind === 'forest'
        ? forestToOnnx(fitted, meta)
        : logisticToOnnx(fitted, meta);
  const bytes = prep ? attachPreprocessing(modelBytes, prep) : modelBytes;
  // The check scores training rows as the file will see them: raw columns when preprocessing is in the graph.
  const verifyRows = trainRows.slice(0, VERIFY_ROWS);
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
  const params: ModelParams =
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
  if (calibration !== 'none') params.calibration = calibration;
  const registered = await ctx.registry.save(
    {
      name: req.name,
      algorithm,
      features: req.features,
      target: req.target,
      metrics: { ...metrics, exportMaxDiff: maxDiff },
      lineage: { dataset: dataset.name, fingerprint: dataset.fingerprint, params, seed },
    },
    bytes,
    ctx.modelDir,
  );
  return { ...registered, evaluation };
}

/** One fit in the model worker, by the request's algorithm and task. */
function fitSupervised(ctx: ModelsContext, X: Matrix, y: number[], req: TrainRequest, control?: FitControl): Promise<SupervisedModel> {
  const seed = req.seed ?? 0;
  const regression = req.task === 'regression';
  switch (req.algorithm ?? DEFAULT_TRAIN_ALGORITHM) {
    case 'gradient_boosting':
      return ctx.ml.boosting(
        X,
        y,
        { loss: regression ? 'squared' : 'logloss', iterations: req.iterations ?? 100, classWeight: req.classWeight ?? null, seed },
        control,
      );
    case 'random_forest':
      return ctx.ml.forest(
        X,
        y,
        { task: regression ? 'regression' : 'classification', trees: req.iterations ?? 100, classWeight: req.classWeight ?? null, seed },
        control,
      );
    case 'logistic_regression':
      // Imputation, when asked for, happened in the preprocessing stage.
      return ctx.ml.logistic(X, y, { C: req.C ?? 1, classWeight: req.classWeight ?? null }, control);
  }
}

async function crossValidate(
  ctx: ModelsContext,
  X: Matrix,
  y: number[],
  req: TrainRequest,
  control?: FitControl,
): Promise<{ folds: number[]; mean: number; sd: number }> {
  const folds = modelInput(() => stratifiedFolds(y, 5, req.seed ?? 0));
  const scores: number[] = [];
  for (const test of folds) {
    const inTest = new Set(test);
    const trainRows = range(X.rows).filter((i) => !inTest.has(i));
    const m = await fitSupervised(
      ctx,
      takeRows(X, trainRows),
      trainRows.map((i) => y[i]!),
      req,
      control,
    );
    const p = predictFitted(m, takeRows(X, test));
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

export function predictFitted(m: SupervisedModel, X: Matrix): Float64Array {
  return m.kind === 'boosting' ? predictBoosting(m, X) : m.kind === 'forest' ? predictForest(m, X) : predictLogistic(m, X);
}
