/**
 * Streams one sheet of an .xlsx workbook as rows of text. The zip is read by random access, so only the
 * workbook, its shared strings and styles and the chosen sheet are inflated, in the order parsing needs
 * them (Excel stores sheets before shared strings, which makes exceljs's own stream reader copy every
 * sheet to a temp file first), and rows are never all in memory. Runs in the Excel worker thread.
 */
import { Transform, type Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import WorkbookReader from 'exceljs/lib/stream/xlsx/workbook-reader';
import unzipper, { type File as ZipFile } from 'unzipper';
import { ErrorCode, messageOf, WorkbenchError } from '../../../shared/api/result';

/** The parts of exceljs's stream reader used here (exceljs 4.4; they parse one zip entry each). */
interface WorkbookParts {
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseWorksheet(rows: Readable, sheetNo: string): Generator<{ value: AsyncIterable<ExcelJS.Row> }>;
  workbookRels?: { Id: string; Target: string }[];
  model?: { sheets?: { name: string; rId: string }[] };
  properties?: { model?: { date1904?: boolean } };
}

export interface SheetInfo {
  name: string;
  /** Its zip entry, e.g. xl/worksheets/sheet1.xml. */
  entry: string;
}

export interface OpenedWorkbook {
  sheets: SheetInfo[];
  /** Streams a sheet's rows (cells as CSV-ready text, trailing empty cells omitted); `onBytes` follows the inflated XML. */
  rows(sheet: SheetInfo, onBytes?: (read: number, total: number) => void): AsyncGenerator<string[]>;
}

/** Opens a workbook: reads its sheet list, shared strings and styles, not its sheets; `isCancelled` is checked as they inflate. */
export async function openWorkbook(file: string, isCancelled: () => boolean = () => false): Promise<OpenedWorkbook> {
  let files: ZipFile[];
  try {
    files = (await unzipper.Open.file(file)).files;
  } catch (err) {
    throw notReadable(file, err);
  }
  const byPath = new Map(files.map((f) => [f.path.replace(/\\/g, '/').replace(/^\//, ''), f]));
  const parts = new WorkbookReader(file, {
    sharedStrings: 'cache',
    styles: 'cache',
    worksheets: 'emit',
    hyperlinks: 'ignore',
  }) as unknown as WorkbookParts;
  // Decoded here, across chunk boundaries: exceljs decodes each chunk alone and splits multi-byte characters.
  const text = (name: string, onBytes?: (read: number, total: number) => void): Readable | undefined => {
    const f = byPath.get(name);
    if (!f) return undefined;
    let read = 0;
    const watch = new Transform({
      transform(chunk: Buffer, _enc, done) {
        if (isCancelled()) return done(new WorkbenchError(ErrorCode.Cancelled, 'The load was cancelled.'));
        read += chunk.length;
        onBytes?.(read, f.uncompressedSize);
        done(null, chunk);
      },
    });
    const source = f.stream();
    source.on('error', (e) => watch.destroy(e));
    watch.on('close', () => source.destroy());
    return source.pipe(watch).setEncoding('utf8');
  };
  try {
    // Each part is opened only when it is parsed, so a failure leaves no stream without a reader.
    if (!byPath.has('xl/_rels/workbook.xml.rels') || !byPath.has('xl/workbook.xml')) throw new Error('it has no xl/workbook.xml');
    await parts._parseRels(text('xl/_rels/workbook.xml.rels')!);
    await parts._parseWorkbook(text('xl/workbook.xml')!);
    const shared = text('xl/sharedStrings.xml');
    if (shared) for await (const _ of parts._parseSharedStrings(shared)); // fills the cache; yields nothing
    const styles = text('xl/styles.xml');
    if (styles) await parts._parseStyles(styles);
  } catch (err) {
    throw err instanceof WorkbenchError ? err : notReadable(file, err);
  }
  const targets = new Map((parts.workbookRels ?? []).map((r) => [r.Id, r.Target]));
  const sheets: SheetInfo[] = [];
  for (const s of parts.model?.sheets ?? []) {
    const target = targets.get(s.rId);
    if (!target) continue;
    const entry = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
    // Chart sheets and dialog sheets have no cells.
    if (/^xl\/worksheets\/[^/]+\.xml$/.test(entry)) sheets.push({ name: s.name, entry });
  }
  const date1904 = parts.properties?.model?.date1904 === true;

  return {
    sheets,
    async *rows(sheet, onBytes) {
      const xml = text(sheet.entry, onBytes);
      if (!xml)
        throw new WorkbenchError(ErrorCode.BadInput, `${file}: sheet "${sheet.name}" is missing from the workbook (${sheet.entry}).`);
      const sheetNo = /(\d+)\.xml$/.exec(sheet.entry)?.[1] ?? '0';
      const reader = [...parts._parseWorksheet(xml, sheetNo)][0]!.value;
      try {
        for await (const row of reader) {
          if (!row.hasValues) continue;
          const cells: string[] = new Array<string>(row.cellCount).fill('');
          row.eachCell((cell, col) => (cells[col - 1] = cellText(cell.value, cell.numFmt, date1904)));
          yield cells;
        }
      } catch (err) {
        if (err instanceof WorkbenchError) throw err;
        throw new WorkbenchError(ErrorCode.BadInput, `${file}: sheet "${sheet.name}" could not be read (${messageOf(err)}).`);
      } finally {
        xml.destroy();
      }
    },
  };
}

function notReadable(file: string, err: unknown): WorkbenchError {
  return new WorkbenchError(ErrorCode.BadInput, `${file}: not a readable .xlsx workbook (${messageOf(err)}).`);
}

/** A cell as CSV text: dates as `2026-01-02` or `2026-01-02 10:30:00`, formulas as their cached result. */
export function cellText(v: ExcelJS.CellValue, numFmt?: string, date1904 = false): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return '';
    return v
      .toISOString()
      .replace('T', ' ')
      .replace(/\.000Z$|Z$/, '')
      .replace(/ 00:00:00$/, '');
  }
  if (typeof v === 'object') {
    if ('formula' in v || 'sharedFormula' in v) {
      const result = (v as ExcelJS.CellFormulaValue).result;
      // The stream reader leaves a date-formatted formula's result as a serial number.
      if (typeof result === 'number' && isDateFormat(numFmt)) return cellText(excelToDate(result, date1904));
      return cellText(result as ExcelJS.CellValue, numFmt, date1904);
    }
    if ('richText' in v) return v.richText.map((t) => t.text ?? '').join('');
    if ('text' in v) return String(v.text);
    if ('error' in v) return '';
    return JSON.stringify(v);
  }
  return String(v);
}

/** exceljs's rule for date formats: y, m, d, h, s or b outside quotes and brackets. */
function isDateFormat(fmt: string | undefined): boolean {
  return !!fmt && /[ymdhMsb]+/.test(fmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

function excelToDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));
}
