import { describe, expect, it } from 'vitest';
import { timeLabel, cellClass, contentWidth, formatCell, formatNumber, formatTemporal, fullText, isYearLike, toTsv } from './format';

describe('cell formatting', () => {
  it('groups thousands in numbers, but not in years or ids', () => {
    expect(formatCell(1234567.5, 'revenue', 'DOUBLE')).toBe('1,234,567.5');
    expect(formatCell(242458, 'events', 'BIGINT')).toBe('242,458');
    expect(formatCell(1950, 'birth_year', 'BIGINT')).toBe('1950');
    expect(formatCell(100234, 'customer_id', 'INTEGER')).toBe('100234');
  });

  it('shows NULL as NULL with its own class, distinct from an empty string', () => {
    expect(formatCell(null, 'city', 'VARCHAR')).toBe('NULL');
    expect(cellClass(null)).toBe('cell-null');
    expect(formatCell('', 'city', 'VARCHAR')).toBe('');
    expect(cellClass('')).toBe('cell-empty');
    expect(cellClass('NULL')).toBeUndefined();
  });

  it('prints dates and timestamps one way', () => {
    expect(formatCell('2026-10-31', 'd', 'DATE')).toBe('2026-10-31');
    expect(formatTemporal('2026-10-31 14:05:09', 'TIMESTAMP')).toBe('2026-10-31 14:05:09');
    expect(formatTemporal('2026-10-31T14:05:09.000Z', 'TIMESTAMP WITH TIME ZONE')).toBe('2026-10-31 14:05:09 UTC');
    expect(formatTemporal('2026-10-31 14:05:09.250', 'TIMESTAMP')).toBe('2026-10-31 14:05:09.250');
  });

  it('gives the full value, JSON pretty-printed on request', () => {
    expect(fullText('{"a":1}', true)).toBe('{\n  "a": 1\n}');
    expect(fullText(null)).toBe('NULL');
  });

  it('copies a range as TSV, with a header when asked', () => {
    expect(
      toTsv(
        [
          [1, 'a\tb'],
          [null, 'x\ny'],
        ],
        ['n', 's'],
      ),
    ).toBe('n\ts\n1\ta b\n\tx y');
  });

  it('sizes a column to its content within limits', () => {
    expect(contentWidth('id', ['1', '2'])).toBe(80);
    expect(contentWidth('path', ['x'.repeat(500)])).toBe(420);
    const mid = contentWidth('name', ['a'.repeat(20)]);
    expect(mid).toBeGreaterThan(80);
    expect(mid).toBeLessThan(420);
  });
});

describe('profile numbers', () => {
  it('recognises year columns by name and range', () => {
    expect(isYearLike('birth_year', 'BIGINT', [1950, 2006, null])).toBe(true);
    expect(isYearLike('year', 'INTEGER')).toBe(true);
    expect(isYearLike('birth_year', 'BIGINT', [1950, 12])).toBe(false);
    expect(isYearLike('revenue', 'BIGINT')).toBe(false);
    expect(isYearLike('years_active', 'BIGINT')).toBe(false);
  });

  it('prints years bare and other numbers grouped', () => {
    expect(formatNumber(1950, { yearLike: true })).toBe('1950');
    expect(formatNumber(1987.4, { yearLike: true })).toBe('1987');
    expect(formatNumber(1950)).toBe('1,950');
  });
});

describe('time histogram labels', () => {
  it('labels bins by date, with the time when bins are shorter than a day', () => {
    const day = 86_400_000;
    const t0 = Date.UTC(2026, 0, 1);
    expect(timeLabel([t0, t0 + 10 * day], 'TIMESTAMP')(t0 + day)).toBe('2026-01-02');
    expect(timeLabel([t0, t0 + 3_600_000], 'TIMESTAMP')(t0 + 3_600_000)).toBe('2026-01-01 01:00');
    expect(timeLabel([t0, t0 + 3_600_000], 'DATE')(t0)).toBe('2026-01-01');
  });
});
