import { describe, expect, it } from 'vitest';
import { contract } from '../api/contract';
import { ALGORITHM_IDS, ALGORITHMS, CLUSTER_ALGORITHMS } from './catalog';

describe('the algorithm catalogue', () => {
  it('lists every trainable algorithm the API accepts, each exported as ONNX', () => {
    const train = contract['models.train'].request.shape.algorithm.unwrap().options;
    const supervised = ALGORITHMS.filter((a) => a.kind === 'supervised');
    expect(supervised.map((a) => a.id).sort()).toEqual([...train].sort());
    expect(supervised.every((a) => a.onnx)).toBe(true);
  });

  it('describes every algorithm id once, and every clustering algorithm models.cluster accepts', () => {
    expect(ALGORITHMS.map((a) => a.id).sort()).toEqual([...ALGORITHM_IDS].sort());
    const cluster = contract['models.cluster'].request.shape.algorithm.unwrap().options;
    expect([...cluster].sort()).toEqual(
      ALGORITHMS.filter((a) => a.kind === 'clustering')
        .map((a) => a.id)
        .sort(),
    );
    expect([...CLUSTER_ALGORITHMS].sort()).toEqual([...cluster].sort());
  });

  it('says which cannot be exported, and why, before anything is trained', () => {
    const byId = Object.fromEntries(ALGORITHMS.map((a) => [a.id, a]));
    for (const id of ['dbscan', 'agglomerative']) {
      expect(byId[id]!.onnx).toBe(false);
      expect(byId[id]!.onnxNote).toMatch(/^Cannot be exported: .*new rows/);
    }
    expect(byId.kmeans!.onnx).toBe(true);
  });
});
