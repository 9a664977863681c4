/** Pure SQL text helpers for DuckDB: quoting, and the grid's sort/filter model turned into SQL. */
import type { FilterSpec, SortSpec } from './types';

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function quoteString(value: string): string {
  if (value.includes('\0')) throw new Error('NUL characters are not allowed in SQL strings.');
  return `'${value.replace(/'/g, "''")}'`;
}

/** Escapes LIKE wildcards so a user's "50%" matches literally. */
function likeEscape(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export interface WhereClause {
  sql: string;
  params: (string | number)[];
}

/** Builds a WHERE clause with positional parameters ($1, $2, ...) from the grid's filters. */
export function buildWhere(filters: FilterSpec[] | undefined, known: Set<string>): WhereClause {
  const parts: string[] = [];
  const params: (string | number)[] = [];
  const p = (v: string | number): string => {
    params.push(v);
    return `$${params.length}`;
  };
  for (const f of filters ?? []) {
    if (!known.has(f.column)) throw new Error(`Unknown column "${f.column}" in filter.`);
    const col = quoteIdent(f.column);
    if (f.kind === 'blank') {
      parts.push(
        f.op === 'blank' ? `(${col} IS NULL OR CAST(${col} AS VARCHAR) = '')` : `(${col} IS NOT NULL AND CAST(${col} AS VARCHAR) <> '')`,
      );
    } else if (f.kind === 'text') {
      const text = `CAST(${col} AS VARCHAR)`;
      const ops: Record<typeof f.op, () => string> = {
        contains: () => `${text} ILIKE ${p(`%${likeEscape(f.value)}%`)} ESCAPE '\\'`,
        notContains: () => `(${col} IS NULL OR ${text} NOT ILIKE ${p(`%${likeEscape(f.value)}%`)} ESCAPE '\\')`,
        equals: () => `${text} = ${p(f.value)}`,
        notEqual: () => `(${col} IS NULL OR ${text} <> ${p(f.value)})`,
        startsWith: () => `${text} ILIKE ${p(`${likeEscape(f.value)}%`)} ESCAPE '\\'`,
        endsWith: () => `${text} ILIKE ${p(`%${likeEscape(f.value)}`)} ESCAPE '\\'`,
      };
      parts.push(ops[f.op]());
    } else {
      const num = `TRY_CAST(${col} AS DOUBLE)`;
      if (f.op === 'inRange') {
        if (f.to === undefined) throw new Error(`Filter on "${f.column}": a range needs both ends.`);
        parts.push(`${num} BETWEEN ${p(f.value)} AND ${p(f.to)}`);
      } else {
        const sym = { equals: '=', notEqual: '<>', lessThan: '<', lessThanOrEqual: '<=', greaterThan: '>', greaterThanOrEqual: '>=' }[f.op];
        parts.push(`${num} ${sym} ${p(f.value)}`);
      }
    }
  }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

export function buildOrderBy(sort: SortSpec[] | undefined, known: Set<string>): string {
  if (!sort?.length) return '';
  const keys = sort.map((s) => {
    if (!known.has(s.column)) throw new Error(`Unknown column "${s.column}" in sort.`);
    return `${quoteIdent(s.column)} ${s.direction === 'desc' ? 'DESC' : 'ASC'} NULLS LAST`;
  });
  return `ORDER BY ${keys.join(', ')}`;
}

/** A name safe to use as a DuckDB relation: letters, digits and underscores, not starting with a digit. */
export function toRelationName(name: string): string {
  const base = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\w]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase();
  const safe = base.length ? base : 'dataset';
  return /^\d/.test(safe) ? `t_${safe}` : safe.slice(0, 60);
}

/**
 * A predicate that is true when a row of `rowAlias` sorts strictly before the row held in `boundAlias`
 * (columns named __k0, __k1, ...) under `sort` (NULLs last). Never NULL, so NOT(...) is safe.
 */
export function buildPrecedes(sort: SortSpec[], known: Set<string>, rowAlias: string, boundAlias: string): string {
  const terms: string[] = [];
  const equalSoFar: string[] = [];
  sort.forEach((s, i) => {
    if (!known.has(s.column)) throw new Error(`Unknown column "${s.column}" in sort.`);
    const c = `${rowAlias}.${quoteIdent(s.column)}`;
    const b = `${boundAlias}.__k${i}`;
    const lt = `(${c} IS NOT NULL AND (${b} IS NULL OR ${c} ${s.direction === 'desc' ? '>' : '<'} ${b}))`;
    terms.push([...equalSoFar, lt].join(' AND '));
    equalSoFar.push(`${c} IS NOT DISTINCT FROM ${b}`);
  });
  return terms.length ? `(${terms.map((t) => `(${t})`).join(' OR ')})` : 'false';
}

/** The sort keys as a select list aliased __k0, __k1, ... */
export function sortKeyList(sort: SortSpec[]): string {
  return sort.map((s, i) => `${quoteIdent(s.column)} AS __k${i}`).join(', ');
}
