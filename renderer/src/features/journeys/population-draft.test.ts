import { describe, expect, it } from 'vitest';
import type { Population } from '../../../../shared/journeys/population';
import { draftOf, populationLine, populationOfDraft } from './population-draft';

describe('the population picker form', () => {
  it('gives back the population it was opened with, for every kind', () => {
    const all: Population[] = [
      { kind: 'all' },
      { kind: 'segment', segmentId: 's1' },
      { kind: 'column', datasetId: 'd1', idColumn: 'customer_id', column: 'variant', value: 'B' },
      { kind: 'filter', column: 'device', op: '=', value: 'mobile' },
      { kind: 'filter', column: 'revenue', op: '>', value: 50 },
    ];
    for (const p of all)
      expect(populationOfDraft(draftOf(p), p.kind === 'filter' && p.column === 'revenue' ? 'DOUBLE' : 'VARCHAR')).toEqual({
        population: p,
      });
    expect(populationOfDraft(draftOf(undefined))).toEqual({ population: { kind: 'all' } });
  });

  it('compares a numeric column as a number and text as text', () => {
    const column = { ...draftOf(undefined), kind: 'column' as const, datasetId: 'd', idColumn: 'id', column: 'cluster', value: '2' };
    expect(populationOfDraft(column, 'BIGINT')).toEqual({
      population: { kind: 'column', datasetId: 'd', idColumn: 'id', column: 'cluster', value: 2 },
    });
    expect(populationOfDraft(column, 'VARCHAR')).toEqual({
      population: { kind: 'column', datasetId: 'd', idColumn: 'id', column: 'cluster', value: '2' },
    });
    const filter = { ...draftOf(undefined), kind: 'filter' as const, column: 'page', op: '<' as const, value: 'abc' };
    expect(populationOfDraft(filter, 'VARCHAR')).toEqual({ error: '< needs a number (got "abc").' });
  });

  it('says what is missing', () => {
    const d = draftOf(undefined);
    expect(populationOfDraft({ ...d, kind: 'segment' })).toEqual({ error: 'Choose a segment.' });
    expect(populationOfDraft({ ...d, kind: 'column' })).toEqual({ error: 'Choose a dataset.' });
    expect(populationOfDraft({ ...d, kind: 'column', datasetId: 'd' })).toEqual({ error: 'Choose the column holding the customer id.' });
    expect(populationOfDraft({ ...d, kind: 'column', datasetId: 'd', idColumn: 'id', column: 'c' })).toEqual({ error: 'Choose a value.' });
    expect(populationOfDraft({ ...d, kind: 'filter' })).toEqual({ error: 'Choose an event property.' });
    expect(populationOfDraft({ ...d, kind: 'filter', column: 'device' })).toEqual({ error: 'Give a value.' });
  });

  it('writes the population line shown on the map', () => {
    expect(populationLine(undefined, {}, 12000)).toBe('Population: All customers · 12,000 customers');
    expect(populationLine({ kind: 'segment', segmentId: 's1' }, { segment: 'Dropped at checkout' }, 1234)).toBe(
      "Population: segment 'Dropped at checkout' · 1,234 customers",
    );
    expect(populationLine({ kind: 'filter', column: 'device', op: '=', value: 'mobile' }, {}, null)).toBe(
      'Population: customers with device = mobile',
    );
    expect(
      populationLine({ kind: 'column', datasetId: 'd1', idColumn: 'id', column: 'cluster', value: 2 }, { dataset: 'scored' }, 10),
    ).toBe('Population: cluster = 2 in scored · 10 customers');
  });
});
