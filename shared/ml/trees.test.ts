import { describe, expect, it } from 'vitest';
import { seededUniform } from './random';
import { binData, predictTreeBinned, TreeGrower } from './trees';

describe('tree grower', () => {
  it('bins every value by the number of edges below it, missing values in bin 0', () => {
    const rand = seededUniform(5);
    const n = 3_000;
    // Few distinct values (midpoint edges), many (quantile edges), infinities, and a constant column.
    const cols = [(i: number) => i % 7, () => rand() * 100 - 50, (i: number) => [Infinity, -Infinity, Number.NaN, i][i % 4]!, () => 3];
    const d = cols.length;
    const data = new Float64Array(n * d);
    for (let i = 0; i < n; i++) cols.forEach((c, f) => (data[i * d + f] = c(i)));
    const binned = binData({ data, rows: n, cols: d, names: cols.map((_, f) => `x${f}`) }, 64, rand);
    let wrong = 0;
    for (let i = 0; i < n; i++) {
      for (let f = 0; f < d; f++) {
        const v = data[i * d + f]!;
        const expected = Number.isNaN(v) ? 0 : 1 + binned.edges[f]!.filter((e) => e < v).length;
        if (binned.bins[i * binned.rowBytes + f] !== expected || binned.binsByFeature[f * n + i] !== expected) wrong++;
      }
    }
    expect(wrong).toBe(0);
    expect(binned.edges[0]!.length).toBe(6);
    expect(binned.edges[1]!.length).toBeGreaterThan(50);
  });

  it('leaves each leaf holding exactly the rows its splits send there, with their own values', () => {
    const rand = seededUniform(11);
    const n = 5_000;
    const d = 22; // six words a row: one unrolled step of four, two single words, the last one half padding
    const data = new Float64Array(n * d);
    for (let i = 0; i < n * d; i++) data[i] = i % 13 === 0 ? Number.NaN : rand() * 10;
    const binned = binData({ data, rows: n, cols: d, names: Array.from({ length: d }, (_, f) => `x${f}`) }, 255, rand);
    // Values per row: gradient, hessian, and the row's number (which must travel with the row).
    const grower = new TreeGrower(binned, n, 3);
    const rows = Int32Array.from({ length: n }, (_, i) => n - 1 - i); // loaded in reverse order
    grower.load(rows, n);
    const g = new Float64Array(n);
    const h = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const i = rows[k]!;
      g[i] = data[i * d]! > 5 ? -1 : 1 + (data[i * d + 21]! || 0) / 10;
      h[i] = 1 + (i % 3);
      grower.vals[3 * k] = g[i]!;
      grower.vals[3 * k + 1] = h[i]!;
      grower.vals[3 * k + 2] = i;
    }
    const leaves: { start: number; end: number; value: number }[] = [];
    const tree = grower.grow(
      n,
      { maxLeaves: 16, maxDepth: Infinity, minLeaf: 20, l2: 0, shrink: 1, maxFeatures: d, rand },
      (start, end, value) => leaves.push({ start, end, value }),
    );
    expect(leaves.length).toBe(16);
    // The leaves tile positions 0..n.
    const sorted = [...leaves].sort((a, b) => a.start - b.start);
    expect(sorted[0]!.start).toBe(0);
    sorted.forEach((l, j) => j && expect(l.start).toBe(sorted[j - 1]!.end));
    expect(sorted.at(-1)!.end).toBe(n);
    const seen = new Uint8Array(n);
    const words = grower.arrays.words as Uint32Array;
    const rw = binned.rowBytes >> 2;
    let misplaced = 0;
    let wrongBins = 0;
    for (const { start, end, value } of leaves) {
      let sg = 0;
      let sh = 0;
      for (let k = start; k < end; k++) {
        const i = grower.vals[3 * k + 2]!;
        sg += g[i]!;
        sh += h[i]!;
        seen[i]!++;
        // The row routes to this leaf, and its bins moved with it.
        if (predictTreeBinned(tree, binned, i) !== value) misplaced++;
        for (let q = 0; q < rw; q++) if (words[k * rw + q] !== binned.binWords[i * rw + q]) wrongBins++;
      }
      // The leaf's value is −G/H of its own rows' gradients and hessians.
      expect(value).toBeCloseTo(-sg / sh, 9);
    }
    expect(misplaced).toBe(0);
    expect(wrongBins).toBe(0);
    expect(seen.every((c) => c === 1)).toBe(true);
  });

  it('grows the same tree from a root histogram the caller filled (counts added by the grower)', () => {
    const rand = seededUniform(3);
    const n = 4_000;
    const d = 6;
    const data = new Float64Array(n * d);
    for (let i = 0; i < n * d; i++) data[i] = Math.floor(rand() * 40);
    const binned = binData({ data, rows: n, cols: d, names: Array.from({ length: d }, (_, f) => `x${f}`) }, 255, rand);
    const options = { maxLeaves: 12, maxDepth: Infinity, minLeaf: 30, l2: 0, shrink: 1, maxFeatures: d, rand };
    const grown = (withRoot: boolean) => {
      const grower = new TreeGrower(binned, n, 2);
      grower.load(
        Int32Array.from({ length: n }, (_, i) => i),
        n,
      );
      // Whole-number gradients and hessians: every sum is exact in any order.
      for (let i = 0; i < n; i++) {
        grower.vals[2 * i] = data[i * d]! + data[i * d + 3]! > 40 ? -2 : 1;
        grower.vals[2 * i + 1] = 1 + (i % 2);
      }
      if (!withRoot) return grower.grow(n, options);
      const root = grower.rootHistogram(n);
      const stride = binned.B * 3;
      for (let i = 0; i < n; i++) {
        for (let f = 0; f < d; f++) {
          const at = f * stride + binned.bins[i * binned.rowBytes + f]! * 3;
          root[at]! += grower.vals[2 * i]!;
          root[at + 1]! += grower.vals[2 * i + 1]!;
        }
      }
      return grower.grow(n, options, undefined, root);
    };
    const plain = grown(false);
    expect(plain.length).toBe(23);
    expect(grown(true)).toEqual(plain);
  });
});
