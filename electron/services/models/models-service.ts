/**
 * The models feature's service: a thin facade over its jobs, each in its own file: training
 * (training.ts), scoring and evaluation (scoring.ts), clustering (clustering.ts, cluster-labels.ts),
 * principal components (projection.ts), CLV and RFM (clv.ts, rfm.ts), and the registry (registry.ts).
 */
import { ErrorCode, WorkbenchError } from '../../../shared/api/result';
import type { FitControl } from '../../../shared/ml/errors';
import type {
  ClusterResult,
  ClvResult,
  EvaluateResult,
  KMeansResult,
  PcaResponse,
  RegisteredModel,
  RfmResult,
  ScoreResult,
  TrainResult,
} from '../../../shared/models/types';
import type { Dataset } from '../../../shared/types';
import type { Engine } from '../engine/engine';
import type { Store } from '../store/store';
import { clusterToTable } from './cluster-labels';
import { clusterKMeans, type ClusterRequest } from './clustering';
import { buildClv, type ClvRequest } from './clv';
import type { ModelsContext } from './context';
import type { MlWorkerClient } from './ml-client';
import { principalComponents, type PcaRequest } from './projection';
import { ModelRegistry } from './registry';
import { buildRfm, type RfmRequest } from './rfm';
import { evaluate, score, type EvaluateRequest } from './scoring';
import { train, type TrainRequest } from './training';

export type { ClusterRequest } from './clustering';
export type { EvaluateRequest } from './scoring';
export type { TrainRequest } from './training';

export class ModelsService {
  private readonly ctx: ModelsContext;

  constructor(deps: { engine: Engine; store: Store; modelDir: string; ml: MlWorkerClient }) {
    this.ctx = { ...deps, registry: new ModelRegistry(deps.store) };
  }

  list(): RegisteredModel[] {
    return this.ctx.registry.list();
  }

  /** The ONNX file of a registered model (by id), or a file given by path (an imported model). */
  modelFile(ref: { id: string } | { path: string }): string {
    if ('path' in ref) return ref.path;
    const m = this.list().find((x) => x.id === ref.id);
    if (!m) throw new WorkbenchError(ErrorCode.NotFound, `No registered model has id "${ref.id}".`, { field: 'model' });
    return m.onnxPath;
  }

  /** Logistic regression, gradient-boosted trees or a random forest (the request's algorithm), registered as ONNX. */
  train(dataset: Dataset, req: TrainRequest, control?: FitControl): Promise<TrainResult> {
    return train(this.ctx, dataset, req, control);
  }

  /** @deprecated The command line's name for `train` until it calls models.train. */
  trainLogistic(dataset: Dataset, req: TrainRequest, control?: FitControl): Promise<TrainResult> {
    return this.train(dataset, req, control);
  }

  /** Any clustering algorithm: k-means registers an ONNX model; the others write labels to `table`. */
  clusterWith(dataset: Dataset, req: ClusterRequest, control?: FitControl): Promise<ClusterResult> {
    return (req.algorithm ?? 'kmeans') === 'kmeans'
      ? clusterKMeans(this.ctx, dataset, req, control)
      : clusterToTable(this.ctx, dataset, req, control);
  }

  /** k-means, exported as ONNX (nearest centre) and registered; `algorithm` other than kmeans is refused (use clusterWith). */
  cluster(dataset: Dataset, req: ClusterRequest & { name: string }, control?: FitControl): Promise<KMeansResult> {
    if (req.algorithm !== undefined && req.algorithm !== 'kmeans')
      throw new WorkbenchError(
        ErrorCode.InvalidArgument,
        `algorithm: ${req.algorithm} writes labels to a table; run it through models.cluster.`,
        {
          field: 'algorithm',
        },
      );
    return clusterKMeans(this.ctx, dataset, req, control);
  }

  pca(dataset: Dataset, req: PcaRequest, control?: FitControl): Promise<PcaResponse> {
    return principalComponents(this.ctx, dataset, req, control);
  }

  /**
   * Scores a dataset with an ONNX file in batches and writes the scores back as a DuckDB table (see scoring.ts).
   * `keep`: input columns carried beside the scores (default: the identifier columns).
   */
  score(
    dataset: Dataset,
    onnxPath: string,
    features: string[],
    table: string,
    batch?: number,
    inputs?: Record<string, string[]>,
    keep?: string[],
  ): Promise<ScoreResult> {
    return score(this.ctx, dataset, onnxPath, features, table, batch, inputs, keep);
  }

  /** Scores a dataset that has the true outcome and measures the model on it. */
  evaluate(dataset: Dataset, onnxPath: string, req: EvaluateRequest): Promise<EvaluateResult> {
    return evaluate(this.ctx, dataset, onnxPath, req);
  }

  /** Customer lifetime value (BG/NBD + Gamma-Gamma) from an orders table, written to a DuckDB table. */
  async clv(orders: Dataset, req: ClvRequest, control?: FitControl): Promise<ClvResult> {
    const r = await buildClv(this.ctx.engine, this.ctx.ml, orders, req, control);
    this.ctx.store.audit('model.clv', `${orders.name} → ${req.table} (${r.customers} customers, ${r.horizon} days)`);
    return r;
  }

  /** Recency, frequency and monetary scores and segments per customer, written to a DuckDB table. */
  async rfm(orders: Dataset, req: RfmRequest): Promise<RfmResult> {
    const r = await buildRfm(this.ctx.engine, orders, req);
    this.ctx.store.audit('model.rfm', `${orders.name} → ${req.table} (${r.customers} customers)`);
    return r;
  }
}
