import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import reference from '../../../shared/ml/fixtures/reference.json';
import { fromColumns } from '../../../shared/ml/matrix';
import { pca } from '../../../shared/ml/pca';
import { seededUniform } from '../../../shared/ml/random';
import type { AgglomerativeResult, DbscanResult, MixtureResult, PcaResponse, RfmResult, TrainResult } from '../../../shared/models/types';
import type { Dataset } from '../../../shared/types';
import { SAMPLE_DIR, useWorkbench } from '../test-support';
import { CLUSTER_ROW_CAPS } from './cluster-labels';
import { buildRfm } from './rfm';

const t = useWorkbench();

async function csv(name: string, header: string[], rows: number[][]): Promise<Dataset> {
  const file = path.join(t.dir, `${name}.csv`);
  writeFileSync(file, [header.join(','), ...rows.map((r) => r.join(','))].join('\n') + '\n');
  return t.wb.datasets.openAndWait({ path: file });
}

async function call<T>(method: string, request: unknown): Promise<T> {
  const r = await t.wb.invoke(method, request);
  if (!r.ok) throw new Error(`${method}: ${r.error.message} (field ${r.error.field})`);
  return r.value as T;
}

async function refused(method: string, request: unknown, field: string, message: RegExp): Promise<void> {
  const r = await t.wb.invoke(method, request);
  expect(r).toMatchObject({ ok: false, error: { field } });
  expect((r as { error: { message: string } }).error.message).toMatch(message);
}

async function count(sql: string): Promise<number[]> {
  return (await t.wb.queries.run(sql)).page.data.map((c) => Number(c[0]));
}

describe('models.pca', () => {
  it('gives the explained variance ratios of shared/ml/pca on the standardised columns, and a sampled projection', async () => {
    const d = reference.cases.classification_data;
    const names = ['x0', 'x1', 'x2', 'x3'];
    const rows = [...d.Xtr, ...d.Xte].map((r) => r.slice(0, 4));
    const ds = await csv('pca', names, rows);
    const r = await call<PcaResponse>('models.pca', { datasetId: ds.id, features: names });
    // The same columns standardised by hand (the ratio does not depend on the variance's denominator).
    const cols = Object.fromEntries(
      names.map((n, j) => {
        const v = rows.map((row) => row[j]!);
        const m = v.reduce((a, b) => a + b, 0) / v.length;
        const sd = Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / v.length);
        return [n, v.map((x) => (x - m) / sd)];
      }),
    );
    const expected = pca(fromColumns(cols, names), 4);
    expect(r.explainedVarianceRatio).toHaveLength(4);
    // Within 1e-6: the workbench's scaler keeps its centre and scale in float32 (as the ONNX export does).
    r.explainedVarianceRatio.forEach((v, i) => expect(Math.abs(v - expected.explainedVarianceRatio[i]!)).toBeLessThan(1e-6));
    expect(r.components).toHaveLength(4);
    expect(r.explainedVariance).toHaveLength(4);
    expect(r.rows).toBe(rows.length);
    expect(r.projectionRows).toBe(Math.min(rows.length, 2000));
    expect(r.projection.x).toHaveLength(r.projectionRows);
    expect(r.projection.y).toHaveLength(r.projectionRows);
    expect(r.means.x0).toBeCloseTo(rows.reduce((a, row) => a + row[0]!, 0) / rows.length, 9);

    const raw = await call<PcaResponse>('models.pca', {
      datasetId: ds.id,
      features: names,
      scale: 'none',
      components: 2,
      sample: 300,
      seed: 1,
    });
    expect(raw).toMatchObject({ scale: 'none', rows: 300, projectionRows: 300 });
    expect(raw.explainedVarianceRatio).toHaveLength(2);
    await refused('models.pca', { datasetId: ds.id, features: names, scale: 'minmax' }, 'scale', /standard/);
    await refused('models.pca', { datasetId: ds.id, features: names, components: 5 }, 'components', /at most one per feature/);
  });
});

