/** The population picker's form, the population it makes, and the words shown on the map. */
import { FUNNEL_FILTER_OPS, type FunnelFilterOp } from '../../../../shared/journeys/funnel';
import { describePopulation, type Population, type PopulationKind } from '../../../../shared/journeys/population';

export const POPULATION_KIND_LABELS: Record<PopulationKind, string> = {
  all: 'All customers',
  segment: 'A saved segment',
  column: 'A column of a dataset',
  filter: 'An event property',
};

export interface PopulationDraft {
  kind: PopulationKind;
  segmentId: string;
  datasetId: string;
  idColumn: string;
  column: string;
  op: FunnelFilterOp;
  value: string;
}

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL)/i;

/** The form showing a population (empty fields for the parts it does not have). */
export function draftOf(p: Population | undefined): PopulationDraft {
  const d: PopulationDraft = { kind: 'all', segmentId: '', datasetId: '', idColumn: '', column: '', op: '=', value: '' };
  if (!p || p.kind === 'all') return d;
  if (p.kind === 'segment') return { ...d, kind: 'segment', segmentId: p.segmentId };
  if (p.kind === 'column')
    return { ...d, kind: 'column', datasetId: p.datasetId, idColumn: p.idColumn, column: p.column, value: String(p.value) };
  return { ...d, kind: 'filter', column: p.column, op: p.op, value: String(p.value) };
}

/**
 * The population the form describes, or what is missing. A value is compared as a number when the column is
 * numeric (or the comparison is < or >) and it reads as one; otherwise as text.
 */
export function populationOfDraft(d: PopulationDraft, columnType?: string): { population: Population } | { error: string } {
  if (d.kind === 'all') return { population: { kind: 'all' } };
  if (d.kind === 'segment')
    return d.segmentId ? { population: { kind: 'segment', segmentId: d.segmentId } } : { error: 'Choose a segment.' };
  const typed = (op: FunnelFilterOp) => {
    const v = d.value.trim();
    const numeric = /^-?\d+(\.\d+)?$/.test(v) && ((columnType !== undefined && NUMERIC.test(columnType)) || op === '<' || op === '>');
    return numeric ? Number(v) : d.value;
  };
  if (d.kind === 'column') {
    if (!d.datasetId) return { error: 'Choose a dataset.' };
    if (!d.idColumn) return { error: 'Choose the column holding the customer id.' };
    if (!d.column) return { error: 'Choose a column.' };
    if (d.value === '') return { error: 'Choose a value.' };
    return { population: { kind: 'column', datasetId: d.datasetId, idColumn: d.idColumn, column: d.column, value: typed('=') } };
  }
  if (!d.column) return { error: 'Choose an event property.' };
  if (!FUNNEL_FILTER_OPS.includes(d.op)) return { error: `Compare with one of ${FUNNEL_FILTER_OPS.join(', ')}.` };
  if (d.value === '') return { error: 'Give a value.' };
  if ((d.op === '<' || d.op === '>') && typeof typed(d.op) !== 'number') return { error: `${d.op} needs a number (got "${d.value}").` };
  return { population: { kind: 'filter', column: d.column, op: d.op, value: typed(d.op) } };
}

/** What the map says, e.g. `Population: segment 'Dropped at checkout' · 1,234 customers`. */
export function populationLine(p: Population | undefined, names: { segment?: string; dataset?: string }, customers: number | null): string {
  const what = describePopulation(p, names);
  const label = what === 'all customers' ? 'All customers' : what;
  return `Population: ${label}${customers === null ? '' : ` · ${customers.toLocaleString('en-US')} customers`}`;
}
