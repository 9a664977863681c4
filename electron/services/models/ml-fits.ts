/**
 * The fits the model worker runs, by name: each takes its arguments, the fit control and a way to get the
 * helper thread for large inputs. The client's requests and responses are typed from this table.
 */
import { fitBoosting, type BoostingOptions } from '../../../shared/ml/boosting';
import { fitClv, type ClvOptions } from '../../../shared/ml/clv';
import { dbscan, kDistance } from '../../../shared/ml/density';
import { checkCancel, type FitControl } from '../../../shared/ml/errors';
import { fitForest, type ForestOptions } from '../../../shared/ml/forest';
import { cutTree, ward } from '../../../shared/ml/hierarchy';
import { kmeans, type KMeansOptions } from '../../../shared/ml/kmeans';
import { fitLogistic, type LogisticOptions } from '../../../shared/ml/logistic';
import type { Matrix } from '../../../shared/ml/matrix';
import { assignGaussianMixture, fitGaussianMixture, mixtureBic } from '../../../shared/ml/mixture';
import type { Pair } from '../../../shared/ml/parallel';
import { pca } from '../../../shared/ml/pca';

export interface ClvSummaryPayload {
  frequency: Float64Array;
  recency: Float64Array;
  T: Float64Array;
  monetary: Float64Array;
}

type PairFor = (rows: number) => Promise<Pair | undefined>;

export const FITS = {
  kmeans: async (a: { matrix: Matrix; options: KMeansOptions }, control: FitControl, pairFor: PairFor) =>
    kmeans(a.matrix, a.options, control, await pairFor(a.matrix.rows)),
  logistic: async (a: { matrix: Matrix; y: Float64Array; options: LogisticOptions }, control: FitControl, pairFor: PairFor) =>
    fitLogistic(a.matrix, a.y, a.options, control, await pairFor(a.matrix.rows)),
  boosting: async (a: { matrix: Matrix; y: Float64Array; options: BoostingOptions }, control: FitControl, pairFor: PairFor) =>
    fitBoosting(a.matrix, a.y, a.options, control, await pairFor(a.matrix.rows)),
  forest: async (a: { matrix: Matrix; y: Float64Array; options: ForestOptions }, control: FitControl, pairFor: PairFor) =>
    fitForest(a.matrix, a.y, a.options, control, await pairFor(a.matrix.rows)),
  clv: async (a: { summary: ClvSummaryPayload; options: ClvOptions }, control: FitControl) => fitClv(a.summary, a.options, control),
  /** A full-covariance mixture with k components: each row's component, BIC and the mean log-likelihood. */
  gaussianMixture: async (a: { matrix: Matrix; k: number; seed: number }, control: FitControl) => {
    const model = fitGaussianMixture(a.matrix, a.k, { seed: a.seed }, control);
    const { labels, meanLogLikelihood } = assignGaussianMixture(a.matrix, model);
    return {
      labels,
      meanLogLikelihood,
      bic: mixtureBic(model, meanLogLikelihood, a.matrix.rows, a.matrix.cols),
      converged: model.converged,
      iterations: model.iterations,
    };
  },
  /** DBSCAN labels (noise −1) and the k-distance curve at k = minSamples (the curve that suggests eps). */
  dbscan: async (a: { matrix: Matrix; eps: number; minSamples: number }, control: FitControl) => {
    control.onProgress?.(0, 'neighbourhoods');
    const fit = dbscan(a.matrix, a.eps, a.minSamples);
    checkCancel(control);
    control.onProgress?.(0.5, 'k-distance curve');
    return { ...fit, kDistance: kDistance(a.matrix, a.minSamples) };
  },
  /** Ward's merge tree and its cut into k clusters. */
  ward: async (a: { matrix: Matrix; k: number }, control: FitControl) => {
    control.onProgress?.(0, 'merging');
    const merges = ward(a.matrix);
    checkCancel(control);
    return { merges, labels: cutTree(merges, a.matrix.rows, a.k) };
  },
  pca: async (a: { matrix: Matrix; components: number }) => pca(a.matrix, a.components),
} as const;

export type FitName = keyof typeof FITS;
export type FitArgs<N extends FitName> = Parameters<(typeof FITS)[N]>[0];
export type FitResult<N extends FitName> = Awaited<ReturnType<(typeof FITS)[N]>>;
export const FIT_NAMES = Object.keys(FITS) as FitName[];
