import { describe, expect, it } from 'vitest';
import { seededUniform } from './random';
import { binData, predictTreeBinned, TreeGrower } from './trees';

describe('tree grower', () => {
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
});
