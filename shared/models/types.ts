/** The models feature's response types, written out (no `unknown` on the wire). */
import type { ClusterAlgorithm, ClusterScale, RegisteredAlgorithm, TrainTask } from '../ml/catalog';
import type { CalibrationMode } from '../ml/calibration';
import type { BgNbdModel, GammaGammaModel } from '../ml/clv';
import type { FeatureDrift } from '../ml/drift';
import type { DecileRow } from '../ml/evaluation';
import type { PreprocessOptions } from '../ml/preprocess';

/** What a registered model scored at training (classifiers, regressors) or clustering (k-means). */
export interface ModelMetrics {
  auc?: number;
  averagePrecision?: number;
  logLoss?: number;
  brier?: number;
  r2?: number;
  mae?: number;
  rmse?: number;
  /** Largest difference between the workbench's predictions and onnxruntime's on the file. */
  exportMaxDiff?: number;
  inertia?: number;
  silhouette?: number;
  k?: number;
}

/** The parameters a model was fitted with (those that apply to its algorithm). */
export interface ModelParams {
  task?: TrainTask;
  C?: number;
  classWeight?: 'balanced' | null;
  iterations?: number;
  treesKept?: number;
  testShare?: number;
  preprocess?: PreprocessOptions;
  calibration?: CalibrationMode;
  k?: number;
  kRange?: [number, number];
  restarts?: number;
  scale?: ClusterScale;
}

/** Where a model came from: the dataset (name and fingerprint), its parameters and seed. */
export interface ModelLineage {
  dataset: string;
  fingerprint: string;
  params: ModelParams;
  seed: number;
}

export interface RegisteredModel {
  id: string;
  name: string;
  version: number;
  algorithm: RegisteredAlgorithm;
  features: string[];
  target: string | null;
  metrics: ModelMetrics;
  onnxPath: string;
  lineage: ModelLineage;
  createdAt: string;
}

export interface DriftReport {
  features: FeatureDrift[];
  warnings: string[];
}

