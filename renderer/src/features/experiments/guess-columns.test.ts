import { describe, expect, it } from 'vitest';
import { guessColumns } from './guess-columns';

describe('guessColumns', () => {
  it('picks unit, variant and a conversion metric by name and type', () => {
    const g = guessColumns('d1', [
      { name: 'experiment_id', type: 'VARCHAR' },
      { name: 'customer_id', type: 'VARCHAR' },
      { name: 'variant', type: 'VARCHAR' },
      { name: 'converted', type: 'BIGINT' },
      { name: 'revenue', type: 'DOUBLE' },
    ]);
    expect(g).toMatchObject({ unitColumn: 'customer_id', variantColumn: 'variant', metricColumn: 'converted', metricKind: 'binary' });
  });
  it('falls back to a continuous metric', () => {
    const g = guessColumns('d1', [
      { name: 'user', type: 'VARCHAR' },
      { name: 'group', type: 'VARCHAR' },
      { name: 'spend', type: 'DOUBLE' },
    ]);
    expect(g).toMatchObject({ variantColumn: 'group', metricColumn: 'spend', metricKind: 'continuous' });
  });
});
