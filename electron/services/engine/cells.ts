import type { CellValue } from '../../../shared/types';

/** Turns one DuckDB JS value into something a grid cell and JSON can carry. */
export function toCell(value: unknown, type: string): CellValue {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'bigint':
      return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
    default:
      break;
  }
  if (value instanceof Date) return formatDate(value, type);
  if (value instanceof Uint8Array) return `\\x${Buffer.from(value).toString('hex')}`;
  if (type.startsWith('DECIMAL')) return Number(String(value));
  if (isScalarWrapper(value)) return String(value);
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? safeBigint(v) : v));
}

function safeBigint(v: bigint): number | string {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
}

/** DuckDB's value classes (dates, timestamps, intervals, decimals, UUIDs, blobs) print themselves well. */
function isScalarWrapper(value: object): boolean {
  const name = value.constructor?.name ?? '';
  return /^DuckDB(Date|Time|Timestamp|Interval|Decimal|Blob|UUID|Bit|TimeTZ|TimestampTZ|TimestampSeconds|TimestampMilliseconds|TimestampNanoseconds)/.test(
    name,
  );
}

function formatDate(d: Date, type: string): string {
  if (Number.isNaN(d.getTime())) return 'invalid date';
  const iso = d.toISOString();
  if (type === 'DATE') return iso.slice(0, 10);
  if (type.startsWith('TIMESTAMP') && !type.includes('TIME ZONE')) return iso.replace('T', ' ').replace(/\.000Z$|Z$/, '');
  return iso;
}
