import { describe, expect, it } from 'vitest';
import { inRange, rangeCells, rangeToTsv } from './grid-selection';

const cols = ['id', 'name', 'city', 'n'];
const rows = [
  { id: 1, name: 'Uma', city: 'Berlin', n: 1200 },
  { id: 2, name: 'Hana', city: null, n: 3 },
  { id: 3, name: 'Leo', city: '', n: 4 },
];

describe('grid range selection', () => {
  it('covers the rectangle between the anchor and the shift-clicked cell, in either direction', () => {
    const range = { from: { row: 2, col: 'city' }, to: { row: 0, col: 'name' } };
    expect(rangeCells(range, cols)).toEqual({ rows: [0, 1, 2], cols: ['name', 'city'] });
    expect(inRange(range, cols, 1, 'city')).toBe(true);
    expect(inRange(range, cols, 1, 'n')).toBe(false);
    expect(inRange(null, cols, 1, 'city')).toBe(false);
  });

  it('copies the rectangle as TSV with raw values: NULL as an empty field, no thousands separators', () => {
    const tsv = rangeToTsv({ from: { row: 0, col: 'name' }, to: { row: 2, col: 'n' } }, cols, (i) => rows[i]);
    expect(tsv).toBe('Uma\tBerlin\t1200\nHana\t\t3\nLeo\t\t4');
  });

  it('leaves out rows not loaded yet and columns no longer shown', () => {
    expect(rangeToTsv({ from: { row: 1, col: 'id' }, to: { row: 5, col: 'id' } }, cols, (i) => rows[i])).toBe('2\n3');
    expect(rangeCells({ from: { row: 0, col: 'gone' }, to: { row: 1, col: 'id' } }, cols)).toEqual({ rows: [], cols: [] });
  });
});
