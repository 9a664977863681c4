/**
 * Pure: the rectangular cell selection of the grids. AG Grid Community has no range selection, so a
 * click sets the anchor cell, a shift-click the opposite corner, and Ctrl/Cmd+C copies the rectangle.
 */
import { toTsv } from './format';

export interface CellPos {
  row: number;
  col: string;
}

export interface CellRange {
  from: CellPos;
  to: CellPos;
}

/** The rows (top to bottom) and columns (in display order) a range covers; columns no longer shown drop out. */
export function rangeCells(range: CellRange, columnOrder: readonly string[]): { rows: number[]; cols: string[] } {
  const r0 = Math.min(range.from.row, range.to.row);
  const r1 = Math.max(range.from.row, range.to.row);
  const a = columnOrder.indexOf(range.from.col);
  const b = columnOrder.indexOf(range.to.col);
  if (a < 0 || b < 0) return { rows: [], cols: [] };
  return {
    rows: Array.from({ length: r1 - r0 + 1 }, (_, i) => r0 + i),
    cols: columnOrder.slice(Math.min(a, b), Math.max(a, b) + 1),
  };
}

export function inRange(range: CellRange | null, columnOrder: readonly string[], row: number, col: string): boolean {
  if (!range) return false;
  if (row < Math.min(range.from.row, range.to.row) || row > Math.max(range.from.row, range.to.row)) return false;
  const i = columnOrder.indexOf(col);
  const a = columnOrder.indexOf(range.from.col);
  const b = columnOrder.indexOf(range.to.col);
  return i >= 0 && a >= 0 && b >= 0 && i >= Math.min(a, b) && i <= Math.max(a, b);
}

/** The range as TSV, one line per row; rows the grid has not loaded yet are left out. */
export function rangeToTsv(
  range: CellRange,
  columnOrder: readonly string[],
  rowAt: (index: number) => Record<string, unknown> | undefined,
): string {
  const { rows, cols } = rangeCells(range, columnOrder);
  const values: unknown[][] = [];
  for (const r of rows) {
    const data = rowAt(r);
    if (data) values.push(cols.map((c) => data[c]));
  }
  return toTsv(values);
}
