/** Clustering and PCA on the command line: each one contract call on the workspace. */
import type { z } from 'zod';
import { CLUSTER_SCALES } from '../../../shared/ml/catalog';
import { modelsContract } from '../../../shared/models/contract';
import { copyOut, enumOf, fit, json, list, num, oneOf, outFile, required, seedOf, str, UsageError, type Command } from '../command';

const cluster$ = modelsContract['models.cluster'].request.shape;
const pca$ = modelsContract['models.pca'].request.shape;

export const cluster: Command = {
  name: 'cluster',
  usage: `cluster --data <path> --features a,b,c [--algorithm ${enumOf(cluster$.algorithm).join('|')}] [--scale ${CLUSTER_SCALES.join('|')}]
                [--k N|MIN-MAX] (kmeans, gaussian_mixture, agglomerative) [--eps X] [--min-samples N] (dbscan)
                [--name NAME] [--seed N] [--table NAME] [--out model.onnx (kmeans) | labels.csv|.parquet (the others)]`,
  options: {
    ...fit,
    algorithm: { type: 'string' },
    k: { type: 'string' },
    eps: { type: 'string' },
    'min-samples': { type: 'string' },
    scale: { type: 'string' },
    table: { type: 'string' },
    out: { type: 'string' },
  },
  runs: 'workspace',
  async run(ctx) {
    const v = ctx.values;
    required(v, 'cluster', 'data');
    const features = list(str(v, 'features'));
    if (!features.length) throw new UsageError('cluster needs --features a,b,c.');
    const algorithm = (oneOf('--algorithm', str(v, 'algorithm'), enumOf(cluster$.algorithm)) ?? 'kmeans') as z.infer<
      typeof cluster$.algorithm
    >;
    // --k 5, or --k 2-8 to choose (k-means by silhouette with the elbow alongside; a mixture by BIC).
    const kText = str(v, 'k');
    const range = /^(\d+)-(\d+)$/.exec(kText ?? '');
    const k =
      range || kText === undefined
        ? undefined
        : num('--k', kText, (n) => Number.isInteger(n) && n >= 1, 'a whole number of clusters or a range such as 2-8');
    const kRange = range ? ([Number(range[1]), Number(range[2])] as [number, number]) : undefined;
    if (algorithm !== 'dbscan' && !k && !kRange)
      throw new UsageError('cluster needs --k, a whole number of clusters or a range such as 2-8.');
    const eps = num('--eps', str(v, 'eps'), (n) => n > 0, 'a distance above 0');
    const minSamples = num('--min-samples', str(v, 'min-samples'), (n) => Number.isInteger(n) && n >= 1, 'a whole number of at least 1');
    const scale = oneOf('--scale', str(v, 'scale'), CLUSTER_SCALES);
    const out = str(v, 'out');
    const labelsOut = algorithm === 'kmeans' ? null : out ? outFile(v, 'cluster', 'labels') : null;
    const seed = seedOf(ctx);
    const d = await ctx.dataset(str(v, 'data')!);
    const table = str(v, 'table') ?? (algorithm === 'kmeans' ? undefined : 'clusters');
    const m = await ctx.call(
      'models.cluster',
      {
        datasetId: d.id,
        name: algorithm === 'kmeans' ? (str(v, 'name') ?? `${d.name}_clusters`) : undefined,
        features,
        algorithm,
        k,
        kRange,
        eps,
        minSamples,
        seed,
        scale,
        table,
      },
      true,
    );
    const written = labelsOut
      ? (
          await ctx.call('export.result', {
            sql: `SELECT * FROM "${table}" ORDER BY row_number`,
            format: labelsOut.format,
            path: labelsOut.path,
          })
        ).path
      : null;
    const onnx = 'onnxPath' in m ? copyOut(m.onnxPath, out) : null;
    await ctx.out(json({ ...m, onnx, written }));
  },
};

export const pca: Command = {
  name: 'pca',
  usage: `pca --data <path> --features a,b,... [--scale ${enumOf(pca$.scale).join('|')}] [--components N] [--sample N] [--seed N] [--json]`,
  options: {
    data: { type: 'string' },
    features: { type: 'string' },
    scale: { type: 'string' },
    components: { type: 'string' },
    sample: { type: 'string' },
    seed: { type: 'string' },
    json: { type: 'boolean' },
  },
  runs: 'workspace',
  async run(ctx) {
    const v = ctx.values;
    required(v, 'pca', 'data');
    const features = list(str(v, 'features'));
    if (features.length < 2) throw new UsageError('pca needs --features with at least two columns (a,b,...).');
    const request = {
      features,
      scale: oneOf('--scale', str(v, 'scale'), enumOf(pca$.scale)) as z.infer<typeof pca$.scale>,
      components: num('--components', str(v, 'components'), (n) => Number.isInteger(n) && n >= 1, 'a whole number of at least 1'),
      sample: num('--sample', str(v, 'sample'), (n) => Number.isInteger(n) && n >= 2, 'a whole number of at least 2'),
      seed: seedOf(ctx),
    };
    const d = await ctx.dataset(str(v, 'data')!);
    const r = await ctx.call('models.pca', { datasetId: d.id, ...request }, true);
    if (v.json) return void (await ctx.out(json(r)));
    let cumulative = 0;
    const lines = r.explainedVarianceRatio.map((ratio, i) => {
      cumulative += ratio;
      return `  PC${i + 1}  ${(ratio * 100).toFixed(1).padStart(5)}%  (cumulative ${(cumulative * 100).toFixed(1)}%)`;
    });
    await ctx.out(
      `PCA of ${r.features.join(', ')} (${r.scale === 'standard' ? 'standardised' : 'raw'}), ${r.projection.x.length.toLocaleString('en-US')} rows projected\n` +
        `explained variance:\n${lines.join('\n')}\n(--json for components and the 2-D projection)\n`,
    );
  },
};
