import { describe, expect, it } from 'vitest';
import { flatten } from './experiment-report';

describe('report numbers', () => {
  it('print p-values with the shared format: tiny ones in scientific notation, none as 0', () => {
    const rows = Object.fromEntries(
      flatten({
        pValue: 2.381600164396296e-21,
        overall: { pValue: 0 },
        comparisons: [{ adjustedPValue: 0.0210751893 }],
        chiSquare: 90.00000001,
      }),
    );
    expect(rows).toEqual({
      pValue: '2.3816002e-21',
      'overall.pValue': '< 1e-300',
      'comparisons[0].adjustedPValue': '0.021075189',
      chiSquare: '90',
    });
  });
});
