import { describe, expect, it } from 'vitest';
import { onnx } from 'onnx-proto';
import reference from '../../../shared/ml/fixtures/reference.json';
import { fitBoosting, predictBoosting } from '../../../shared/ml/boosting';
import { kmeans } from '../../../shared/ml/kmeans';
import { fitLogistic, predictLogistic } from '../../../shared/ml/logistic';
import { fromColumns, type Matrix } from '../../../shared/ml/matrix';
import { applyPreprocessing, fitPreprocessing, type RawFeatures } from '../../../shared/ml/preprocess';
import { seededUniform } from '../../../shared/ml/random';
import { feedsFor, planFor, scoreOnnx, verifyExport } from './onnx-check';
import { boostingToOnnx, forestToOnnx, kmeansToOnnx, logisticToOnnx } from '../../../shared/onnx/export';
import { attachPreprocessing, inputMap, NUMERIC_INPUT } from '../../../shared/onnx/preprocessing';
import { inspectOnnx } from '../../../shared/onnx/import';
import { fitForest, predictForest } from '../../../shared/ml/forest';

function matrix(rows: number[][]): Matrix {
  const names = rows[0]!.map((_, j) => `x${j}`);
  return fromColumns(Object.fromEntries(names.map((n, j) => [n, rows.map((r) => r[j]!)])), names);
}

describe('ONNX export, scored by onnxruntime-node', () => {
  it('logistic regression (Scaler + LinearClassifier) reproduces the app within 1e-5', async () => {
    const d = reference.cases.classification_data;
    const X = matrix(d.Xtr);
    const model = fitLogistic(X, d.ytr);
    const bytes = logisticToOnnx(model, { fingerprint: 'sha256:test' });
    const p = predictLogistic(model, X);
    const maxDiff = await verifyExport(bytes, X, 'probabilities', p, 1, 2);
    expect(maxDiff).toBeLessThanOrEqual(1e-5);
    const scored = await scoreOnnx(bytes, X);
    expect(Array.from(scored.label!.slice(0, 20), Number)).toEqual(Array.from(p.slice(0, 20), (x) => (x >= 0.5 ? 1 : 0)));
    // Metadata travels with the file.
    const decoded = onnx.ModelProto.decode(bytes);
    const meta = Object.fromEntries(decoded.metadataProps.map((m) => [m.key, m.value]));
    expect(meta).toMatchObject({ algorithm: 'logistic_regression', fingerprint: 'sha256:test' });
    expect(JSON.parse(meta.features!)).toEqual(X.names);
  });

  it('gradient-boosted trees (TreeEnsembleClassifier) reproduce the app within 1e-5, missing values included', async () => {
    const d = reference.cases.classification_data;
    const rows = d.Xtr.map((r, i) => (i % 17 === 0 ? [Number.NaN, ...r.slice(1)] : r));
    const names = rows[0]!.map((_, j) => `x${j}`);
    const X = fromColumns(Object.fromEntries(names.map((n, j) => [n, rows.map((r) => r[j]!)])), names);
    const model = fitBoosting(X, d.ytr, { iterations: 60 });
    const bytes = boostingToOnnx(model);
    const maxDiff = await verifyExport(bytes, X, 'probabilities', predictBoosting(model, X), 1, 2);
    expect(maxDiff).toBeLessThanOrEqual(1e-5);
  });

  it('logistic regression with median imputation carries an Imputer node and scores missing values the same', async () => {
    const d = reference.cases.classification_data;
    const rows = d.Xtr.map((r, i) => r.map((v, j) => ((i + j) % 11 === 0 ? Number.NaN : v)));
    const names = rows[0]!.map((_, j) => `x${j}`);
    const X = fromColumns(Object.fromEntries(names.map((n, j) => [n, rows.map((r) => r[j]!)])), names);
    const model = fitLogistic(X, d.ytr, { impute: 'median' });
    expect(model.imputeValues).not.toBeNull();
    const bytes = logisticToOnnx(model);
    expect(onnx.ModelProto.decode(bytes).graph!.node!.map((n) => n.opType)).toEqual(['Imputer', 'Scaler', 'LinearClassifier']);
    expect(await verifyExport(bytes, X, 'probabilities', predictLogistic(model, X), 1, 2)).toBeLessThanOrEqual(1e-5);
  });

  it('k-means (distances + ArgMin) assigns the same clusters as the app', async () => {
    const X = matrix(reference.cases.kmeans.X);
    const model = kmeans(X, { k: 5, seed: 2 });
    const bytes = kmeansToOnnx(model);
    const scored = await scoreOnnx(bytes, X);
    expect(Array.from(scored.label!, Number)).toEqual(Array.from(model.labels));
  });

  it('a tampered export fails the check with the size of the difference', async () => {
    const d = reference.cases.classification_data;
    const X = matrix(d.Xtr.slice(0, 200));
    const model = fitLogistic(X, d.ytr.slice(0, 200));
    const wrong = { ...model, intercept: model.intercept + 0.01 };
    await expect(verifyExport(logisticToOnnx(wrong), X, 'probabilities', predictLogistic(model, X), 1, 2)).rejects.toThrow(
      /differs from the app by up to \d\.\d+e-\d+/,
    );
    await expect(scoreOnnx(new Uint8Array([1, 2, 3, 4]), X)).rejects.toThrow(/could not be loaded/);
  });
});

