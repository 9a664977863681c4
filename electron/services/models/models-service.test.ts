import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import reference from '../../../shared/ml/fixtures/reference.json';
import kmeansRange from '../../../shared/ml/fixtures/kmeans_range.json';
import { seededUniform } from '../../../shared/ml/random';
import type { Dataset } from '../../../shared/types';
import { tempDir, testWorkbench } from '../test-support';
import type { Workbench } from '../workbench';
import { stratifiedSplit } from './training';
import { inspectOnnx } from '../../../shared/onnx/import';

let tmp: ReturnType<typeof tempDir>;
let wb: Workbench;
let churn: Dataset;
const features = Array.from({ length: 8 }, (_, j) => `x${j}`);

beforeAll(async () => {
  tmp = tempDir();
  wb = await testWorkbench(path.join(tmp.dir, 'ws'));
  const d = reference.cases.classification_data;
  const rows = [...d.Xtr.map((r, i) => [...r, d.ytr[i]]), ...d.Xte.map((r, i) => [...r, d.yte[i]])];
  const file = path.join(tmp.dir, 'churn.csv');
  writeFileSync(file, [[...features, 'churned'].join(','), ...rows.map((r) => r.join(','))].join('\n') + '\n');
  churn = await wb.datasets.openAndWait({ path: file });
});
afterAll(async () => {
  await wb.close();
  tmp.cleanup();
});

