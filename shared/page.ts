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
  const lines = [page.columns.map((c) => csvField(c.name)).join(',')];
  for (let r = 0; r < page.rowCount; r++) lines.push(page.data.map((col) => csvField(col[r])).join(','));
  return lines.join('\n') + '\n';
}