describe('tree ensembles for regression and forests', () => {
  it('a random forest classifier (TreeEnsembleClassifier, averaged shares) reproduces the app within 1e-5', async () => {
    const d = reference.cases.classification_data;
    const X = matrix(d.Xtr.map((r, i) => (i % 13 === 0 ? [r[0]!, Number.NaN, ...r.slice(2)] : r)));
    const model = fitForest(X, d.ytr, { trees: 30, seed: 1 });
    expect(await verifyExport(forestToOnnx(model), X, 'probabilities', predictForest(model, X), 1, 2)).toBeLessThanOrEqual(1e-5);
  });

  it('a random forest regressor and a boosted regressor (TreeEnsembleRegressor) reproduce the app within 1e-5 of the value scale', async () => {
    const r = reference.cases.regression;
    const X = matrix(r.Xtr);
    const forest = fitForest(X, r.ytr, { task: 'regression', trees: 20, seed: 2 });
    const fBytes = forestToOnnx(forest);
    expect(onnx.ModelProto.decode(fBytes).graph!.node![0]!.opType).toBe('TreeEnsembleRegressor');
    // Targets here are ~10–25: float32 carries ~7 digits, so compare relative to the scale (as the app's check does).
    const scale = 1 / 30;
    const scaled = (p: Float64Array) => p.map((v) => v * scale);
    expect(await verifyExport(fBytes, X, 'variable', scaled(predictForest(forest, X)), 0, 1, scale)).toBeLessThanOrEqual(1e-5);
    const boosted = fitBoosting(X, r.ytr, { loss: 'squared', iterations: 40 });
    expect(
      await verifyExport(boostingToOnnx(boosted), X, 'variable', scaled(predictBoosting(boosted, X)), 0, 1, scale),
    ).toBeLessThanOrEqual(1e-5);
  });
});

/** Customers with a numeric column with gaps, one with outliers, a plan (one-hot) and a city (target encoding). */
function customers(n: number, seed: number, unseen: boolean): { raw: RawFeatures; y: number[] } {
  const rand = seededUniform(seed);
  const plans = ['free', 'pro', 'team', 'edu', ...(unseen ? ['enterprise'] : [])];
  const cities = Array.from({ length: unseen ? 40 : 30 }, (_, i) => `city${i}`);
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  const plan = new Float64Array(n);
  const city = new Float64Array(n);
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    a[i] = rand() < 0.1 ? Number.NaN : rand() * 10;
    b[i] = rand() < 0.02 ? 50 + rand() * 50 : rand() * 3;
    plan[i] = rand() < 0.05 ? Number.NaN : Math.floor(rand() * plans.length);
    city[i] = Math.floor(rand() * cities.length);
    const z = (Number.isNaN(a[i]!) ? 1 : a[i]! / 5) - 1 + (plan[i] === 1 ? 1 : 0) + (city[i]! % 3) * 0.5 + (b[i]! > 10 ? 1 : 0);
    y.push(rand() < 1 / (1 + Math.exp(-z)) ? 1 : 0);
  }
  return {
    raw: {
      rows: n,
      numeric: [
        { name: 'a', values: a },
        { name: 'b', values: b },
      ],
      categorical: [
        { name: 'plan', codes: plan, dictionary: plans },
        { name: 'city', codes: city, dictionary: cities },
      ],
    },
    y,
  };
}

