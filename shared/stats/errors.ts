/** Error codes of the statistics engine, as named constants. */
export const StatsErrorCode = {
  Negative: 'NEGATIVE',
  ConversionsAboveUsers: 'CONVERSIONS_ABOVE_USERS',
  TooFewUnits: 'TOO_FEW_UNITS',
  ZeroVariance: 'ZERO_VARIANCE',
  WeightsDoNotSumToOne: 'WEIGHTS_DO_NOT_SUM_TO_ONE',
  EmptyVariant: 'EMPTY_VARIANT',
  NotANumber: 'NOT_A_NUMBER',
  OutOfRange: 'OUT_OF_RANGE',
  LengthMismatch: 'LENGTH_MISMATCH',
} as const;
export type StatsErrorCode = (typeof StatsErrorCode)[keyof typeof StatsErrorCode];

/** Bad input to a calculator: names the field and says what is wrong. */
export class StatsInputError extends Error {
  constructor(
    readonly code: StatsErrorCode,
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'StatsInputError';
  }
}

export function finite(value: number, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new StatsInputError(StatsErrorCode.NotANumber, field, 'must be a finite number.');
  return value;
}

export function nonNegative(value: number, field: string): number {
  finite(value, field);
  if (value < 0) throw new StatsInputError(StatsErrorCode.Negative, field, `cannot be negative (got ${value}).`);
  return value;
}

export function wholeNumber(value: number, field: string): number {
  nonNegative(value, field);
  if (!Number.isInteger(value)) throw new StatsInputError(StatsErrorCode.NotANumber, field, `must be a whole number (got ${value}).`);
  return value;
}

export function probability(value: number, field: string, open = true): number {
  finite(value, field);
  if (open ? value <= 0 || value >= 1 : value < 0 || value > 1) {
    throw new StatsInputError(StatsErrorCode.OutOfRange, field, `must be between 0 and 1${open ? ', exclusive' : ''} (got ${value}).`);
  }
  return value;
}

/** Guards every number a calculator returns: NaN or Infinity never reach a user. */
export function checked<T>(result: T, what: string): T {
  const walk = (v: unknown, path: string): void => {
    if (typeof v === 'number' && !Number.isFinite(v)) throw new Error(`Internal error: ${what} produced a non-finite ${path}.`);
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k);
  };
  walk(result, '');
  return result;
}
