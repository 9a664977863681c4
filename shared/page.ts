/** Columnar result pages turned into rows or CSV: one place for what the CLI, grid, reports and generators share. */
import type { ColumnPage } from './types';

/** RFC 4180 quoting: fields with a comma, quote or line break are quoted, quotes doubled. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const s = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function pageToRows(page: ColumnPage): Record<string, unknown>[] {
  const rows = new Array<Record<string, unknown>>(page.rowCount);
  for (let r = 0; r < page.rowCount; r++) {
    const row: Record<string, unknown> = {};
    for (let c = 0; c < page.columns.length; c++) row[page.columns[c]!.name] = page.data[c]?.[r] ?? null;
    rows[r] = row;
  }
  return rows;
}

export function pageToCsv(page: ColumnPage): string {
  return csvHeader(page.columns) + csvRows(page);
}

/** The header line of a CSV, with its line break. */
export function csvHeader(columns: ColumnPage['columns']): string {
  return columns.map((c) => csvField(c.name)).join(',') + '\n';
}

/** A page's first `count` rows (all by default) as CSV lines, each ending in a line break; '' for none. */
export function csvRows(page: ColumnPage, count = page.rowCount): string {
  const lines: string[] = [];
  for (let r = 0; r < count; r++) lines.push(page.data.map((col) => csvField(col[r])).join(',') + '\n');
  return lines.join('');
}