describe('models.cluster beyond k-means', () => {
  it('runs DBSCAN with scikit-learn’s noise count, writes every row’s label and returns the k-distance curve', async () => {
    const c = reference.cases.dbscan;
    const ds = await csv('dbscan', ['a', 'b'], c.X);
    const r = await call<DbscanResult>('models.cluster', {
      datasetId: ds.id,
      features: ['a', 'b'],
      algorithm: 'dbscan',
      eps: c.eps,
      minSamples: c.min_samples,
      table: 'dbscan_labels',
    });
    const noise = c.labels.filter((l) => l < 0).length;
    expect(r).toMatchObject({
      algorithm: 'dbscan',
      noise,
      clusters: new Set(c.labels.filter((l) => l >= 0)).size,
      rows: 320,
      sample: null,
    });
    expect(r.kDistance).toHaveLength(320);
    expect([...r.kDistance].sort((a, b) => b - a)).toEqual(r.kDistance);
    expect(await count('SELECT count(*) FROM dbscan_labels')).toEqual([320]);
    expect(await count('SELECT count(*) FROM dbscan_labels WHERE cluster = -1')).toEqual([noise]);
    expect(r.profiles.find((p) => p.cluster === -1)?.size).toBe(noise);
    await refused('models.cluster', { datasetId: ds.id, features: ['a'], algorithm: 'dbscan', table: 't' }, 'eps', /dbscan needs eps/);
    await refused(
      'models.cluster',
      { datasetId: ds.id, features: ['a'], algorithm: 'dbscan', eps: 1, k: 3, table: 't' },
      'k',
      /dbscan does not read k/,
    );
    await refused('models.cluster', { datasetId: ds.id, features: ['a'], algorithm: 'dbscan', eps: 1 }, 'table', /give a table/);
  });

  it('fits Gaussian mixtures over a range of k by BIC (finite, lowest at the three blobs) and labels every row', async () => {
    const g = reference.cases.gmm;
    const ds = await csv('gmm', ['a', 'b'], g.X);
    const r = await call<MixtureResult>('models.cluster', {
      datasetId: ds.id,
      features: ['a', 'b'],
      algorithm: 'gaussian_mixture',
      kRange: [2, 5],
      seed: 1,
      table: 'gmm_labels',
    });
    expect(r).toMatchObject({ algorithm: 'gaussian_mixture', k: 3, covariance: 'full', rows: 500 });
    const sel = r.selection!;
    expect(sel.k).toEqual([2, 3, 4, 5]);
    expect(sel.bic.every(Number.isFinite)).toBe(true);
    expect(Math.min(...sel.bic)).toBe(sel.bic[1]);
    // BIC is −2·n·(mean log-likelihood) + parameters·ln n (full covariances: k−1 + k·d + k·d(d+1)/2).
    sel.k.forEach((k, i) =>
      expect(sel.bic[i]).toBeCloseTo(-2 * 500 * sel.meanLogLikelihood[i]! + (k - 1 + 2 * k + 3 * k) * Math.log(500), 6),
    );
    expect(sel.meanLogLikelihood[1]!).toBeGreaterThan(sel.meanLogLikelihood[0]!);
    expect(Math.abs(r.meanLogLikelihood - g.lower_bound)).toBeLessThan(1e-3);
    expect(await count('SELECT count(*), count(DISTINCT cluster) FROM gmm_labels')).toEqual([500, 3]);
    expect(t.wb.models.list().some((m) => m.algorithm !== 'kmeans' && m.features.includes('a'))).toBe(false);
  });

  it('cuts a Ward tree as scipy does, returns the merges, and samples beyond its row cap (saying so)', async () => {
    const c = reference.cases.ward;
    const ds = await csv('ward', ['a', 'b'], c.X);
    const r = await call<AgglomerativeResult>('models.cluster', {
      datasetId: ds.id,
      features: ['a', 'b'],
      algorithm: 'agglomerative',
      k: 3,
      table: 'ward_labels',
    });
    expect(r).toMatchObject({ algorithm: 'agglomerative', k: 3, linkage: 'ward', mergesTotal: 119, mergesShown: 119, sample: null });
    r.merges.forEach((m, i) => expect(Math.abs(m.distance - c.distances[i]!)).toBeLessThan(1e-9));
    const labels = (await t.wb.queries.run('SELECT cluster FROM ward_labels ORDER BY row_number')).page.data[0]!.map(Number);
    // The same partition as scipy's fcluster, up to the clusters' numbering.
    const pairs = new Set(labels.map((l, i) => `${l}:${c.labels_k3[i]}`));
    expect(pairs.size).toBe(3);

    const cap = CLUSTER_ROW_CAPS.agglomerative;
    const rand = seededUniform(3);
    const many = await csv(
      'ward_many',
      ['id', 'a', 'b'],
      Array.from({ length: cap + 500 }, (_, i) => [i + 1, (i % 3) * 10 + rand(), rand()]),
    );
    const s = await call<AgglomerativeResult>('models.cluster', {
      datasetId: many.id,
      features: ['a', 'b'],
      algorithm: 'agglomerative',
      kRange: [2, 4],
      seed: 5,
      table: 'ward_sampled',
    });
    expect(s.sample).toMatchObject({ rows: cap, of: cap + 500, cap, seed: 5 });
    expect(s.sample!.note).toMatch(/seeded sample/);
    expect(s).toMatchObject({ rows: cap, k: 3, selection: { k: [2, 3, 4], best: 3 } });
    // Only sampled rows are labelled, each beside its own id.
    expect(await count('SELECT count(*) FROM ward_sampled')).toEqual([cap]);
    expect(await count(`SELECT count(*) FROM ward_sampled w JOIN "${many.relation}" d USING (id) WHERE w.row_number <> d.id`)).toEqual([0]);
  });
});

