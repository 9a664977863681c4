/**
 * Clustering without an ONNX export (Gaussian mixture, DBSCAN, agglomerative): no registered model; each
 * clustered row's label goes to a DuckDB table. DBSCAN and Ward are exact O(n²) algorithms: beyond their
 * row cap they run on a seeded sample, and only the sampled rows are labelled (the response says so).
 */
import { ErrorCode, WorkbenchError } from '../../../shared/api/result';
import { DEFAULT_CLUSTER_SCALE } from '../../../shared/ml/catalog';
import { DBSCAN_MAX_ROWS } from '../../../shared/ml/density';
import type { FitControl } from '../../../shared/ml/errors';
import { AGGLOMERATIVE_MAX_ROWS, cutTree } from '../../../shared/ml/hierarchy';
import { silhouette } from '../../../shared/ml/kmeans';
import { takeRows } from '../../../shared/ml/matrix';
import { DEFAULT_MIN_SAMPLES } from '../../../shared/models/requests';
import type { AgglomerativeResult, ClusterSample, DbscanResult, MixtureResult } from '../../../shared/models/types';
import type { Dataset } from '../../../shared/types';
import { checkClusterRequest, clusterFeatures, clusterProfiles, rangeStep, type ClusterRequest } from './clustering';
import { sampleIndices } from './columns';
import type { ModelsContext } from './context';
import { writeLabels } from './labels';
import { shareMatrix } from './ml-client';

/**
 * Row caps of the exact algorithms (a seeded sample beyond them), below the fit code's hard limits so a job
 * takes seconds: DBSCAN and its k-distance curve are quadratic, Ward's closest-pair search is cubic.
 */
export const CLUSTER_ROW_CAPS = {
  dbscan: Math.min(5_000, DBSCAN_MAX_ROWS),
  agglomerative: Math.min(1_000, AGGLOMERATIVE_MAX_ROWS),
} as const;
/** Merges of a Ward tree returned (the last ones: the top of the dendrogram). */
export const MERGES_SHOWN = 200;
/** Points of DBSCAN's k-distance curve returned (evenly spaced along it). */
export const K_DISTANCE_POINTS = 1_000;
const SILHOUETTE_ROWS = 2_000;

export async function clusterToTable(
  ctx: ModelsContext,
  dataset: Dataset,
  req: ClusterRequest,
  control?: FitControl,
): Promise<MixtureResult | DbscanResult | AgglomerativeResult> {
  checkClusterRequest(req);
  const algorithm = req.algorithm;
  if (algorithm !== 'gaussian_mixture' && algorithm !== 'dbscan' && algorithm !== 'agglomerative')
    throw new WorkbenchError(
      ErrorCode.InvalidArgument,
      `algorithm: ${algorithm ?? 'kmeans'} registers a model; this call writes labels only.`,
      {
        field: 'algorithm',
      },
    );
  const scale = req.scale ?? DEFAULT_CLUSTER_SCALE;
  const seed = req.seed ?? 0;
  const { X, Xfit } = await clusterFeatures(ctx, dataset, req.features, scale, seed);
  const cap = algorithm === 'gaussian_mixture' ? null : CLUSTER_ROW_CAPS[algorithm];
  const sampled = cap !== null && X.rows > cap ? sampleIndices(X.rows, cap, seed) : null;
  const sample: ClusterSample | null = sampled && {
    rows: sampled.length,
    of: X.rows,
    cap: cap!,
    seed,
    note: `${algorithm} is exact and quadratic in rows: it ran on a seeded sample of ${sampled.length.toLocaleString('en-US')} of ${X.rows.toLocaleString('en-US')} rows, and only those rows are labelled in the table.`,
  };
  const fitRows = shareMatrix(sampled ? takeRows(Xfit, sampled) : Xfit);
  const shown = sampled ? takeRows(X, sampled) : X;
  const finish = async (labels: Int32Array) => ({
    features: req.features,
    scale,
    profiles: clusterProfiles(shown, req.features, labels),
    rows: fitRows.rows,
    table: await writeLabels(ctx, dataset, req.table!, labels, sampled && { rows: sampled, total: X.rows }),
    sample,
  });

  if (algorithm === 'dbscan') {
    const eps = req.eps!;
    const minSamples = req.minSamples ?? DEFAULT_MIN_SAMPLES;
    const fit = await ctx.ml.fit('dbscan', { matrix: fitRows, eps, minSamples }, control);
    return {
      algorithm,
      eps,
      minSamples,
      clusters: fit.clusters,
      noise: fit.noise,
      kDistance: evenly(fit.kDistance, K_DISTANCE_POINTS),
      ...(await finish(fit.labels)),
    };
  }

  const [lo, hi] = req.kRange ?? [req.k!, req.k!];
  if (algorithm === 'gaussian_mixture') {
    const fits = [];
    for (let k = lo; k <= hi; k++)
      fits.push({ k, ...(await ctx.ml.fit('gaussianMixture', { matrix: fitRows, k, seed }, rangeStep(control, k, lo, hi))) });
    // Lower BIC is better; the first of equals wins.
    const best = fits.reduce((a, b) => (b.bic < a.bic ? b : a));
    return {
      algorithm,
      k: best.k,
      covariance: 'full',
      bic: best.bic,
      meanLogLikelihood: best.meanLogLikelihood,
      converged: best.converged,
      selection: req.kRange
        ? { k: fits.map((f) => f.k), bic: fits.map((f) => f.bic), meanLogLikelihood: fits.map((f) => f.meanLogLikelihood), best: best.k }
        : null,
      ...(await finish(best.labels)),
    };
  }

  // One Ward tree, cut at each k of the range.
  const tree = await ctx.ml.fit('ward', { matrix: fitRows, k: hi }, control);
  let labels = tree.labels;
  let k = hi;
  let selection: AgglomerativeResult['selection'] = null;
  if (req.kRange) {
    const ks: number[] = [];
    const sil: number[] = [];
    const cuts = new Map<number, Int32Array>();
    for (let kk = lo; kk <= hi; kk++) {
      const cut = cutTree(tree.merges, fitRows.rows, kk);
      ks.push(kk);
      sil.push(silhouette(fitRows, cut, kk, Math.min(fitRows.rows, SILHOUETTE_ROWS), seed));
      cuts.set(kk, cut);
    }
    k = ks[sil.indexOf(Math.max(...sil))]!;
    labels = cuts.get(k)!;
    selection = { k: ks, silhouette: sil, best: k };
  }
  return {
    algorithm,
    k,
    linkage: 'ward',
    merges: tree.merges.slice(-MERGES_SHOWN),
    mergesShown: Math.min(MERGES_SHOWN, tree.merges.length),
    mergesTotal: tree.merges.length,
    selection,
    ...(await finish(labels)),
  };
}

/** At most `max` values of a curve, evenly spaced along it (first and last kept). */
function evenly(values: number[], max: number): number[] {
  if (values.length <= max) return values;
  return Array.from({ length: max }, (_, i) => values[Math.round((i * (values.length - 1)) / (max - 1))]!);
}
