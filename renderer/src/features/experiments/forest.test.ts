import { describe, expect, it } from 'vitest';
import { FOREST_ROW_PX, forestHeight, forestLabel } from './forest';

describe('forest plot layout', () => {
  it('grows with the comparisons: 8 rows (9 variants) get at least a row height each', () => {
    expect(forestHeight(1)).toBe(150);
    expect(forestHeight(8)).toBeGreaterThanOrEqual(8 * FOREST_ROW_PX + 60);
    expect(forestHeight(24)).toBeGreaterThan(forestHeight(8));
  });

  it('labels overall rows by variant and segment rows by segment and variant', () => {
    expect(forestLabel(null, 'blue_button', false)).toBe('blue_button');
    expect(forestLabel(null, 'blue_button', true)).toBe('all · blue_button');
    expect(forestLabel('mobile', 'blue_button', true)).toBe('mobile · blue_button');
  });
});
