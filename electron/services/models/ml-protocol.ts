/** Messages between the model client and its worker: a fit by name with its arguments, and its progress, result or error. */
import type { FitArgs, FitName, FitResult } from './ml-fits';

export type { ClvSummaryPayload } from './ml-fits';

export type MlRequest<N extends FitName = FitName> = { id: number; fit: N; args: FitArgs<N>; cancel: SharedArrayBuffer };

export type MlResponse<N extends FitName = FitName> =
  | { id: number; kind: 'progress'; fraction: number; message: string }
  | { id: number; kind: 'result'; fit: N; value: FitResult<N> }
  | { id: number; kind: 'error'; message: string; field?: string; cancelled: boolean };
