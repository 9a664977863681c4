import { promises as fs } from 'node:fs';
import ExcelJS from 'exceljs';
import { ErrorCode, messageOf, WorkbenchError } from '../../../shared/api/result';
import { csvField } from '../../../shared/page';

export async function readWorkbook(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.readFile(file);
  } catch (err) {
    throw new WorkbenchError(ErrorCode.BadInput, `${file}: not a readable .xlsx workbook (${messageOf(err)}).`);
  }
  return wb;
}

export function sheetNames(wb: ExcelJS.Workbook): string[] {
  return wb.worksheets.map((w) => w.name);
}

/** Writes one sheet as CSV so DuckDB can sniff its types like any other CSV. */
export async function sheetToCsv(wb: ExcelJS.Workbook, file: string, sheet: string | undefined, target: string): Promise<string> {
  const ws = sheet ? wb.getWorksheet(sheet) : wb.worksheets[0];
  if (!ws) throw new WorkbenchError(ErrorCode.BadInput, `${file}: there is no sheet named "${sheet}".`, { field: 'sheet' });
  const lines: string[] = [];
  const width = ws.columnCount;
  ws.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    for (let c = 1; c <= width; c++) cells.push(csvField(cellText(row.getCell(c).value)));
    lines.push(cells.join(','));
  });
  if (!lines.length) throw new WorkbenchError(ErrorCode.BadInput, `${file}: sheet "${ws.name}" is empty.`);
  await fs.writeFile(target, lines.join('\n') + '\n', 'utf8');
  return ws.name;
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date)
    return v
      .toISOString()
      .replace('T', ' ')
      .replace(/\.000Z$|Z$/, '')
      .replace(/ 00:00:00$/, '');
  if (typeof v === 'object') {
    if ('result' in v) return cellText((v as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('text' in v) return String(v.text);
    if ('error' in v) return '';
    return JSON.stringify(v);
  }
  return String(v);
}
