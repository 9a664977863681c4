/** Every call across the renderer/host boundary answers with this envelope, never a thrown string. */
export const ErrorCode = {
  InvalidArgument: 'INVALID_ARGUMENT',
  NotFound: 'NOT_FOUND',
  BadInput: 'BAD_INPUT',
  QueryFailed: 'QUERY_FAILED',
  Cancelled: 'CANCELLED',
  /** The engine process died under the call (a crash inside DuckDB, an out-of-memory kill); it has been restarted. */
  EngineStopped: 'ENGINE_STOPPED',
  Unauthorized: 'UNAUTHORIZED',
  Internal: 'INTERNAL',
  /** A request or an answer over the size one call may carry (shared/api/limits.ts). */
  TooLarge: 'TOO_LARGE',
  /** The disk a write went to is full; the message names the folder and its disk. */
  DiskFull: 'DISK_FULL',
  /** The workspace's state file is damaged or emptied; the message names it and what can be done. */
  WorkspaceDamaged: 'WORKSPACE_DAMAGED',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface ApiError {
  code: ErrorCode;
  message: string;
  /** 1-based line in the SQL text the error points at, when the engine says so. */
  line?: number;
  field?: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export class WorkbenchError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: { line?: number; field?: string } = {},
  ) {
    super(message);
    this.name = 'WorkbenchError';
  }
}

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

/** The message of anything thrown: an Error's message, otherwise its text. */
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function toApiError(err: unknown): ApiError {
  if (err instanceof WorkbenchError) return { code: err.code, message: err.message, ...err.extra };
  return { code: ErrorCode.Internal, message: messageOf(err) };
}
