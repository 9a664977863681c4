import type { ColumnPage, Dataset } from '../../shared/types';

export function csvOf(page: ColumnPage): string {
  const esc = (v: unknown) => {
    if (v === null || v === undefined) return '';
    const s = String(v);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [page.columns.map((c) => esc(c.name)).join(',')];
  for (let r = 0; r < page.rowCount; r++) lines.push(page.data.map((col) => esc(col[r])).join(','));
  return lines.join('\n') + '\n';
}

export function rowsOf(page: ColumnPage): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  for (let r = 0; r < page.rowCount; r++) {
    const row: Record<string, unknown> = {};
    page.columns.forEach((c, i) => (row[c.name] = page.data[i]?.[r] ?? null));
    rows.push(row);
  }
  return rows;
}

export function describeDataset(d: Dataset): string {
  const width = Math.max(...d.columns.map((c) => c.name.length), 4);
  return [
    `name:    ${d.name}`,
    `format:  ${d.format}`,
    `source:  ${d.sourcePath}`,
    `rows:    ${d.rowCount}`,
    `columns: ${d.columns.length}`,
    ...d.columns.map((c) => `  ${c.name.padEnd(width)}  ${c.type}`),
  ].join('\n');
}
