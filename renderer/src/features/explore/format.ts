/** Pure: how grids, profiles and chart axes print a value, one rule per kind of column. */
import { isNumericType } from '../../../../shared/types';

/** What a grid shows for SQL NULL (muted, in its own style) and for an empty string. */
export const NULL_TEXT = 'NULL';
export const EMPTY_TEXT = '';

const INTEGER_TYPE = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|INT\d*)$/;
const YEAR_NAME = /(^|_|\b)(year|yr|yob|cohort)(_|\b|$)/i;
const ID_NAME = /(^|_)(id|key|code|zip|postcode|postal_code|number|no)$/i;

/** An integer column that holds years (by name, or every value in 1000–2999 for a name ending in year): printed 1950, never 1,950. */
export function isYearLike(name: string, type: string, values?: readonly unknown[]): boolean {
  if (!INTEGER_TYPE.test(type) && !/^(DOUBLE|FLOAT|DECIMAL)/.test(type)) return false;
  if (!YEAR_NAME.test(name)) return false;
  if (!values) return true;
  return values.every((v) => v === null || v === undefined || (typeof v === 'number' && Number.isInteger(v) && v >= 1000 && v <= 2999));
}

/** An integer column that names things (customer_id, zip): no thousands separators either. */
export function isIdLike(name: string, type: string): boolean {
  return INTEGER_TYPE.test(type) && ID_NAME.test(name);
}

/** Whether a column's numbers get thousands separators. */
export function groupsThousands(name: string, type: string): boolean {
  return isNumericType(type) && !isYearLike(name, type) && !isIdLike(name, type);
}

const numberFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 6 });

/** A date "2026-10-31", a timestamp "2026-10-31 14:05:09" (fraction kept when present), with time zone "… UTC". */
export function formatTemporal(value: string, type: string): string {
  if (type === 'DATE') return value.slice(0, 10);
  const m = /^(\d{4,}-\d\d-\d\d)[T ](\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d(:?\d\d)?)?$/.exec(value);
  if (!m) return value;
  const frac = m[3] && !/^\.0+$/.test(m[3]) ? m[3] : '';
  const zone = m[4] === 'Z' || m[4] === '+00' || m[4] === '+00:00' ? ' UTC' : m[4] ? ` ${m[4]}` : '';
  return `${m[1]} ${m[2]}${frac}${zone}`;
}

/** The text of one grid cell; NULL and the empty string stay distinguishable (see `cellClass`). */
export function formatCell(value: unknown, name: string, type: string): string {
  if (value === null || value === undefined) return NULL_TEXT;
  if (typeof value === 'number') return groupsThousands(name, type) ? numberFormat.format(value) : String(value);
  if (typeof value === 'string') {
    if (type === 'DATE' || type.startsWith('TIMESTAMP')) return formatTemporal(value, type);
    return value;
  }
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** The CSS class of a cell: 'cell-null' for NULL, 'cell-empty' for '', none otherwise. */
export function cellClass(value: unknown): string | undefined {
  if (value === null || value === undefined) return 'cell-null';
  if (value === '') return 'cell-empty';
  return undefined;
}

/** The full value for a tooltip, the inspector and the clipboard: JSON pretty-printed, NULL as NULL. */
export function fullText(value: unknown, pretty = false): string {
  if (value === null || value === undefined) return NULL_TEXT;
  if (typeof value === 'string' && pretty && /^[[{]/.test(value)) {
    try {
      return JSON.stringify(JSON.parse(value), null, 2);
    } catch {
      return value;
    }
  }
  return typeof value === 'object' ? JSON.stringify(value, null, pretty ? 2 : undefined) : String(value);
}

/** A number in a profile or an axis label: years stay bare, huge and tiny values in scientific notation. */
export function formatNumber(n: number, opts: { yearLike?: boolean } = {}): string {
  if (!Number.isFinite(n)) return String(n);
  if (opts.yearLike) return String(Math.round(n));
  if (Math.abs(n) >= 1e6 || (Math.abs(n) < 1e-3 && n !== 0)) return n.toExponential(2);
  return Number.isInteger(n) ? numberFormat.format(n) : n.toLocaleString('en-US', { maximumFractionDigits: 3 });
}

/** Rows × columns as tab-separated text (for the clipboard): tabs and line breaks inside values become spaces. */
export function toTsv(rows: readonly (readonly unknown[])[], header?: readonly string[]): string {
  const cell = (v: unknown) => (v === null || v === undefined ? '' : fullText(v).replace(/[\t\r\n]+/g, ' '));
  const lines = rows.map((r) => r.map(cell).join('\t'));
  return (header ? [header.map(cell).join('\t'), ...lines] : lines).join('\n');
}

/** A column's width in pixels from its header and the longest of its first values, within [min, max]. */
export function contentWidth(header: string, texts: readonly string[], min = 80, max = 420, charPx = 7.4): number {
  let longest = header.length + 3; // room for the sort and filter icons
  for (const t of texts) if (t.length > longest) longest = t.length;
  return Math.round(Math.min(max, Math.max(min, longest * charPx + 28)));
}

/** Bin edges of a time histogram as dates, with the time of day when the bins are shorter than a day. */
export function timeLabel(edges: number[], type: string): (ms: number) => string {
  const span = edges.length > 1 ? edges[1]! - edges[0]! : 0;
  const withTime = type !== 'DATE' && span < 86_400_000;
  return (ms) => {
    const iso = new Date(ms).toISOString();
    return withTime ? iso.slice(0, 16).replace('T', ' ') : iso.slice(0, 10);
  };
}