describe('ONNX export with preprocessing in the graph', () => {
  const train = customers(3000, 1, false);
  // Scoring data has categories never seen in training, and missing values everywhere they can be.
  const later = customers(2000, 2, true);
  const { preprocessing, train: X } = fitPreprocessing(
    train.raw,
    { impute: 'median', indicator: true, scale: 'standard', outliers: 'zscore', maxCategories: 3, encoding: { city: 'target' }, seed: 3 },
    train.y,
  );

  it('Imputer, Scaler, indicators, outlier flags, OneHotEncoder and LabelEncoder reproduce the app in onnxruntime', async () => {
    const model = fitLogistic(X, train.y);
    const bytes = attachPreprocessing(logisticToOnnx(model), preprocessing);
    const encoded = applyPreprocessing(preprocessing, later.raw);
    const maxDiff = await verifyExport(
      bytes,
      feedsFor(planFor(inputMap(preprocessing)), later.raw),
      'probabilities',
      predictLogistic(model, encoded),
      1,
      2,
    );
    expect(maxDiff).toBeLessThanOrEqual(1e-5);
    const info = inspectOnnx(bytes, 'test');
    expect(info.inputs.map((i) => `${i.name}:${i.type}`)).toEqual([
      `${NUMERIC_INPUT}:tensor(float)[N,2]`,
      'plan:tensor(string)[N,1]',
      'city:tensor(string)[N,1]',
    ]);
    expect(JSON.parse(info.metadata.inputs!)).toEqual({
      numeric: { input: NUMERIC_INPUT, columns: ['a', 'b'] },
      categorical: [
        { input: 'plan', column: 'plan' },
        { input: 'city', column: 'city' },
      ],
    });
    expect(preprocessing.outputs.slice(0, 5)).toEqual(['a', 'b', 'a_missing', 'a_outlier', 'b_outlier']);
    expect(preprocessing.outputs.slice(5, 8).every((n) => n.startsWith('plan='))).toBe(true);
    expect(preprocessing.outputs.slice(8)).toEqual(['city_te']);
  });

  it('boosted trees see the same encoded values as onnxruntime does (no split flips)', async () => {
    const model = fitBoosting(X, train.y, { iterations: 30, seed: 0 });
    const bytes = attachPreprocessing(boostingToOnnx(model), preprocessing);
    const expected = predictBoosting(model, applyPreprocessing(preprocessing, later.raw));
    expect(
      await verifyExport(bytes, feedsFor(planFor(inputMap(preprocessing)), later.raw), 'probabilities', expected, 1, 2),
    ).toBeLessThanOrEqual(1e-5);
  });

  it('a model without categorical columns keeps one numeric input, min-max scaled, missing values routed by the trees', async () => {
    const numericOnly: RawFeatures = { ...train.raw, categorical: [] };
    const fitted = fitPreprocessing(numericOnly, { scale: 'minmax', outliers: 'iqr' });
    const model = fitBoosting(fitted.train, train.y, { iterations: 20, seed: 0 });
    const bytes = attachPreprocessing(boostingToOnnx(model), fitted.preprocessing);
    const rawLater: RawFeatures = { ...later.raw, categorical: [] };
    const expected = predictBoosting(model, applyPreprocessing(fitted.preprocessing, rawLater));
    expect(
      await verifyExport(bytes, feedsFor(planFor(inputMap(fitted.preprocessing)), rawLater), 'probabilities', expected, 1, 2),
    ).toBeLessThanOrEqual(1e-5);
    expect(inspectOnnx(bytes, 'test').inputs.map((i) => i.name)).toEqual([NUMERIC_INPUT]);
  });
});
