/**
 * The population a funnel, paths or attribution runs over: all customers, a saved segment's members, the
 * customers whose row in another (customer-level) dataset has column = value (a cluster label, an
 * experiment variant), or the customers with at least one event row matching a property filter.
 *
 * It is applied in SQL as a semi-join restricting the event rows to the population's customers before the
 * analysis runs; customer ids never leave the engine.
 */
import { z } from 'zod';
import { columnName, id } from '../api/schemas';
import { quoteIdent } from '../sql';
import { FUNNEL_FILTER_OPS, type FunnelFilterOp } from './funnel';
import { filterSql } from './funnel-sql';

export const POPULATION_KINDS = ['all', 'segment', 'column', 'filter'] as const;
export type PopulationKind = (typeof POPULATION_KINDS)[number];

export type PopulationValue = string | number | boolean;

export type Population =
  | { kind: 'all' }
  /** A saved segment's members, recomputed from its definition. */
  | { kind: 'segment'; segmentId: string }
  /** Customers whose row in dataset `datasetId` (its id column `idColumn`) has `column` = `value`. */
  | { kind: 'column'; datasetId: string; idColumn: string; column: string; value: PopulationValue }
  /** Customers with at least one row of the analysed table where `column op value`. */
  | { kind: 'filter'; column: string; op: FunnelFilterOp; value: PopulationValue };

const value = z.union([z.string().max(4096), z.number().finite(), z.boolean()]);

export const populationSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }).strict(),
  z.object({ kind: z.literal('segment'), segmentId: id }).strict(),
  z.object({ kind: z.literal('column'), datasetId: id, idColumn: columnName, column: columnName, value }).strict(),
  z.object({ kind: z.literal('filter'), column: columnName, op: z.enum(FUNNEL_FILTER_OPS), value }).strict(),
]);

/** The customers' ids as one SELECT whose first column is the id, and whether it must be compared as text. */
export interface PopulationMembers {
  sql: string;
  /** The ids' DuckDB type, when known (compared as text when it differs from the customer column's). */
  idType: string | null;
}

/** Members of a `column` population: the id column of the rows of `relation` where column = value. */
export function columnMembersSql(relation: string, p: Extract<Population, { kind: 'column' }>): string {
  return `SELECT ${quoteIdent(p.idColumn)} FROM ${quoteIdent(relation)} WHERE ${filterSql({ column: p.column, op: '=', value: p.value })}`;
}

/** Members of a `filter` population: customers of `source` (a relation name or parenthesised SELECT) with a matching row. */
export function filterMembersSql(source: string, customerColumn: string, p: Extract<Population, { kind: 'filter' }>): string {
  return `SELECT ${quoteIdent(customerColumn)} FROM ${source} WHERE ${filterSql({ column: p.column, op: p.op, value: p.value })}`;
}

/**
 * `source` (a relation name or parenthesised SELECT) restricted to the rows whose customer is a member: a
 * semi-join, as a parenthesised SELECT keeping every column of the source. Ids of different types are
 * compared as text.
 */
export function restrictToMembers(source: string, customerColumn: string, customerType: string, members: PopulationMembers): string {
  const text = members.idType === null || members.idType.toUpperCase() !== customerType.toUpperCase();
  const cust = quoteIdent(customerColumn);
  const left = text ? `CAST(${cust} AS VARCHAR)` : cust;
  const right = text ? 'CAST(#1 AS VARCHAR)' : '#1';
  return `(SELECT * FROM ${source} WHERE ${left} IN (SELECT ${right} FROM (${members.sql})))`;
}

/** The population in words, e.g. `segment 'Dropped at checkout'`, `cluster = 2 in scored`, `device = mobile`. */
export function describePopulation(p: Population | undefined, names: { segment?: string; dataset?: string } = {}): string {
  if (!p || p.kind === 'all') return 'all customers';
  if (p.kind === 'segment') return `segment '${names.segment ?? p.segmentId}'`;
  if (p.kind === 'column') return `${p.column} = ${String(p.value)} in ${names.dataset ?? p.datasetId}`;
  return `customers with ${p.column} ${p.op} ${String(p.value)}`;
}

/**
 * Parses a command-line `--population` value: `<column><op><value>` with op one of =, !=, <, >, or
 * `<column> contains <value>`. A value that reads as a number is compared as a number.
 */
export function parsePopulationFilter(text: string): { column: string; op: FunnelFilterOp; value: PopulationValue } {
  const m = /^\s*(.+?)\s*(!=|=|<|>|\scontains\s)\s*(.*?)\s*$/.exec(text);
  if (!m || !m[1] || m[3] === undefined || m[3] === '')
    throw new Error(
      `population "${text}" is not understood: write <column><op><value> with op one of ${FUNNEL_FILTER_OPS.join(', ')}, e.g. device=mobile.`,
    );
  const op = m[2]!.trim() as FunnelFilterOp;
  const raw = m[3];
  const value = op !== 'contains' && /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
  return { column: m[1], op, value };
}