describe('models.train calibration', () => {
  it('calibrates a miscalibrated classifier: Brier and log loss on the test rows before and after', async () => {
    const d = reference.cases.classification_data;
    const features = Array.from({ length: 8 }, (_, j) => `x${j}`);
    const rows = [...d.Xtr.map((r, i) => [...r, d.ytr[i]!]), ...d.Xte.map((r, i) => [...r, d.yte[i]!])];
    const ds = await csv('calibration', [...features, 'y'], rows);
    // A strongly regularised logistic regression squeezes its probabilities towards the base rate.
    const base = { datasetId: ds.id, features, target: 'y', C: 0.0005, seed: 2 };
    for (const calibration of ['platt', 'isotonic'] as const) {
      const m = await call<TrainResult>('models.train', { ...base, name: `calibrated_${calibration}`, calibration });
      const c = m.evaluation.calibrationResult!;
      expect(c).toMatchObject({ method: calibration, inOnnx: false, map: { kind: calibration } });
      expect(c.after.brier).toBeLessThan(c.before.brier);
      expect(c.after.logLoss).toBeLessThan(c.before.logLoss);
      // "Before" is the model's own test figures (the file's output).
      expect(c.before.brier).toBe(m.evaluation.brier);
      expect(c.note).toMatch(/uncalibrated/);
      expect(m.lineage.params.calibration).toBe(calibration);
    }
    const plain = await call<TrainResult>('models.train', { ...base, name: 'uncalibrated' });
    expect(plain.evaluation.calibrationResult).toBeNull();
    await refused(
      'models.train',
      { ...base, name: 'bad', algorithm: 'gradient_boosting', task: 'regression', calibration: 'platt' },
      'calibration',
      /a regressor has none/,
    );
    await refused('models.train', { ...base, name: 'bad', calibration: 'beta' }, 'calibration', /platt/);
  });
});

describe('models.rfm', () => {
  it('builds the RFM table through the API as the command line does', async () => {
    const orders = await t.wb.datasets.openAndWait({ path: path.join(SAMPLE_DIR, 'orders.ndjson') });
    const req = { customerColumn: 'customer_id', dateColumn: 'order_ts', amountColumn: 'revenue', asOf: '2026-11-01' };
    const r = await call<RfmResult>('models.rfm', { datasetId: orders.id, ...req, table: 'rfm_api' });
    expect(r).toEqual(await buildRfm(t.wb.engine, orders, { ...req, table: 'rfm_direct' }).then((x) => ({ ...x, table: 'rfm_api' })));
    expect(await count('SELECT count(*) FROM rfm_api')).toEqual([r.customers]);
    await refused('models.rfm', { datasetId: orders.id, ...req, asOf: 'soon', table: 'x' }, 'asOf', /YYYY-MM-DD/);
  });
});