describe('models from loaded data', () => {
  it('trains, evaluates on a held-out split, exports verified ONNX and registers a version', async () => {
    const m = await wb.models.train(churn, { name: 'churn', features, target: 'churned', seed: 3 });
    expect(m).toMatchObject({ name: 'churn', version: 1, algorithm: 'logistic_regression', target: 'churned' });
    expect(existsSync(m.onnxPath)).toBe(true);
    // scikit-learn's test AUC on its own split of the same data is the yardstick.
    expect(m.evaluation.auc as number).toBeGreaterThan(reference.cases.logistic_plain.expected.test_auc - 0.03);
    expect(m.metrics.exportMaxDiff as number).toBeLessThanOrEqual(1e-5);
    expect(m.lineage).toMatchObject({ fingerprint: churn.fingerprint, seed: 3 });
    const importance = m.evaluation.permutationImportance as { feature: string; importance: number }[];
    expect(importance.map((x) => x.feature)).toEqual(features);
    expect(Math.max(...importance.map((x) => x.importance))).toBeGreaterThan(0.01);
    const again = await wb.models.train(churn, { name: 'churn', features, target: 'churned', seed: 4, crossValidate: true });
    expect((again.evaluation.crossValidation as { folds: number[] }).folds).toHaveLength(5);
    expect(again.version).toBe(2);
    expect(wb.models.list().map((x) => `${x.name}@${x.version}`)).toEqual(['churn@2', 'churn@1']);
  });

  it('trains gradient-boosted trees the same way, exported as a verified tree ensemble', async () => {
    const m = await wb.models.train(churn, {
      name: 'churn_gbt',
      features,
      target: 'churned',
      algorithm: 'gradient_boosting',
      iterations: 60,
    });
    expect(m.algorithm).toBe('gradient_boosting');
    expect(m.evaluation.auc as number).toBeGreaterThan(0.85);
    expect(m.metrics.exportMaxDiff as number).toBeLessThanOrEqual(1e-5);
    const r = await wb.models.score(churn, m.onnxPath, features, 'gbt_scores');
    expect(r.outputs).toEqual(['label', 'probabilities_0', 'probabilities_1']);
    // The file carries a sample of its training data: scoring the same data shows no drift…
    expect(r.drift!.features.map((f) => f.feature)).toEqual(features);
    expect(r.drift!.warnings).toEqual([]);
    // …and a copy with x0 moved names x0, matched by position to the columns fed in.
    await wb.engine.exec(`CREATE OR REPLACE TABLE shifted AS SELECT * REPLACE (x0 + 3 AS x0) FROM ${churn.relation}`);
    const file = path.join(tmp.dir, 'shifted.parquet');
    await wb.engine.exec(`COPY shifted TO '${file}' (FORMAT parquet)`);
    const shifted = await wb.datasets.openAndWait({ path: file });
    const moved = await wb.models.score(shifted, m.onnxPath, features, 'shifted_scores');
    expect(moved.drift!.warnings).toEqual([expect.stringMatching(/^x0: population stability index/)]);
    // The audit log records the warning with the scoring run.
    const log = await wb.invoke('audit.list', { limit: 1 });
    expect(log).toMatchObject({ ok: true, value: [{ action: 'model.score', detail: expect.stringMatching(/drift warnings: x0\)$/) }] });
  });

  it('trains a random forest classifier, and boosted and forest regressors for a numeric target (CLV-style)', async () => {
    const rf = await wb.models.train(churn, {
      name: 'churn_rf',
      features,
      target: 'churned',
      algorithm: 'random_forest',
      iterations: 40,
    });
    expect(rf.algorithm).toBe('random_forest');
    expect(rf.evaluation.auc as number).toBeGreaterThan(reference.cases.random_forest.test_auc - 0.03);
    expect(rf.metrics.exportMaxDiff as number).toBeLessThanOrEqual(1e-5);

    const r = reference.cases.regression;
    const file = path.join(tmp.dir, 'value.csv');
    const names = r.Xtr[0]!.map((_, j) => `f${j}`);
    const rows = [...r.Xtr.map((x, i) => [...x, r.ytr[i]]), ...r.Xte.map((x, i) => [...x, r.yte[i]])];
    writeFileSync(file, [[...names, 'value'].join(','), ...rows.map((x) => x.join(','))].join('\n') + '\n');
    const value = await wb.datasets.openAndWait({ path: file });
    for (const algorithm of ['gradient_boosting', 'random_forest'] as const) {
      const m = await wb.models.train(value, {
        name: `value_${algorithm}`,
        features: names,
        target: 'value',
        task: 'regression',
        algorithm,
      });
      expect(m.evaluation.r2 as number).toBeGreaterThan(0.8);
      expect(m.evaluation.rmse as number).toBeGreaterThan(0);
      expect((m.evaluation.residuals as { residual: number[] }).residual).toHaveLength(m.evaluation.testRows as number);
      expect(m.metrics.exportMaxDiff as number).toBeLessThanOrEqual(1e-5);
      const scored = await wb.models.score(value, m.onnxPath, names, `scores_${algorithm}`);
      expect(scored.outputs).toEqual(['variable']);
    }
    await expect(
      wb.models.train(value, {
        name: 'bad',
        features: names,
        target: 'value',
        task: 'regression',
        algorithm: 'logistic_regression',
      }),
    ).rejects.toThrow(/Logistic regression is a classifier/);
    await expect(wb.models.train(value, { name: 'bad', features: names, target: 'value' })).rejects.toThrow(
      /value\.value: row 1 is [\d.]+; the target must be 0 or 1/,
    );
  });

  it('trains on text categories and gappy numbers with preprocessing in the exported graph, and scores new data by column name', async () => {
    const plans = ['free', 'pro', 'team'];
    const regions = ['north', 'south', 'east', 'west', 'central'];
    const line = (i: number) => {
      const tenure = i % 11 === 0 ? '' : String((i * 37) % 60);
      const spend = i % 97 === 0 ? 5000 : ((i * 53) % 200) + 0.5;
      const plan = plans[(i * 7) % 3]!;
      const region = i % 13 === 0 ? '' : regions[(i * 3) % 5]!;
      const z =
        (plan === 'pro' ? 1.5 : 0) + (region === 'west' ? 1 : 0) - (tenure === '' ? 0 : Number(tenure) / 30) + ((i * 29) % 10) / 10 - 0.5;
      return { row: [tenure, spend, plan, region], y: z > 0 ? 1 : 0 };
    };
    const rows = Array.from({ length: 3000 }, (_, i) => line(i));
    const file = path.join(tmp.dir, 'subscribers.csv');
    writeFileSync(file, ['tenure,spend,plan,region,converted', ...rows.map((r) => [...r.row, r.y].join(','))].join('\n') + '\n');
    const subs = await wb.datasets.openAndWait({ path: file });
    const req = {
      name: 'conversion',
      features: ['tenure', 'spend', 'plan', 'region'],
      target: 'converted',
      algorithm: 'gradient_boosting' as const,
      iterations: 40,
      preprocess: {
        impute: 'median' as const,
        indicator: true,
        scale: 'standard' as const,
        outliers: 'iqr' as const,
        encoding: { plan: 'onehot' as const, region: 'target' as const },
      },
    };
    const m = await wb.models.train(subs, req);
    expect(m.metrics.exportMaxDiff as number).toBeLessThanOrEqual(1e-5);
    expect(m.evaluation.auc as number).toBeGreaterThan(0.9);
    const importance = (m.evaluation.permutationImportance as { feature: string }[]).map((x) => x.feature);
    expect(importance).toEqual(expect.arrayContaining(['tenure_missing', 'spend_outlier', 'plan=pro', 'region_te']));
    expect(m.features).toEqual(req.features);
    const meta = inspectOnnx(readFileSync(m.onnxPath), m.onnxPath).metadata;
    expect(JSON.parse(meta.feature_types!)).toEqual({ tenure: 'float', spend: 'float', plan: 'string', region: 'string' });
    expect(meta).toMatchObject({ fingerprint: subs.fingerprint, target: 'converted', algorithm: 'gradient_boosting', classes: '[0,1]' });
    expect(JSON.parse(meta.metrics!).auc).toBe(m.metrics.auc);
    // Logistic regression gets the same preprocessing.
    const lr = await wb.models.train(subs, { ...req, name: 'conversion_lr', algorithm: 'logistic_regression' });
    expect(lr.metrics.exportMaxDiff as number).toBeLessThanOrEqual(1e-5);

    // New data: the first rows again, then a plan and a region never seen in training, and gaps.
    const later = path.join(tmp.dir, 'later.csv');
    writeFileSync(
      later,
      ['tenure,spend,plan,region', ...rows.slice(0, 20).map((r) => r.row.join(',')), '12,80,enterprise,atlantis', ',,,'].join('\n') + '\n',
    );
    const next = await wb.datasets.openAndWait({ path: later });
    await wb.models.score(subs, m.onnxPath, [], 'train_scores');
    const r = await wb.models.score(next, m.onnxPath, [], 'later_scores');
    expect(r.rows).toBe(22);
    const a = await wb.queries.run('SELECT probabilities_1 FROM train_scores ORDER BY row_number LIMIT 20');
    const b = await wb.queries.run('SELECT probabilities_1 FROM later_scores ORDER BY row_number');
    const pa = a.page.data[0] as number[];
    const pb = b.page.data[0] as number[];
    pa.forEach((p, i) => expect(pb[i]).toBeCloseTo(p, 6));
    expect(pb.slice(20).every((p) => p > 0 && p < 1)).toBe(true);

    // Measured on the whole file (training rows included), through the exported file alone.
    const ev = await wb.models.evaluate(subs, m.onnxPath, { target: 'converted', threshold: 0.4 });
    expect(ev).toMatchObject({ task: 'classification', output: 'probabilities_1', rows: 3000, rowsWithoutTarget: 0, threshold: 0.4 });
    expect(ev.auc as number).toBeGreaterThanOrEqual((m.evaluation.auc as number) - 0.02);
    const cm = ev.confusion as { tp: number; fp: number; tn: number; fn: number };
    expect(cm.tp + cm.fp + cm.tn + cm.fn).toBe(3000);
    expect(cm.tp + cm.fn).toBe(rows.filter((r) => r.y === 1).length);
    await expect(wb.models.evaluate(next, m.onnxPath, { target: 'converted' })).rejects.toThrow(/later has no column "converted"/);
    await expect(wb.models.train(subs, { ...req, preprocess: { encoding: { plan: 'onehot' } } })).rejects.toThrow(
      /subscribers\.region: [\d,]+ values are not numbers .*give it an encoding/,
    );
    await expect(wb.models.train(subs, { ...req, preprocess: { encoding: { nope: 'onehot' } } })).rejects.toThrow(
      /nope: has an encoding but is not one of the features/,
    );
  });

  it('clusters with profiles and scores a table back into DuckDB with the ONNX file', async () => {
    const c = await wb.models.cluster(churn, { name: 'segments', features: ['x0', 'x1', 'x2'], k: 4, restarts: 3 });
    expect(c.profiles).toHaveLength(4);
    expect(c.profiles.reduce((s, p) => s + (p.size as number), 0)).toBe(churn.rowCount);
    const r = await wb.models.score(churn, c.onnxPath, ['x0', 'x1', 'x2'], 'segment_scores', 1000);
    expect(r.rows).toBe(churn.rowCount);
    expect(r.outputs).toEqual(['distances_0', 'distances_1', 'distances_2', 'distances_3', 'label']);
    const counts = await wb.queries.run('SELECT label, count(*) FROM segment_scores GROUP BY 1 ORDER BY 1');
    expect(counts.page.data[1]).toEqual(c.profiles.map((p) => p.size));
  });

  it('carries the identifier columns (or the ones asked for) beside the scores, on the rows they belong to', async () => {
    // Many small row groups, so DuckDB scans the file on several threads.
    const rows = (n: number, file: string) =>
      wb.engine.exec(
        `COPY (SELECT 'C' || i AS customer_id, i % 97 AS account_id, (hash(i) % 10000) / 100.0 AS x, ` +
          `CASE WHEN (hash(i) % 10000) / 100.0 + (hash(i * 7) % 4000) / 100.0 > 60 THEN 1 ELSE 0 END AS y, 'old' AS label ` +
          `FROM range(${n}) t(i)) TO '${file}' (FORMAT parquet, ROW_GROUP_SIZE 2048)`,
      );
    await rows(5000, path.join(tmp.dir, 'keyed_small.parquet'));
    await rows(100_000, path.join(tmp.dir, 'keyed.parquet'));
    const small = await wb.datasets.openAndWait({ path: path.join(tmp.dir, 'keyed_small.parquet') });
    const keyed = await wb.datasets.openAndWait({ path: path.join(tmp.dir, 'keyed.parquet') });
    const m = await wb.models.train(small, { name: 'keyed', features: ['x'], target: 'y' });
    const byDefault = await wb.models.score(keyed, m.onnxPath, ['x'], 'keyed_scores');
    expect(byDefault.kept).toEqual(['customer_id', 'account_id']);
    const head = await wb.queries.run('SELECT * FROM keyed_scores LIMIT 1');
    expect(head.page.columns.map((c) => c.name)).toEqual([
      'row_number',
      'customer_id',
      'account_id',
      'label',
      'probabilities_0',
      'probabilities_1',
    ]);
    // Every kept id is the id of the row that was scored: x from the source row by id, the score only rises with x.
    const chosen = await wb.models.score(keyed, m.onnxPath, ['x'], 'keyed_x', undefined, {}, ['customer_id', 'x']);
    expect(chosen.kept).toEqual(['customer_id', 'x']);
    const check = await wb.queries.run(
      `SELECT count(*) AS n,
              count(*) FILTER (WHERE d.x IS DISTINCT FROM s.x) AS wrong_x,
              (SELECT count(*) FROM (SELECT probabilities_1 < lag(probabilities_1) OVER (ORDER BY x, probabilities_1) AS down,
                                            x > lag(x) OVER (ORDER BY x, probabilities_1) AS up FROM keyed_x) WHERE down AND up) AS falling
       FROM keyed_x s JOIN "${keyed.relation}" d USING (customer_id)`,
    );
    expect(check.page.data.map((c) => c[0])).toEqual([100_000, 0, 0]);
    // Nothing kept on request; an unknown column is named with the ones there are.
    expect((await wb.models.score(keyed, m.onnxPath, ['x'], 'keyed_none', undefined, {}, [])).kept).toEqual([]);
    await expect(wb.models.score(keyed, m.onnxPath, ['x'], 'keyed_bad', undefined, {}, ['customer'])).rejects.toThrow(
      'keep: keyed has no column "customer" (it has customer_id, account_id, x, y, label).',
    );
    await expect(wb.models.score(keyed, m.onnxPath, ['x'], 'keyed_bad', undefined, {}, ['label'])).rejects.toThrow(
      'keep: "label" is also the name of a score column; leave it out of keep.',
    );
    const viaApi = await wb.invoke('models.score', {
      datasetId: keyed.id,
      model: { id: m.id },
      features: ['x'],
      table: 'keyed_api',
      keep: ['account_id'],
    });
    expect(viaApi).toMatchObject({ ok: true, value: { kept: ['account_id'] } });
  });

  it('chooses k over a range by sampled silhouette and reports the elbow curve', async () => {
    // Three blobs (make_blobs, centers [[0,0],[5,5],[0,6]]): scikit-learn's silhouette over k = 2..6 peaks at 3
    // (0.539, 0.663, 0.582, 0.579, 0.472), and its inertia bends there.
    const g = reference.cases.gmm;
    const file = path.join(tmp.dir, 'blobs.csv');
    writeFileSync(file, ['a,b', ...g.X.map((r) => r.join(','))].join('\n') + '\n');
    const blobs = await wb.datasets.openAndWait({ path: file });
    const m = await wb.models.cluster(blobs, { name: 'blob_segments', features: ['a', 'b'], kRange: [2, 6] });
    const sel = m.selection as { k: number[]; inertia: number[]; silhouette: number[]; best: number; elbow: number };
    expect(sel.k).toEqual([2, 3, 4, 5, 6]);
    expect(sel.best).toBe(3);
    expect(sel.elbow).toBe(3);
    expect(m.metrics.k).toBe(3);
    expect(sel.silhouette[1]!).toBeCloseTo(0.6629, 3);
    expect(sel.inertia.every((v, i) => i === 0 || v < sel.inertia[i - 1]!)).toBe(true);
    await expect(wb.models.cluster(blobs, { name: 'bad', features: ['a'], kRange: [5, 2] })).rejects.toThrow(/kRange: need whole numbers/);
  });

  it('reaches, at every k of a range, what a single fit at that k reaches: within 1% of scikit-learn (n_init=10)', async () => {
    // Five blobs where three k-means++ starts at k = 3 stop 9% above the best of ten (the generator says how it was made).
    const file = path.join(tmp.dir, 'five_blobs.csv');
    writeFileSync(file, ['a,b', ...kmeansRange.X.map((r) => r.join(','))].join('\n') + '\n');
    const blobs = await wb.datasets.openAndWait({ path: file });
    const m = await wb.models.cluster(blobs, { name: 'five_blobs', features: ['a', 'b'], kRange: [2, 8] });
    const sel = m.selection as { k: number[]; inertia: number[] };
    expect(sel.k).toEqual([2, 3, 4, 5, 6, 7, 8]);
    sel.k.forEach((k, i) =>
      expect(sel.inertia[i]! / kmeansRange.inertia[String(k) as keyof typeof kmeansRange.inertia]).toBeLessThan(1.01),
    );
    const single = await wb.models.cluster(blobs, { name: 'five_blobs_3', features: ['a', 'b'], k: 3 });
    expect(single.metrics.inertia).toBe(sel.inertia[1]);
    expect(m.metrics.inertia).toBe(sel.inertia[sel.k.indexOf(m.metrics.k as number)]);
  });

  it("scales features before k-means when asked, exports the scaling, and profiles in the data's own units", async () => {
    // Two tight groups on a (0 and 10) and uniform noise on b (0..1000): raw distances split on b, scaled ones on a.
    const rand = seededUniform(7);
    const rows = Array.from({ length: 400 }, (_, i) => [(i % 2) * 10 + (rand() - 0.5) * 0.2, rand() * 1000]);
    const file = path.join(tmp.dir, 'scales.csv');
    writeFileSync(file, ['a,b', ...rows.map((r) => r.join(','))].join('\n') + '\n');
    const d = await wb.datasets.openAndWait({ path: file });
    const groupMeans = (c: { profiles: { means: Record<string, number> }[] }) =>
      c.profiles.map((p) => Math.round((p.means as Record<string, number>).a!)).sort((x, y) => x - y);
    const none = await wb.models.cluster(d, { name: 'unscaled', features: ['a', 'b'], k: 2 });
    expect(none.scale).toBe('none');
    expect(groupMeans(none)).toEqual([5, 5]);
    for (const scale of ['standard', 'minmax'] as const) {
      const c = await wb.models.cluster(d, { name: `scaled_${scale}`, features: ['a', 'b'], k: 2, scale });
      expect(c.scale).toBe(scale);
      expect(c.lineage).toMatchObject({ params: { scale } });
      // Means in the data's units: one cluster per group of a.
      expect(groupMeans(c)).toEqual([0, 10]);
      expect(inspectOnnx(readFileSync(c.onnxPath), c.onnxPath).inputs.map((i) => i.name)).toEqual(['numeric_features']);
      // The file scores raw rows into the same clusters.
      await wb.models.score(d, c.onnxPath, [], `scaled_scores_${scale}`);
      const t = await wb.queries.run(`SELECT label FROM scaled_scores_${scale} ORDER BY row_number`);
      const labels = (t.page.data[0] as number[]).map(Number);
      const byGroup = [0, 1].map((g) => new Set(labels.filter((_, i) => i % 2 === g)));
      expect(byGroup.map((x) => x.size)).toEqual([1, 1]);
      expect([...byGroup[0]!][0]).not.toBe([...byGroup[1]!][0]);
    }
  });

  it('names the column or model when input is wrong', async () => {
    await expect(wb.models.train(churn, { name: 'bad', features: ['x0'], target: 'nope' })).rejects.toThrow(/no column "nope"/);
    const text = path.join(tmp.dir, 'text.csv');
    writeFileSync(text, 'a,b,y\n1,x,0\n2,y,1\n3,z,0\n4,w,1\n');
    const d = await wb.datasets.openAndWait({ path: text });
    await expect(wb.models.train(d, { name: 'bad', features: ['a', 'b'], target: 'y' })).rejects.toThrow(
      /text\.b: 4 values are not numbers \(for example "x"\)/,
    );
    await expect(wb.models.cluster(d, { name: 'bad', features: ['a'], k: 9 })).rejects.toThrow(
      /k: asks for 9 clusters but there are only 4 rows/,
    );
    await expect(wb.models.score(churn, path.join(tmp.dir, 'missing.onnx'), features, 't')).rejects.toThrow(
      /missing\.onnx: cannot read this model file/,
    );
    expect(wb.models.list().filter((m) => m.name === 'bad')).toEqual([]);
  });

  it('answers the API calls a notebook cell makes, validating every argument', async () => {
    const m = wb.models.list().find((x) => x.name === 'churn_gbt')!;
    const scored = await wb.invoke('models.score', { datasetId: churn.id, model: { id: m.id }, features, table: 'api_scores' });
    expect(scored).toMatchObject({ ok: true, value: { table: 'api_scores', rows: churn.rowCount } });
    const ev = await wb.invoke('models.evaluate', { datasetId: churn.id, model: { path: m.onnxPath }, target: 'churned', features });
    expect(ev).toMatchObject({ ok: true, value: { task: 'classification', rows: churn.rowCount } });
    const info = await wb.invoke('models.inspect', { path: m.onnxPath });
    expect(info).toMatchObject({ ok: true, value: { inputs: [{ name: 'features', width: features.length }] } });
    const algorithms = await wb.invoke('models.algorithms', {});
    expect(algorithms).toMatchObject({ ok: true, value: expect.arrayContaining([expect.objectContaining({ id: 'dbscan', onnx: false })]) });

    const bad = async (method: string, request: unknown, field: string, message: RegExp) => {
      const r = await wb.invoke(method, request);
      expect(r).toMatchObject({ ok: false, error: { field } });
      expect((r as { error: { message: string } }).error.message).toMatch(message);
    };
    await bad('models.score', { datasetId: churn.id, model: { id: m.id }, features, table: 'x; DROP TABLE y' }, 'table', /letters, digits/);
    await bad(
      'models.score',
      { datasetId: churn.id, model: { id: 'nope' }, features, table: 't' },
      'model',
      /No registered model has id "nope"/,
    );
    await bad('models.score', { datasetId: churn.id, model: { id: m.id, path: '/etc/passwd' }, table: 't' }, 'model', /.+/);
    await bad('models.inspect', { path: path.join(tmp.dir, 'none.onnx') }, 'path', /none\.onnx: cannot read this model file/);
    await bad(
      'models.clv',
      { datasetId: churn.id, customerColumn: 'a', dateColumn: 'b', amountColumn: 'c', asOf: 'soon', table: 'clv' },
      'asOf',
      /YYYY-MM-DD/,
    );
  });

  it('splits stratified and reproducibly', () => {
    const y = Array.from({ length: 1000 }, (_, i) => (i % 5 === 0 ? 1 : 0));
    const a = stratifiedSplit(y, 0.25, 1);
    expect(a.test.length).toBe(250);
    expect(a.test.filter((i) => y[i] === 1).length).toBe(50);
    expect(stratifiedSplit(y, 0.25, 1)).toEqual(a);
  });

  it('splits tables of millions of rows (no spread of row indices into a call)', () => {
    const y = Array.from({ length: 2_000_000 }, (_, i) => (i % 4 === 0 ? 1 : 0));
    const { train, test } = stratifiedSplit(y, 0.25, 1);
    expect(test.length).toBe(500_000);
    expect(train.length).toBe(1_500_000);
    expect(test.filter((i) => y[i] === 1).length).toBe(125_000);
  });
});

