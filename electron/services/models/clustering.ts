/** k-means clustering (exported as ONNX and registered), the features it shares with the other algorithms, and cluster profiles. */
import { ErrorCode, WorkbenchError } from '../../../shared/api/result';
import {
  CLUSTER_ALGORITHMS,
  CLUSTER_SCALES,
  DEFAULT_CLUSTER_SCALE,
  type ClusterAlgorithm,
  type ClusterScale,
} from '../../../shared/ml/catalog';
import { driftReference } from '../../../shared/ml/drift';
import type { FitControl } from '../../../shared/ml/errors';
import { elbow, KMEANS_RESTARTS, silhouette, type KMeansModel } from '../../../shared/ml/kmeans';
import { fromColumns, takeRows, type Matrix } from '../../../shared/ml/matrix';
import { fitPreprocessing, selectRows, type Preprocessing, type RawFeatures } from '../../../shared/ml/preprocess';
import { clusterRequestIssues, type ClusterOptions } from '../../../shared/models/requests';
import type { ClusterProfile, KMeansResult, KMeansSelection } from '../../../shared/models/types';
import { kmeansToOnnx } from '../../../shared/onnx/export';
import { attachPreprocessing, inputMap } from '../../../shared/onnx/preprocessing';
import type { Dataset } from '../../../shared/types';
import { modelInput, range, readNumeric } from './columns';
import { VERIFY_ROWS, type ModelsContext } from './context';
import { writeLabels } from './labels';
import { feedsFor, planFor, scoreOnnx } from './onnx-check';

export interface ClusterRequest extends ClusterOptions {
  features: string[];
  /** k-means++ starts per k (default KMEANS_RESTARTS). */
  restarts?: number;
  seed?: number;
  algorithm?: ClusterAlgorithm;
  /** Scale the features before clustering (default none); for k-means the scaling is exported in front of the centres. */
  scale?: ClusterScale;
}

/** Rows a silhouette is measured on (a seeded sample beyond it). */
const SILHOUETTE_ROWS = 2_000;

/** A clustering request's options checked for its algorithm (the API checks them too; direct calls come here). */
export function checkClusterRequest(req: ClusterRequest): void {
  if (req.algorithm !== undefined && !(CLUSTER_ALGORITHMS as readonly string[]).includes(req.algorithm))
    throw new WorkbenchError(
      ErrorCode.InvalidArgument,
      `algorithm: must be one of ${CLUSTER_ALGORITHMS.join(', ')} (got "${req.algorithm}").`,
      {
        field: 'algorithm',
      },
    );
  if (req.scale !== undefined && !(CLUSTER_SCALES as readonly string[]).includes(req.scale))
    throw new WorkbenchError(ErrorCode.InvalidArgument, `scale: must be one of ${CLUSTER_SCALES.join(', ')} (got "${req.scale}").`, {
      field: 'scale',
    });
  const issue = clusterRequestIssues(req)[0];
  if (issue) throw new WorkbenchError(ErrorCode.InvalidArgument, `${issue.field}: ${issue.message}`, { field: issue.field });
}

/** The features as read (X, the data's own units), and the matrix the fit runs on (scaled when asked). */
export async function clusterFeatures(
  ctx: ModelsContext,
  dataset: Dataset,
  features: string[],
  scale: ClusterScale,
  seed: number,
): Promise<{ X: Matrix; Xfit: Matrix; raw: RawFeatures; prep: Preprocessing | null }> {
  const cols = await readNumeric(ctx.engine, dataset, features);
  const X = modelInput(() => fromColumns(cols, features));
  const raw: RawFeatures = { rows: X.rows, numeric: features.map((name) => ({ name, values: cols[name]! })), categorical: [] };
  const prepared = scale === 'none' ? null : modelInput(() => fitPreprocessing(raw, { scale, seed }));
  return { X, Xfit: prepared ? prepared.train : X, raw, prep: prepared?.preprocessing ?? null };
}

