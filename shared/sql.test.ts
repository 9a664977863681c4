import { describe, expect, it } from 'vitest';
import { buildOrderBy, buildPrecedes, buildWhere, quoteIdent, quoteString, toRelationName } from './sql';

const known = new Set(['name', 'amount', 'weird "col"']);

describe('quoting', () => {
  it('doubles quotes in identifiers and strings', () => {
    expect(quoteIdent('weird "col"')).toBe('"weird ""col"""');
    expect(quoteString("O'Brien")).toBe("'O''Brien'");
  });
  it('refuses NUL in string literals', () => {
    expect(() => quoteString('a\0b')).toThrow(/NUL/);
  });
});

describe('buildWhere', () => {
  it('is empty without filters', () => {
    expect(buildWhere([], known)).toEqual({ sql: '', params: [] });
  });
  it('parameterises values and escapes LIKE wildcards', () => {
    const w = buildWhere(
      [
        { column: 'name', kind: 'text', op: 'contains', value: '50%_off' },
        { column: 'amount', kind: 'number', op: 'inRange', value: 1, to: 5 },
      ],
      known,
    );
    expect(w.sql).toBe(`WHERE CAST("name" AS VARCHAR) ILIKE $1 ESCAPE '\\' AND TRY_CAST("amount" AS DOUBLE) BETWEEN $2 AND $3`);
    expect(w.params).toEqual(['%50\\%\\_off%', 1, 5]);
  });
  it('treats NULLs as not equal for negative text filters', () => {
    const w = buildWhere([{ column: 'name', kind: 'text', op: 'notEqual', value: 'x' }], known);
    expect(w.sql).toContain('IS NULL OR');
  });
  it('rejects unknown columns instead of splicing them into SQL', () => {
    expect(() => buildWhere([{ column: 'x"; DROP TABLE t; --', kind: 'blank', op: 'blank' }], known)).toThrow(/Unknown column/);
  });
});

describe('buildOrderBy', () => {
  it('orders by several keys with NULLs last', () => {
    expect(
      buildOrderBy(
        [
          { column: 'amount', direction: 'desc' },
          { column: 'weird "col"', direction: 'asc' },
        ],
        known,
      ),
    ).toBe('ORDER BY "amount" DESC NULLS LAST, "weird ""col""" ASC NULLS LAST');
  });
  it('rejects unknown columns', () => {
    expect(() => buildOrderBy([{ column: 'nope', direction: 'asc' }], known)).toThrow(/Unknown column/);
  });
});

describe('toRelationName', () => {
  it('makes safe, readable table names', () => {
    expect(toRelationName('Orders 2024 (EU).csv')).toBe('orders_2024_eu_csv');
    expect(toRelationName('2024-events')).toBe('t_2024_events');
    expect(toRelationName('Événements')).toBe('evenements');
    expect(toRelationName('***')).toBe('dataset');
  });
});

describe('buildPrecedes', () => {
  it('orders lexicographically with NULLs last and never yields NULL', () => {
    const p = buildPrecedes(
      [
        { column: 'amount', direction: 'desc' },
        { column: 'name', direction: 'asc' },
      ],
      known,
      'r',
      'b',
    );
    expect(p).toBe(
      '(((r."amount" IS NOT NULL AND (b.__k0 IS NULL OR r."amount" > b.__k0))) OR ' +
        '(r."amount" IS NOT DISTINCT FROM b.__k0 AND (r."name" IS NOT NULL AND (b.__k1 IS NULL OR r."name" < b.__k1))))',
    );
  });
});
