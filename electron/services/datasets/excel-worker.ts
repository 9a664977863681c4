/** Worker thread for Excel: a sheet is parsed and written as CSV here, so the host keeps answering meanwhile. */
import { parentPort, workerData } from 'node:worker_threads';
import { ErrorCode, messageOf, WorkbenchError } from '../../../shared/api/result';
import { writeSheetCsv } from './excel-csv';
import type { ExcelWorkerData, ExcelWorkerMessage } from './excel';

const port = parentPort!;
const { request, cancel } = workerData as ExcelWorkerData;
const flag = new Int32Array(cancel);
const send = (m: ExcelWorkerMessage) => port.postMessage(m);

writeSheetCsv(request, {
  isCancelled: () => Atomics.load(flag, 0) === 1,
  onProgress: (fraction, rows) => send({ kind: 'progress', fraction, rows }),
}).then(
  (result) => send({ kind: 'done', result }),
  (err: unknown) =>
    send({
      kind: 'error',
      code: err instanceof WorkbenchError ? err.code : ErrorCode.BadInput,
      message: messageOf(err),
      field: err instanceof WorkbenchError ? err.extra.field : undefined,
    }),
);
