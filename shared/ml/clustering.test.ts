import { describe, expect, it } from 'vitest';
import reference from './fixtures/reference.json';
import { dbscan, kDistance } from './density';
import { cutTree, ward } from './hierarchy';
import { fitGaussianMixture } from './mixture';
import { fromColumns, type Matrix } from './matrix';
import { elbow } from './kmeans';

function matrix(rows: number[][]): Matrix {
  const names = rows[0]!.map((_, j) => `x${j}`);
  return fromColumns(Object.fromEntries(names.map((n, j) => [n, rows.map((r) => r[j]!)])), names);
}

/** Same partition up to renaming the clusters (noise −1 must match exactly). */
function samePartition(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  const map = new Map<number, number>();
  for (let i = 0; i < a.length; i++) {
    if (a[i]! < 0 !== b[i]! < 0) return false;
    if (a[i]! < 0) continue;
    if (!map.has(a[i]!)) map.set(a[i]!, b[i]!);
    if (map.get(a[i]!) !== b[i]) return false;
  }
  return new Set(map.values()).size === map.size;
}

describe('DBSCAN', () => {
  it('finds the same clusters and noise as scikit-learn', () => {
    const c = reference.cases.dbscan;
    const r = dbscan(matrix(c.X), c.eps, c.min_samples);
    expect(samePartition(r.labels, c.labels)).toBe(true);
    expect(r.clusters).toBe(new Set(c.labels.filter((l) => l >= 0)).size);
    expect(r.noise).toBe(c.labels.filter((l) => l < 0).length);
  });
  it('gives a descending k-distance curve for choosing eps', () => {
    const k = kDistance(matrix(reference.cases.dbscan.X), 5);
    expect(k).toHaveLength(320);
    expect([...k].sort((a, b) => b - a)).toEqual(k);
  });
});

describe('agglomerative (Ward)', () => {
  it('merges at the distances scipy reports and cuts into the same clusters', () => {
    const c = reference.cases.ward;
    const merges = ward(matrix(c.X));
    merges.forEach((m, i) => expect(Math.abs(m.distance - c.distances[i]!)).toBeLessThan(1e-9));
    expect(merges.map((m) => m.size)).toEqual(c.sizes);
    expect(samePartition(cutTree(merges, c.X.length, 3), c.labels_k3)).toBe(true);
  });
});

describe('Gaussian mixture', () => {
  it('reaches the same optimum as scikit-learn (log-likelihood, means and weights up to order)', () => {
    const c = reference.cases.gmm;
    const g = fitGaussianMixture(matrix(c.X), 3, { seed: 1 });
    expect(g.converged).toBe(true);
    expect(Math.abs(g.meanLogLikelihood - c.lower_bound)).toBeLessThan(1e-3);
    for (const [i, mu] of c.means.entries()) {
      const j = g.means.findIndex((m) => Math.hypot(m[0]! - mu[0]!, m[1]! - mu[1]!) < 0.05);
      expect(j, `component near ${mu}`).toBeGreaterThanOrEqual(0);
      expect(Math.abs(g.weights[j]! - c.weights[i]!)).toBeLessThan(0.01);
    }
  });

  it('finds the elbow of an inertia curve (farthest below the chord)', () => {
    expect(elbow([1, 2, 3, 4, 5, 6], [100, 40, 15, 12, 10, 9])).toBe(3);
    expect(elbow([2, 3, 4, 5], [50, 49, 48, 47])).toBe(2);
  });
});
