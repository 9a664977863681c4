import { SCALE_MODES } from './preprocess';

/** Supervised algorithms models.train fits (each exported as ONNX). */
export const TRAIN_ALGORITHMS = ['logistic_regression', 'gradient_boosting', 'random_forest'] as const;
export type TrainAlgorithm = (typeof TRAIN_ALGORITHMS)[number];
export const DEFAULT_TRAIN_ALGORITHM: TrainAlgorithm = 'logistic_regression';

/** What a supervised model predicts: a 0/1 target or a number. */
export const TRAIN_TASKS = ['classification', 'regression'] as const;
export type TrainTask = (typeof TRAIN_TASKS)[number];

/** Clustering algorithms models.cluster runs (k-means is exported as ONNX; the others label rows into a table). */
export const CLUSTER_ALGORITHMS = ['kmeans', 'gaussian_mixture', 'dbscan', 'agglomerative'] as const;
export type ClusterAlgorithm = (typeof CLUSTER_ALGORITHMS)[number];
export const DEFAULT_CLUSTER_ALGORITHM: ClusterAlgorithm = 'kmeans';

/** Every algorithm id of the catalogue. */
export const ALGORITHM_IDS = [...TRAIN_ALGORITHMS, ...CLUSTER_ALGORITHMS, 'pca', 'clv'] as const;
export type AlgorithmId = (typeof ALGORITHM_IDS)[number];

/** Algorithms whose fitted model is a registered ONNX file (RegisteredModel['algorithm']). */
export const REGISTERED_ALGORITHMS = [...TRAIN_ALGORITHMS, 'kmeans'] as const satisfies readonly AlgorithmId[];
export type RegisteredAlgorithm = (typeof REGISTERED_ALGORITHMS)[number];

/**
 * What each modeling algorithm does and whether its result can leave the workbench as ONNX: shown
 * before training, so nobody fits a model expecting a file it cannot have.
 */
export interface AlgorithmInfo {
  id: AlgorithmId;
  name: string;
  kind: 'clustering' | 'supervised' | 'projection' | 'customer value';
  tasks: ('classification' | 'regression' | 'segmentation' | 'valuation')[];
  /** True when the fitted model is written as ONNX (preprocessing included) and checked against onnxruntime. */
  onnx: boolean;
  /** How it is exported, or why it cannot be. */
  onnxNote: string;
}

export const ALGORITHMS: readonly AlgorithmInfo[] = [
  {
    id: 'logistic_regression',
    name: 'Logistic regression (L2, class weights)',
    kind: 'supervised',
    tasks: ['classification'],
    onnx: true,
    onnxNote: 'Scaler + LinearClassifier, preprocessing in front.',
  },
  {
    id: 'gradient_boosting',
    name: 'Gradient-boosted trees (histogram binning)',
    kind: 'supervised',
    tasks: ['classification', 'regression'],
    onnx: true,
    onnxNote: 'TreeEnsembleClassifier / TreeEnsembleRegressor, preprocessing in front.',
  },
  {
    id: 'random_forest',
    name: 'Random forest',
    kind: 'supervised',
    tasks: ['classification', 'regression'],
    onnx: true,
    onnxNote: 'TreeEnsembleClassifier / TreeEnsembleRegressor (averaged), preprocessing in front.',
  },
  {
    id: 'kmeans',
    name: 'k-means (k-means++, restarts)',
    kind: 'clustering',
    tasks: ['segmentation'],
    onnx: true,
    onnxNote: 'Squared distances to the centres + ArgMin: new rows get the nearest segment.',
  },
  {
    id: 'gaussian_mixture',
    name: 'Gaussian mixture (EM, full covariances)',
    kind: 'clustering',
    tasks: ['segmentation'],
    onnx: false,
    onnxNote: 'Not exported: the workbench keeps its assignments as a table.',
  },
  {
    id: 'dbscan',
    name: 'DBSCAN',
    kind: 'clustering',
    tasks: ['segmentation'],
    onnx: false,
    onnxNote: 'Cannot be exported: DBSCAN labels only the rows it was fitted on and has no rule for new rows.',
  },
  {
    id: 'agglomerative',
    name: 'Agglomerative (Ward) clustering',
    kind: 'clustering',
    tasks: ['segmentation'],
    onnx: false,
    onnxNote: 'Cannot be exported: a merge tree over the fitted sample, with no rule for new rows.',
  },
  {
    id: 'pca',
    name: 'Principal components',
    kind: 'projection',
    tasks: [],
    onnx: false,
    onnxNote: 'Not exported: used for explained variance and 2-D plots inside the workbench.',
  },
  {
    id: 'clv',
    name: 'CLV (BG/NBD + Gamma-Gamma)',
    kind: 'customer value',
    tasks: ['valuation'],
    onnx: false,
    onnxNote:
      'Cannot be exported as ONNX: it values customers from their order history and writes a table, not a function of feature columns.',
  },
];

/** Feature scaling before clustering, exported in front of the centres ('none': raw values, the default). */
export const CLUSTER_SCALES = [...SCALE_MODES, 'none'] as const;
export type ClusterScale = (typeof CLUSTER_SCALES)[number];
export const DEFAULT_CLUSTER_SCALE: ClusterScale = 'none';