describe('fits run in a worker thread', () => {
  it('keep the host responsive, report progress and can be cancelled', async () => {
    const big = path.join(tmp.dir, 'big.csv');
    await wb.engine.exec(
      `COPY (SELECT (hash(i) % 1000) / 10.0 AS a, (hash(i * 3) % 1000) / 10.0 AS b, (hash(i * 7) % 1000) / 10.0 AS c FROM range(150000) t(i)) TO '${big}' (FORMAT csv, HEADER true)`,
    );
    const d = await wb.datasets.openAndWait({ path: big });
    const messages: string[] = [];
    let cancelled = false;
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    const fit = wb.models.cluster(
      d,
      { name: 'slow', features: ['a', 'b', 'c'], k: 12, restarts: 50 },
      {
        onProgress: (_f, m) => {
          messages.push(m);
          started();
        },
        isCancelled: () => cancelled,
      },
    );
    await running;
    // The fit is now running in its worker; the host still answers at once.
    const t = performance.now();
    const r = await wb.queries.run('SELECT 42');
    expect(r.page.data[0]![0]).toBe(42);
    expect(performance.now() - t).toBeLessThan(500);
    cancelled = true;
    await expect(fit).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(messages.length).toBeGreaterThanOrEqual(1);
    expect(messages.length).toBeLessThan(50);
    expect(messages[0]).toMatch(/^restart 1 of 50/);
    expect(wb.models.list().some((m) => m.name === 'slow')).toBe(false);
  });
});