export async function clusterKMeans(
  ctx: ModelsContext,
  dataset: Dataset,
  req: ClusterRequest,
  control?: FitControl,
): Promise<KMeansResult> {
  checkClusterRequest({ ...req, algorithm: 'kmeans' });
  const scale = req.scale ?? DEFAULT_CLUSTER_SCALE;
  const restarts = req.restarts ?? KMEANS_RESTARTS;
  const seed = req.seed ?? 0;
  // X keeps the data's own units (profiles); k-means runs on the scaled copy, and the file scales raw rows the same way.
  const { X, Xfit, raw, prep } = await clusterFeatures(ctx, dataset, req.features, scale, seed);
  const selection = req.kRange ? await chooseK(ctx, Xfit, req.kRange, seed, restarts, control) : null;
  const k = selection?.best ?? req.k!;
  // The range already fitted the chosen k with the same starts and seed.
  const model = selection?.models.get(k) ?? (await ctx.ml.kmeans(Xfit, { k, restarts, seed }, control));
  const sil = silhouette(Xfit, model.labels, model.k, Math.min(X.rows, SILHOUETTE_ROWS), seed);
  const profiles = clusterProfiles(X, req.features, model.labels);
  const metrics = { inertia: model.inertia, silhouette: sil, k: model.k };
  const reference = driftReference(raw, range(X.rows), seed);
  const centres = kmeansToOnnx(model, {
    fingerprint: dataset.fingerprint,
    feature_types: JSON.stringify(Object.fromEntries(req.features.map((f) => [f, 'float']))),
    metrics: JSON.stringify(metrics),
    drift_reference: JSON.stringify(reference),
  });
  const bytes = prep ? attachPreprocessing(centres, prep) : centres;
  // The check feeds raw rows when the scaling is in the graph.
  const sampleRows = range(Math.min(VERIFY_ROWS, X.rows));
  const scored = await scoreOnnx(bytes, prep ? feedsFor(planFor(inputMap(prep)), selectRows(raw, sampleRows)) : takeRows(X, sampleRows));
  const mismatched = Array.from(scored.label!, Number).filter((l, i) => l !== model.labels[i]).length;
  if (mismatched)
    throw new WorkbenchError(
      ErrorCode.Internal,
      `ONNX export check failed: ${mismatched} of ${sampleRows.length} rows fall in another cluster in onnxruntime.`,
    );
  const table = req.table ? await writeLabels(ctx, dataset, req.table, model.labels, null) : null;
  const registered = await ctx.registry.save(
    {
      name: req.name!,
      algorithm: 'kmeans',
      features: req.features,
      target: null,
      metrics,
      lineage: {
        dataset: dataset.name,
        fingerprint: dataset.fingerprint,
        params: { k, restarts, scale, ...(req.kRange ? { kRange: req.kRange } : {}) },
        seed,
      },
    },
    bytes,
    ctx.modelDir,
  );
  const summary: KMeansSelection | null = selection && {
    k: selection.k,
    inertia: selection.inertia,
    silhouette: selection.silhouette,
    best: selection.best,
    elbow: selection.elbow,
  };
  return {
    ...registered,
    algorithm: 'kmeans',
    scale,
    profiles,
    selection: summary,
    silhouette: sil,
    inertia: model.inertia,
    rows: X.rows,
    table,
    sample: null,
  };
}

/**
 * k-means for every k in a range, each with the starts a single fit gets: inertia (the elbow curve) and
 * silhouette on a sample of up to 2,000 rows; the fitted models are kept so the chosen k is not refitted.
 */
async function chooseK(
  ctx: ModelsContext,
  X: Matrix,
  [lo, hi]: [number, number],
  seed: number,
  restarts: number,
  control?: FitControl,
): Promise<KMeansSelection & { models: Map<number, KMeansModel> }> {
  const ks: number[] = [];
  const inertia: number[] = [];
  const sil: number[] = [];
  const models = new Map<number, KMeansModel>();
  for (let k = lo; k <= hi; k++) {
    const m = await ctx.ml.kmeans(X, { k, restarts, seed }, rangeStep(control, k, lo, hi));
    ks.push(k);
    inertia.push(m.inertia);
    sil.push(silhouette(X, m.labels, m.k, Math.min(X.rows, SILHOUETTE_ROWS), seed));
    models.set(k, m);
  }
  const best = ks[sil.indexOf(Math.max(...sil))]!;
  return { k: ks, inertia, silhouette: sil, best, elbow: elbow(ks, inertia), models };
}

/** Progress of one k's fit as its share of a whole range. */
export function rangeStep(control: FitControl | undefined, k: number, lo: number, hi: number): FitControl {
  return {
    isCancelled: control?.isCancelled,
    onProgress: (f, m) => control?.onProgress?.((k - lo + f) / (hi - lo + 1), `k = ${k}: ${m}`),
  };
}

/** Per cluster (in label order; DBSCAN's noise −1 first): size, share and the feature means in the data's own units. */
export function clusterProfiles(X: Matrix, features: string[], labels: Int32Array): ClusterProfile[] {
  const d = X.cols;
  const overall = new Float64Array(d);
  const sums = new Map<number, { size: number; sum: Float64Array }>();
  for (let i = 0; i < X.rows; i++) {
    const c = labels[i]!;
    let s = sums.get(c);
    if (!s) sums.set(c, (s = { size: 0, sum: new Float64Array(d) }));
    s.size++;
    for (let f = 0; f < d; f++) {
      s.sum[f]! += X.data[i * d + f]!;
      overall[f]! += X.data[i * d + f]!;
    }
  }
  for (let f = 0; f < d; f++) overall[f] = X.rows ? overall[f]! / X.rows : 0;
  return [...sums.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([cluster, { size, sum }]) => ({
      cluster,
      size,
      share: size / X.rows,
      means: Object.fromEntries(features.map((name, f) => [name, sum[f]! / size])),
      vsOverall: Object.fromEntries(features.map((name, f) => [name, sum[f]! / size / (overall[f] || 1)])),
    }));
}
