import { describe, expect, it } from 'vitest';
import { guessColumns, isIdLike, isVariantCandidate } from './guess-columns';

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

describe('guessColumns never takes an identifier as the variant', () => {
  it('skips id columns whose names mention a group, arm or treatment', () => {
    const g = guessColumns('d1', [
      { name: 'group_id', type: 'VARCHAR' },
      { name: 'treatment_id', type: 'BIGINT' },
      { name: 'armId', type: 'VARCHAR' },
      { name: 'user_id', type: 'VARCHAR' },
      { name: 'test_group', type: 'VARCHAR' },
      { name: 'converted', type: 'INTEGER' },
    ]);
    expect(g).toMatchObject({ unitColumn: 'user_id', variantColumn: 'test_group', metricColumn: 'converted' });
  });
  it('leaves the variant empty rather than guessing an id or a lookalike word', () => {
    const g = guessColumns('d1', [
      { name: 'event_id', type: 'VARCHAR' },
      { name: 'customer_id', type: 'VARCHAR' },
      { name: 'variant_key', type: 'VARCHAR' },
      { name: 'alarm_count', type: 'BIGINT' },
      { name: 'pharmacy', type: 'VARCHAR' },
      { name: 'revenue', type: 'DOUBLE' },
    ]);
    expect(g.variantColumn).toBe('');
    expect(g.unitColumn).toBe('customer_id');
  });
  it('tells identifiers from variant columns', () => {
    for (const n of ['id', 'user_id', 'groupId', 'variant_uuid', 'bucket_key', 'ARM_ID']) expect(isIdLike(n), n).toBe(true);
    for (const n of ['variant', 'group', 'arm', 'bucket', 'treatment_group', 'paid']) expect(isIdLike(n), n).toBe(false);
    expect(isVariantCandidate({ name: 'variant', type: 'VARCHAR' })).toBe(true);
    expect(isVariantCandidate({ name: 'variant', type: 'INTEGER' })).toBe(true);
    expect(isVariantCandidate({ name: 'variant_score', type: 'DOUBLE' })).toBe(false);
  });
});
