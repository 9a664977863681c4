import { describe, expect, it } from 'vitest';
import { decadeLabel, pValueLogAxis } from './plot-axes';

describe('p-value log axis', () => {
  it('labels decades only: 1, 0.1, 0.01, 0.001, then powers', () => {
    expect([0, -1, -2, -3, -4, -12].map(decadeLabel)).toEqual(['1', '0.1', '0.01', '0.001', '1e-4', '1e-12']);
  });

  it('puts a tick at every decade from the smallest p up to 1, and nowhere else', () => {
    const axis = pValueLogAxis([0.5, 0.03, 0.004, 0.2]);
    expect(axis.type).toBe('log');
    expect(axis.tickvals).toEqual([0.001, 0.01, 0.1, 1]);
    expect(axis.ticktext).toEqual(['0.001', '0.01', '0.1', '1']);
  });

  it('thins the labels over many decades and ignores zeros and NaN', () => {
    const axis = pValueLogAxis([1e-20, 0, Number.NaN, 0.5]);
    const text = axis.ticktext as string[];
    expect(text.length).toBeLessThanOrEqual(11);
    expect(text).toContain('1');
    expect(text.every((t) => /^(1|0\.1|0\.01|0\.001|1e-\d+)$/.test(t))).toBe(true);
  });
});
