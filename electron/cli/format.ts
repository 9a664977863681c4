import type { Dataset } from '../../shared/types';

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
