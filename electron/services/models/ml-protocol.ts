import type { BoostingModel, BoostingOptions } from '../../../shared/ml/boosting';
import type { ClvFit, ClvOptions } from '../../../shared/ml/clv';
import type { ForestModel, ForestOptions } from '../../../shared/ml/forest';
import type { KMeansModel, KMeansOptions } from '../../../shared/ml/kmeans';
import type { LogisticModel, LogisticOptions } from '../../../shared/ml/logistic';

export interface MatrixPayload {
  data: Float64Array;
  rows: number;
  cols: number;
  names: string[];
}

export type MlRequest =
  | { id: number; kind: 'kmeans'; matrix: MatrixPayload; options: KMeansOptions; cancel: SharedArrayBuffer }
  | { id: number; kind: 'logistic'; matrix: MatrixPayload; y: Float64Array; options: LogisticOptions; cancel: SharedArrayBuffer }
  | { id: number; kind: 'boosting'; matrix: MatrixPayload; y: Float64Array; options: BoostingOptions; cancel: SharedArrayBuffer }
  | { id: number; kind: 'forest'; matrix: MatrixPayload; y: Float64Array; options: ForestOptions; cancel: SharedArrayBuffer }
  | { id: number; kind: 'clv'; summary: ClvSummaryPayload; options: ClvOptions; cancel: SharedArrayBuffer };

export interface ClvSummaryPayload {
  frequency: Float64Array;
  recency: Float64Array;
  T: Float64Array;
  monetary: Float64Array;
}

export type MlResponse =
  | { id: number; kind: 'progress'; fraction: number; message: string }
  | { id: number; kind: 'kmeans'; model: KMeansModel }
  | { id: number; kind: 'logistic'; model: LogisticModel }
  | { id: number; kind: 'boosting'; model: BoostingModel }
  | { id: number; kind: 'forest'; model: ForestModel }
  | { id: number; kind: 'clv'; fit: ClvFit }
  | { id: number; kind: 'error'; message: string; field?: string; cancelled: boolean };
