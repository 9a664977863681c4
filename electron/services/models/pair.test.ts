import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fitBoosting, predictBoosting } from '../../../shared/ml/boosting';
import { kmeans } from '../../../shared/ml/kmeans';
import { dist2 } from '../../../shared/ml/parallel';
import { fitLogistic, predictLogistic } from '../../../shared/ml/logistic';
import type { Matrix } from '../../../shared/ml/matrix';
import { seededUniform } from '../../../shared/ml/random';
import { WorkerPair } from './pair';

const WORKER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'ml-worker.ts');

function data(n: number, d: number): { X: Matrix; y: Float64Array } {
  const rand = seededUniform(7);
  const X = new Float64Array(n * d);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let z = 0;
    for (let f = 0; f < d; f++) {
      const v = rand() * 4 - 2;
      X[i * d + f] = f === 2 && i % 17 === 0 ? Number.NaN : v;
      z += (f + 1) * 0.3 * (Number.isNaN(X[i * d + f]!) ? 0 : v);
    }
    y[i] = rand() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return { X: { data: X, rows: n, cols: d, names: Array.from({ length: d }, (_, f) => `x${f}`) }, y };
}

describe('two-thread fits (a real helper worker)', () => {
  let pair: WorkerPair;
  beforeAll(async () => {
    pair = await WorkerPair.start(WORKER);
  });
  afterAll(() => pair.close());

  it('grows the same boosted trees on two threads as on one', () => {
    const { X, y } = data(30_000, 5);
    const one = fitBoosting(X, y, { iterations: 15, validationShare: 0.1, seed: 3 });
    const two = fitBoosting(X, y, { iterations: 15, validationShare: 0.1, seed: 3 }, undefined, pair);
    expect(two.trees.length).toBe(one.trees.length);
    expect(two.trees.map((t) => t.map((n) => [n.feature, n.bin]))).toEqual(one.trees.map((t) => t.map((n) => [n.feature, n.bin])));
    const p1 = predictBoosting(one, X);
    const p2 = predictBoosting(two, X);
    let maxDiff = 0;
    for (let i = 0; i < X.rows; i++) maxDiff = Math.max(maxDiff, Math.abs(p1[i]! - p2[i]!));
    expect(maxDiff).toBeLessThan(1e-9);
  });

  it('reaches the same logistic regression optimum on two threads as on one', () => {
    const { X, y } = data(30_000, 4);
    const opts = { impute: 'mean' as const, warmStart: false };
    const one = fitLogistic(X, y, opts);
    const two = fitLogistic(X, y, opts, undefined, pair);
    for (let j = 0; j < 4; j++) expect(two.coefficients[j]!).toBeCloseTo(one.coefficients[j]!, 9);
    expect(predictLogistic(two, X)[5]!).toBeCloseTo(predictLogistic(one, X)[5]!, 9);
  });

  it('finds the same k-means clusters on two threads as on one, and a missing value is still named', () => {
    const rand = seededUniform(11);
    const n = 40_000;
    const d = 3;
    const X = new Float64Array(n * d);
    for (let i = 0; i < n; i++) for (let f = 0; f < d; f++) X[i * d + f] = (i % 5) * (f + 1) + rand() * 3;
    const m: Matrix = { data: X, rows: n, cols: d, names: ['a', 'b', 'c'] };
    const one = kmeans(m, { k: 5, restarts: 2, seed: 1 });
    const two = kmeans(m, { k: 5, restarts: 2, seed: 1 }, undefined, pair);
    expect(two.iterations).toBe(one.iterations);
    expect(Array.from(two.labels)).toEqual(Array.from(one.labels));
    expect(two.sizes).toEqual(one.sizes);
    expect(two.sizes.reduce((a, b) => a + b, 0)).toBe(n);
    expect(two.inertia / one.inertia).toBeCloseTo(1, 12);
    two.centroids.forEach((c, q) => expect(c).toBeCloseTo(one.centroids[q]!, 9));
    // The bounds only skip work: every label is the nearest final centre, and the inertia is their sum.
    let inertia = 0;
    let wrong = 0;
    for (let i = 0; i < n; i++) {
      const dists = Array.from({ length: 5 }, (_, j) => dist2(X, i * d, two.centroids, j * d, d));
      if (dists[two.labels[i]!]! > Math.min(...dists)) wrong++;
      inertia += dists[two.labels[i]!]!;
    }
    expect(wrong).toBe(0);
    expect(two.inertia / inertia).toBeCloseTo(1, 12);
    const holed = Float64Array.from(X);
    holed[123 * d + 1] = Number.NaN;
    expect(() => kmeans({ ...m, data: holed }, { k: 5, restarts: 1 }, undefined, pair)).toThrow(/b: row 124 is missing/);
  });

  it('serves fit after fit, and a fit that fails part-way leaves the helper usable', () => {
    const { X, y } = data(5_000, 3);
    expect(() => fitBoosting(X, y, { iterations: 50 }, { isCancelled: () => true }, pair)).toThrow(/cancelled/);
    expect(pair.usable).toBe(true);
    const m = fitBoosting(X, y, { iterations: 3, validationShare: 0 }, undefined, pair);
    expect(m.trees.length).toBe(3);
  });
});
