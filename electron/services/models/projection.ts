/** Principal components of numeric columns: explained variance, loadings and a sampled 2-D projection for a scatter plot. */
import { ErrorCode, WorkbenchError } from '../../../shared/api/result';
import type { FitControl } from '../../../shared/ml/errors';
import { fromColumns, takeRows } from '../../../shared/ml/matrix';
import { fitPreprocessing } from '../../../shared/ml/preprocess';
import { DEFAULT_PCA_SCALE, PCA_PROJECTION_ROWS, PCA_SCALES, type PcaScale } from '../../../shared/models/requests';
import type { PcaResponse } from '../../../shared/models/types';
import type { Dataset } from '../../../shared/types';
import { modelInput, readNumeric, sampleIndices } from './columns';
import type { ModelsContext } from './context';
import { shareMatrix } from './ml-client';

export interface PcaRequest {
  features: string[];
  /** Standardise the columns first (default) or use raw values. */
  scale?: PcaScale;
  /** Components kept (default: as many as features, at most 10). */
  components?: number;
  /** Compute on a seeded sample of this many rows (default: every row). */
  sample?: number;
  seed?: number;
}

export async function principalComponents(
  ctx: ModelsContext,
  dataset: Dataset,
  req: PcaRequest,
  control?: FitControl,
): Promise<PcaResponse> {
  const scale = req.scale ?? DEFAULT_PCA_SCALE;
  if (!(PCA_SCALES as readonly string[]).includes(scale))
    throw new WorkbenchError(ErrorCode.InvalidArgument, `scale: must be one of ${PCA_SCALES.join(', ')} (got "${scale}").`, {
      field: 'scale',
    });
  if (req.components !== undefined && req.components > req.features.length)
    throw new WorkbenchError(
      ErrorCode.InvalidArgument,
      `components: at most one per feature (${req.features.length}), got ${req.components}.`,
      { field: 'components' },
    );
  const seed = req.seed ?? 0;
  const cols = await readNumeric(ctx.engine, dataset, req.features);
  const all = modelInput(() => fromColumns(cols, req.features));
  const X = req.sample !== undefined && req.sample < all.rows ? takeRows(all, sampleIndices(all.rows, req.sample, seed)) : all;
  const Xfit =
    scale === 'none'
      ? X
      : modelInput(
          () =>
            fitPreprocessing(
              { rows: X.rows, numeric: req.features.map((name, f) => ({ name, values: column(X.data, X.cols, f) })), categorical: [] },
              { scale: 'standard', seed },
            ).train,
        );
  control?.onProgress?.(0, 'principal components');
  const r = await ctx.ml.fit('pca', { matrix: shareMatrix(Xfit), components: req.components ?? Math.min(req.features.length, 10) });
  const shown = sampleIndices(X.rows, PCA_PROJECTION_ROWS, seed);
  return {
    features: req.features,
    scale,
    explainedVarianceRatio: r.explainedVarianceRatio,
    explainedVariance: r.explainedVariance,
    components: r.components.map((c) => Array.from(c)),
    // The column means of the rows used, in the data's own units.
    means: Object.fromEntries(req.features.map((name, f) => [name, mean(column(X.data, X.cols, f))])),
    projection: { x: shown.map((i) => r.projection2d.x[i]!), y: shown.map((i) => r.projection2d.y[i]!) },
    projectionRows: shown.length,
    rows: X.rows,
  };
}

function column(data: Float64Array, cols: number, f: number): Float64Array {
  const out = new Float64Array(data.length / cols);
  for (let i = 0; i < out.length; i++) out[i] = data[i * cols + f]!;
  return out;
}

function mean(v: Float64Array): number {
  let s = 0;
  for (const x of v) s += x;
  return v.length ? s / v.length : 0;
}
