import { describe, expect, it } from 'vitest';
import { parsePopulationFilter, restrictToMembers } from './population';

describe('population helpers', () => {
  it('parses a command-line population filter, numbers as numbers except for contains', () => {
    expect(parsePopulationFilter('device=mobile')).toEqual({ column: 'device', op: '=', value: 'mobile' });
    expect(parsePopulationFilter('revenue > 50')).toEqual({ column: 'revenue', op: '>', value: 50 });
    expect(parsePopulationFilter('cluster!=2')).toEqual({ column: 'cluster', op: '!=', value: 2 });
    expect(parsePopulationFilter('page contains check=out')).toEqual({ column: 'page', op: 'contains', value: 'check=out' });
    expect(parsePopulationFilter('page contains 42')).toEqual({ column: 'page', op: 'contains', value: '42' });
    expect(() => parsePopulationFilter('device')).toThrow(
      'population "device" is not understood: write <column><op><value> with op one of =, !=, <, >, contains, e.g. device=mobile.',
    );
    expect(() => parsePopulationFilter('device=')).toThrow(/not understood/);
  });

  it('compares ids as text only when their types differ', () => {
    const same = restrictToMembers('"ev"', 'customer_id', 'VARCHAR', { sql: 'SELECT id FROM p', idType: 'VARCHAR' });
    expect(same).toBe('(SELECT * FROM "ev" WHERE "customer_id" IN (SELECT #1 FROM (SELECT id FROM p)))');
    const other = restrictToMembers('"ev"', 'customer_id', 'VARCHAR', { sql: 'SELECT id FROM p', idType: 'BIGINT' });
    expect(other).toBe('(SELECT * FROM "ev" WHERE CAST("customer_id" AS VARCHAR) IN (SELECT CAST(#1 AS VARCHAR) FROM (SELECT id FROM p)))');
  });
});