export interface Confusion {
  threshold: number;
  tp: number;
  fp: number;
  tn: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

/** A classifier's figures on held-out rows: scores, curves, the confusion at a threshold, lift and calibration. */
export interface ClassificationFigures {
  auc: number;
  averagePrecision: number;
  logLoss: number;
  brier: number;
  bestF1Threshold: { threshold: number; value: number; confusion: Confusion };
  liftByDecile: DecileRow[];
  calibration: { meanPredicted: number[]; fractionPositive: number[]; counts: number[] };
  roc: { fpr: number[]; tpr: number[] };
  pr: { precision: number[]; recall: number[] };
  r2?: never;
  mae?: never;
  rmse?: never;
  residuals?: never;
}

/** A regressor's figures: R², MAE, RMSE and residuals against predictions (the first 5,000 rows). */
export interface RegressionFigures {
  r2: number;
  mae: number;
  rmse: number;
  residuals: { predicted: number[]; residual: number[] };
  auc?: never;
  averagePrecision?: never;
  logLoss?: never;
  brier?: never;
  roc?: never;
  pr?: never;
}

export interface FeatureImportance {
  feature: string;
  importance: number;
  sd: number;
}

/** Calibration fitted on the training rows' out-of-fold scores, measured on the test rows before and after. */
export interface CalibrationReport {
  method: Exclude<CalibrationMode, 'none'>;
  before: { brier: number; logLoss: number };
  after: { brier: number; logLoss: number };
  /** The fitted map from the model's class-1 probability p to the calibrated one. */
  map: { kind: 'platt'; a: number; b: number } | { kind: 'isotonic'; x: number[]; y: number[] };
  /** Rows the map was fitted on: out-of-fold scores of the training rows. */
  fittedOn: { rows: number; folds: number };
  /** Whether the ONNX file outputs the calibrated probability (it does not: see note). */
  inOnnx: false;
  note: string;
}

interface TrainEvaluationBase {
  permutationImportance: FeatureImportance[];
  trainRows: number;
  testRows: number;
}

export type TrainEvaluation =
  | (TrainEvaluationBase &
      ClassificationFigures & {
        confusionAt05: Confusion;
        crossValidation: { folds: number[]; mean: number; sd: number } | null;
        /** Null when no calibration was asked for. */
        calibrationResult: CalibrationReport | null;
      })
  | (TrainEvaluationBase & RegressionFigures & { crossValidation: null; confusionAt05?: never; calibrationResult?: never });

export type TrainResult = RegisteredModel & { evaluation: TrainEvaluation };

interface EvaluateBase {
  output: string;
  rows: number;
  rowsWithoutTarget: number;
  drift: DriftReport | null;
}

export type EvaluateResult =
  | (EvaluateBase & { task: 'classification'; threshold: number; confusion: Confusion } & ClassificationFigures)
  | (EvaluateBase & { task: 'regression'; threshold?: never; confusion?: never } & RegressionFigures);

export interface ScoreResult {
  table: string;
  rows: number;
  outputs: string[];
  kept: string[];
  drift: DriftReport | null;
}

export interface ClvResult {
  table: string;
  customers: number;
  repeatCustomers: number;
  bgnbd: BgNbdModel;
  gammaGamma: GammaGammaModel;
  horizon: number;
  totals: { expectedPurchases: number; clv: number; meanPAlive: number };
  /** Gamma-Gamma assumes order value does not depend on how often a customer buys; near 0 is what it needs. */
  frequencySpendCorrelation: number;
  nonPositiveSpend: number;
  /** What a reader of the parameters should know (for example a degenerate dropout distribution). */
  notes: string[];
  /** Customers by CLV, highest first (for a table or bar chart). */
  top: { customer: string; clv: number; expectedPurchases: number; pAlive: number }[];
}

export interface RfmResult {
  table: string;
  customers: number;
  segments: { segment: string; customers: number }[];
}

/** One cluster in the data's own units: size, share, feature means and means relative to the overall mean. */
export interface ClusterProfile {
  /** The cluster's label (−1: DBSCAN's noise). */
  cluster: number;
  size: number;
  share: number;
  means: Record<string, number>;
  vsOverall: Record<string, number>;
}

/** k-means over a range of k: inertia (the elbow curve) and sampled silhouette per k. */
export interface KMeansSelection {
  k: number[];
  inertia: number[];
  silhouette: number[];
  best: number;
  elbow: number;
}

/** Gaussian mixtures over a range of k: BIC (lower is better) and mean log-likelihood per k. */
export interface MixtureSelection {
  k: number[];
  bic: number[];
  meanLogLikelihood: number[];
  best: number;
}

/** The rows a fit saw when an exact algorithm's row cap made it take a seeded sample. */
export interface ClusterSample {
  /** Rows the algorithm ran on. */
  rows: number;
  /** Rows in the dataset. */
  of: number;
  cap: number;
  seed: number;
  note: string;
}

interface ClusterBase {
  features: string[];
  scale: ClusterScale;
  profiles: ClusterProfile[];
  /** Rows clustered (after sampling). */
  rows: number;
  /** The table of labels (row_number, identifier columns, cluster), or null when none was asked for. */
  table: string | null;
  sample: ClusterSample | null;
}

/** k-means: registered with its ONNX file (nearest centre for new rows). */
export type KMeansResult = RegisteredModel &
  Omit<ClusterBase, 'features'> & {
    algorithm: 'kmeans';
    silhouette: number;
    inertia: number;
    selection: KMeansSelection | null;
  };

export interface MixtureResult extends ClusterBase {
  algorithm: 'gaussian_mixture';
  k: number;
  covariance: 'full';
  bic: number;
  meanLogLikelihood: number;
  converged: boolean;
  selection: MixtureSelection | null;
}

export interface DbscanResult extends ClusterBase {
  algorithm: 'dbscan';
  eps: number;
  minSamples: number;
  clusters: number;
  noise: number;
  /** Each row's distance to its minSamples-th nearest other row, descending (at most 1,000 points, evenly spaced). */
  kDistance: number[];
}

export interface AgglomerativeResult extends ClusterBase {
  algorithm: 'agglomerative';
  k: number;
  linkage: 'ward';
  /** The last merges of the tree (scipy numbering: rows 0..n−1, the i-th merge is n + i), at most 200. */
  merges: { a: number; b: number; distance: number; size: number }[];
  mergesShown: number;
  mergesTotal: number;
  selection: AgglomerativeSelection | null;
}

/** Cuts of one Ward tree at every k in a range: sampled silhouette per k (higher is better). */
export interface AgglomerativeSelection {
  k: number[];
  silhouette: number[];
  best: number;
}

export type ClusterResult = KMeansResult | MixtureResult | DbscanResult | AgglomerativeResult;
export type ClusterResultOf<A extends ClusterAlgorithm> = Extract<ClusterResult, { algorithm: A }>;

export interface PcaResponse {
  features: string[];
  scale: 'standard' | 'none';
  /** One per component, in order. */
  explainedVarianceRatio: number[];
  explainedVariance: number[];
  /** Components as rows (components × features). */
  components: number[][];
  means: Record<string, number>;
  /** The first two coordinates of a seeded sample of rows (projectionRows of them), for a scatter plot. */
  projection: { x: number[]; y: number[] };
  projectionRows: number;
  /** Rows the components were computed from (all rows, or the seeded sample asked for). */
  rows: number;
}
