import { describe, expect, it } from 'vitest';
import { FOREST_MAX_RATIO, fmtRatio, forestScale } from './forest-scale';

describe('forestScale', () => {
  it('puts 1 in the middle, reciprocal ratios at mirrored places, and reaches the widest interval', () => {
    const s = forestScale([
      { ciLow: 0.25, ciHigh: 0.8 },
      { ciLow: 1.5, ciHigh: 4 },
    ]);
    expect(s.max).toBeCloseTo(4, 12);
    expect(s.x(1)).toBe(0.5);
    expect(s.x(4)).toBeCloseTo(1, 12);
    expect(s.x(0.25)).toBeCloseTo(0, 12);
    expect(s.x(2) + s.x(0.5)).toBeCloseTo(1, 12);
  });

  it('spans at least 1/2 … 2 and at most the clamp, drawing ratios beyond it at the edge', () => {
    expect(forestScale([{ ciLow: 0.9, ciHigh: 1.1 }]).max).toBeCloseTo(2, 12);
    const wide = forestScale([{ ciLow: 1e-6, ciHigh: 1e6 }]);
    expect(wide.max).toBeCloseTo(FOREST_MAX_RATIO, 9);
    expect(wide.x(1e6)).toBe(1);
    expect(wide.x(1e-6)).toBe(0);
  });
});

describe('fmtRatio', () => {
  it('gives few digits at every size', () => {
    expect([0.04321, 0.523, 3.456, 12.34, 140.2].map(fmtRatio)).toEqual(['0.043', '0.52', '3.46', '12.3', '140']);
  });
});
