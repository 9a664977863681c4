/**
 * Decimal commas in CSV exports (`1.234,56`): DuckDB's sniffer reads such columns as text unless told
 * the separators, so the sampled values are classified here and the separators set from what they show.
 */

const INTEGER = /^[-+]?\d+$/;
/** Thousands grouped with dots: `1.234`, `12.345.678`; a leading 0 (`0.125`) is a decimal point instead. */
const DOT_GROUPED = /^[-+]?[1-9]\d{0,2}(\.\d{3})+$/;
const COMMA_DECIMAL = /^[-+]?(\d+|[1-9]\d{0,2}(\.\d{3})+),\d+$/;
const DOT_DECIMAL = /^[-+]?\d*\.\d+$/;

export interface NumberFormat {
  /** Some column holds comma-decimal numbers and no numeric column uses a decimal point. */
  decimalComma: boolean;
  /** Dots group thousands (`1.234,56`) and no numeric column uses a dot any other way. */
  dotThousands: boolean;
}

type Kind = 'integer' | 'grouped' | 'commaDecimal' | 'dotDecimal' | 'other';

function kind(v: string): Kind {
  if (INTEGER.test(v)) return 'integer';
  if (DOT_GROUPED.test(v)) return 'grouped';
  if (COMMA_DECIMAL.test(v)) return 'commaDecimal';
  if (DOT_DECIMAL.test(v)) return 'dotDecimal';
  return 'other';
}

/** Classifies sampled text values, column by column (`columns[c]` holds column c's values). */
export function detectNumberFormat(columns: readonly (readonly unknown[])[]): NumberFormat {
  let commaColumns = 0;
  let grouped = false;
  let conflict = false;
  for (const values of columns) {
    const kinds = new Set<Kind>();
    let dots = false;
    for (const v of values) {
      if (typeof v !== 'string' || !v.trim()) continue;
      const k = kind(v.trim());
      kinds.add(k);
      if ((k === 'grouped' || k === 'commaDecimal') && v.includes('.')) dots = true;
    }
    if (kinds.has('other') || kinds.size === 0) continue; // text, dates, or empty: not a number column
    // A numeric column using a decimal point would turn to text (or worse, 1.5 into 15) under decimal commas.
    if (kinds.has('dotDecimal')) conflict = true;
    if (kinds.has('commaDecimal')) commaColumns++;
    if (dots) grouped = true;
  }
  const decimalComma = commaColumns > 0 && !conflict;
  return { decimalComma, dotThousands: grouped && !conflict };
}
