/** Writes one Excel sheet as CSV, row by row, so DuckDB can sniff its types like any other CSV. */
import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { ErrorCode, WorkbenchError } from '../../../shared/api/result';
import { csvField } from '../../../shared/page';
import { openWorkbook } from './excel-reader';

/** The most cells one sheet may have (cells up to each row's last filled one); README "Loading data" states it. */
export const EXCEL_CELL_LIMIT = 50_000_000;

export interface SheetCsvRequest {
  file: string;
  /** The sheet to convert; the first when not given. */
  sheet?: string;
  target: string;
  /** Stop after this many rows below the header (a preview). */
  maxRows?: number;
  cellLimit: number;
}

export interface SheetCsvResult {
  sheet: string;
  sheets: string[];
  /** Rows below the header. */
  rows: number;
  cells: number;
}

export interface SheetCsvControl {
  isCancelled(): boolean;
  /** Share of the sheet read so far, and rows written. */
  onProgress(fraction: number, rows: number): void;
}

/** Converts a sheet; on any failure (or cancel) neither the target nor its scratch file is left behind. */
export async function writeSheetCsv(req: SheetCsvRequest, control: SheetCsvControl): Promise<SheetCsvResult> {
  const body = rowsFileOf(req.target);
  try {
    return await convert(req, control, body);
  } catch (err) {
    await fs.rm(req.target, { force: true });
    throw err;
  } finally {
    await fs.rm(body, { force: true });
  }
}

async function convert(req: SheetCsvRequest, control: SheetCsvControl, body: string): Promise<SheetCsvResult> {
  const book = await openWorkbook(req.file, () => control.isCancelled());
  const sheets = book.sheets.map((s) => s.name);
  if (!book.sheets.length) throw new WorkbenchError(ErrorCode.BadInput, `${req.file}: the workbook has no sheets.`);
  const sheet = req.sheet === undefined ? book.sheets[0]! : book.sheets.find((s) => s.name === req.sheet);
  if (!sheet)
    throw new WorkbenchError(ErrorCode.BadInput, `${req.file}: there is no sheet named "${req.sheet}" (it has ${sheets.join(', ')}).`, {
      field: 'sheet',
    });
  let header: string[] | null = null;
  let width = 0;
  let rows = 0;
  let cells = 0;
  let reported = -1;
  const progress = (read: number, total: number) => {
    const fraction = total > 0 ? Math.min(1, read / total) : 0;
    // A message per percent: enough for a progress bar, few enough not to matter.
    if (Math.floor(fraction * 100) > reported) {
      reported = Math.floor(fraction * 100);
      control.onProgress(fraction, rows);
    }
  };
  const out = await fs.open(body, 'w');
  try {
    let chunk = '';
    for await (const row of book.rows(sheet, progress)) {
      if (control.isCancelled()) throw new WorkbenchError(ErrorCode.Cancelled, 'The load was cancelled.');
      cells += row.length;
      if (cells > req.cellLimit)
        throw new WorkbenchError(
          ErrorCode.TooLarge,
          `${req.file}: sheet "${sheet.name}" has more than ${req.cellLimit.toLocaleString('en-US')} cells, the most the workbench ` +
            'reads from one Excel sheet. Save the sheet as CSV (or split it) and load that.',
          { field: 'sheet' },
        );
      width = Math.max(width, row.length);
      if (!header) {
        header = row;
        continue;
      }
      chunk += csvLine(row, width);
      rows++;
      if (chunk.length >= 1 << 20) {
        await out.write(chunk);
        chunk = '';
      }
      if (req.maxRows !== undefined && rows >= req.maxRows) break;
    }
    if (chunk) await out.write(chunk);
  } finally {
    await out.close();
  }
  if (!header) throw new WorkbenchError(ErrorCode.BadInput, `${req.file}: sheet "${sheet.name}" is empty.`, { field: 'sheet' });
  // The header is written last, as wide as the widest row, so DuckDB sees every column; shorter rows are padded with NULLs.
  await fs.writeFile(req.target, csvLine(header, width));
  await pipeline(createReadStream(body), createWriteStream(req.target, { flags: 'a' }));
  return { sheet: sheet.name, sheets, rows, cells };
}

/** Where rows are written until the header (as wide as the widest row) can go first. */
export function rowsFileOf(target: string): string {
  return `${target}.rows`;
}

function csvLine(cells: string[], width: number): string {
  let line = '';
  for (let c = 0; c < width; c++) line += (c ? ',' : '') + (c < cells.length ? csvField(cells[c]) : '');
  return line + '\n';
}
