/** The host's side of the Excel worker: one worker per conversion, with progress and cancel. */
import { promises as fs } from 'node:fs';
import { ErrorCode, WorkbenchError } from '../../../shared/api/result';
import { spawnWorker } from '../spawn-worker';
import { rowsFileOf, type SheetCsvRequest, type SheetCsvResult } from './excel-csv';

export { EXCEL_CELL_LIMIT } from './excel-csv';
export type { SheetCsvResult } from './excel-csv';

export interface ExcelWorkerData {
  request: SheetCsvRequest;
  /** Int32 flag: 1 asks the worker to stop at the next row. */
  cancel: SharedArrayBuffer;
}

export type ExcelWorkerMessage =
  | { kind: 'progress'; fraction: number; rows: number }
  | { kind: 'done'; result: SheetCsvResult }
  | { kind: 'error'; code: ErrorCode; message: string; field?: string };

export interface ConvertOptions {
  onProgress?: (fraction: number, rows: number) => void;
  signal?: AbortSignal;
}

/** A hostile workbook (a huge shared-strings table) stops its worker, not the host. */
const WORKER_HEAP_MB = 2048;
/** A cancelled worker stops at its next row; one stuck inside a single huge part is stopped outright. */
const CANCEL_GRACE_MS = 2000;

/** Converts a sheet to CSV in a worker thread; a failed or cancelled conversion leaves no file behind. */
export async function convertSheet(workerFile: string, request: SheetCsvRequest, options: ConvertOptions = {}): Promise<SheetCsvResult> {
  const cancel = new SharedArrayBuffer(4);
  const flag = new Int32Array(cancel);
  const worker = spawnWorker(workerFile, { request, cancel } satisfies ExcelWorkerData, { maxOldGenerationSizeMb: WORKER_HEAP_MB });
  let grace: NodeJS.Timeout | undefined;
  const abort = () => {
    Atomics.store(flag, 0, 1);
    grace ??= setTimeout(() => void worker.terminate(), CANCEL_GRACE_MS);
  };
  if (options.signal?.aborted) abort();
  options.signal?.addEventListener('abort', abort, { once: true });
  try {
    return await new Promise<SheetCsvResult>((resolve, reject) => {
      worker.on('message', (m: ExcelWorkerMessage) => {
        if (m.kind === 'progress') options.onProgress?.(m.fraction, m.rows);
        else if (m.kind === 'done') resolve(m.result);
        else reject(new WorkbenchError(m.code, m.message, { field: m.field }));
      });
      worker.on('error', (e) =>
        reject(new WorkbenchError(ErrorCode.BadInput, `${request.file}: the Excel reader stopped (${e.message}).`, { field: 'sheet' })),
      );
      worker.on('exit', (code) =>
        reject(
          Atomics.load(flag, 0) === 1
            ? new WorkbenchError(ErrorCode.Cancelled, 'The load was cancelled.')
            : new WorkbenchError(ErrorCode.BadInput, `${request.file}: the Excel reader stopped (exit code ${code}).`),
        ),
      );
    });
  } catch (err) {
    // A worker stopped outright could not remove its own files.
    await worker.terminate();
    await fs.rm(request.target, { force: true });
    await fs.rm(rowsFileOf(request.target), { force: true });
    throw Atomics.load(flag, 0) === 1 ? new WorkbenchError(ErrorCode.Cancelled, 'The load was cancelled.') : err;
  } finally {
    clearTimeout(grace);
    options.signal?.removeEventListener('abort', abort);
    void worker.terminate();
  }
}
