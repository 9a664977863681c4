import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_DIR, tempDir, WORKER_SOURCE } from '../test-support';
import { createWorkbench, type Workbench } from '../workbench';
import { EXCEL_CELL_LIMIT } from './excel';
import { writeSheetCsv } from './excel-csv';

let tmp: ReturnType<typeof tempDir>;
let wb: Workbench;
const LIMIT = 2_000;
/** Big enough that reading it takes a while (about a second here), small enough for a unit test. */
const BIG_ROWS = 60_000;
const BIG_COLS = 6;
let big: string;

const filesIn = (dir: string) => {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
};
const rows = async (relation: string) => (await wb.queries.run(`SELECT * FROM ${relation} ORDER BY 1`)).page;

/** Written with exceljs's streaming writer: shared strings, numbers and dates, as Excel stores them. */
async function writeBig(file: string): Promise<void> {
  const w = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: true });
  const s = w.addWorksheet('Data');
  s.addRow(['id', 'city', 'amount', 'day', 'note', 'flag']).commit();
  for (let i = 1; i <= BIG_ROWS; i++) {
    const row = s.addRow([i, `München ${i} – Zürich`, i * 0.5, new Date(Date.UTC(2026, 0, 1 + (i % 365))), `note ${i}`, i % 2 === 0]);
    row.getCell(4).numFmt = 'yyyy-mm-dd';
    row.commit();
  }
  s.commit();
  await w.commit();
}

beforeAll(async () => {
  tmp = tempDir();
  mkdirSync(path.join(tmp.dir, 'files'));
  wb = await createWorkbench({
    workspaceDir: path.join(tmp.dir, 'ws'),
    workerFile: WORKER_SOURCE,
    sampleDataDir: SAMPLE_DIR,
    threads: 2,
    excelCellLimit: 2 * BIG_ROWS * BIG_COLS,
  });
  big = path.join(tmp.dir, 'files', 'big.xlsx');
  await writeBig(big);
}, 120_000);
afterAll(async () => {
  await wb.close();
  tmp.cleanup();
});

const cacheDir = () => path.join(tmp.dir, 'ws', 'cache');
const importDir = () => path.join(tmp.dir, 'ws', 'imports');

describe('Excel cell types', () => {
  it('converts dates, numbers, formula results, rich text, empty cells, booleans and shared strings', async () => {
    const xl = new ExcelJS.Workbook();
    const s = xl.addWorksheet('Types');
    s.addRow(['label', 'day', 'at', 'amount', 'doubled', 'due', 'text', 'gap', 'ok']);
    s.addRow([
      'first',
      new Date(Date.UTC(2026, 1, 3)),
      new Date(Date.UTC(2026, 1, 3, 10, 30, 15)),
      12.5,
      { formula: 'D2*2', result: 25 },
      { formula: 'B2+1', result: new Date(Date.UTC(2026, 1, 4)) },
      { richText: [{ text: 'bold ', font: { bold: true } }, { text: 'and plain' }] },
      null,
      true,
    ]);
    s.addRow([
      'second, with comma',
      new Date(Date.UTC(2026, 1, 5)),
      null,
      -3,
      { formula: 'D3*2', result: -6 },
      null,
      'quote "q"',
      null,
      false,
    ]);
    s.getColumn(2).numFmt = 'yyyy-mm-dd';
    s.getColumn(3).numFmt = 'yyyy-mm-dd hh:mm:ss';
    s.getColumn(6).numFmt = 'yyyy-mm-dd';
    const p = path.join(tmp.dir, 'files', 'types.xlsx');
    await xl.xlsx.writeFile(p);
    const d = await wb.datasets.openAndWait({ path: p });
    expect(Object.fromEntries(d.columns.map((c) => [c.name, c.type]))).toEqual({
      label: 'VARCHAR',
      day: 'DATE',
      at: 'TIMESTAMP',
      amount: 'DOUBLE',
      doubled: 'BIGINT',
      due: 'DATE',
      text: 'VARCHAR',
      gap: 'VARCHAR',
      ok: 'BOOLEAN',
    });
    expect((await rows(d.relation)).data).toEqual([
      ['first', 'second, with comma'],
      ['2026-02-03', '2026-02-05'],
      ['2026-02-03 10:30:15', null],
      [12.5, -3],
      [25, -6],
      ['2026-02-04', null],
      ['bold and plain', 'quote "q"'],
      [null, null],
      [true, false],
    ]);
  });

  it('keeps non-ASCII shared strings whole across the reader’s chunks, and rows in order', async () => {
    const d = await wb.datasets.openAndWait({ path: big, name: 'big_once' });
    expect(d.rowCount).toBe(BIG_ROWS);
    const bad = await wb.queries.run(
      `SELECT count(*) FROM ${d.relation} WHERE city <> 'München ' || id || ' – Zürich' OR note <> 'note ' || id OR amount <> id * 0.5`,
    );
    expect(bad.page.data[0]![0]).toBe(0);
    const day = await wb.queries.run(`SELECT any_value(typeof(day)), min(day)::VARCHAR, count(DISTINCT day) FROM ${d.relation}`);
    expect(day.page.data.map((c) => c[0])).toEqual(['DATE', '2026-01-01', 365]);
    await wb.datasets.remove(d.id);
  }, 120_000);
});

describe('Excel loads off the host thread', () => {
  it('keeps the event loop free while a sheet is read, and reports progress as it reads', async () => {
    let ticks = 0;
    let last = performance.now();
    let longest = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
      ticks++;
    }, 10);
    const seen: string[] = [];
    const before = performance.eventLoopUtilization();
    const { jobId } = wb.datasets.open({ path: big, name: 'big_free' });
    const poll = setInterval(() => {
      const st = wb.jobs.status(jobId);
      if (st.state === 'running') seen.push(`${st.progress ?? 'null'} ${st.message}`);
    }, 25);
    const status = await wb.jobs.wait(jobId);
    const busy = performance.eventLoopUtilization(before);
    clearInterval(timer);
    clearInterval(poll);
    expect(status.state).toBe('done');
    // The host thread mostly waits while the worker parses (parsing here keeps it busy nearly all the time).
    expect(busy.utilization).toBeLessThan(0.5);
    expect(ticks).toBeGreaterThan(0);
    // No multi-second stall (the bound is loose: a loaded machine alone can pause this thread briefly).
    expect(longest).toBeLessThan(3000);
    const reading = seen.filter((s) => /^0\.\d+ Reading big\.xlsx… \d+% \([\d,]+ rows\)$/.test(s));
    expect(reading.length).toBeGreaterThan(1);
    const fractions = reading.map((s) => Number(s.split(' ')[0]));
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(fractions.some((f) => f > 0 && f < 0.9)).toBe(true);
    await wb.datasets.remove(status.datasetId!);
  }, 120_000);

  it('stops a conversion cancelled before the sheet is reached (while shared strings inflate), leaving no file', async () => {
    const target = path.join(tmp.dir, 'early-cancel.csv');
    let progressed = 0;
    const converting = writeSheetCsv(
      { file: big, target, cellLimit: LIMIT },
      { isCancelled: () => true, onProgress: () => void progressed++ },
    );
    await expect(converting).rejects.toMatchObject({ code: 'CANCELLED' });
    // Progress comes from the sheet's bytes: the sheet was never opened.
    expect(progressed).toBe(0);
    expect(filesIn(tmp.dir).filter((f) => f.startsWith('early-cancel'))).toEqual([]);
  });

  it('cancels while reading: the job stops, the reader stops, and no file is left', async () => {
    const datasets = wb.datasets.list().length;
    const { jobId } = wb.datasets.open({ path: big, name: 'big_cancel' });
    // Cancel once reading has begun.
    for (let i = 0; i < 2000 && !/^Reading/.test(wb.jobs.status(jobId).message); i++) await new Promise((r) => setTimeout(r, 10));
    expect(wb.jobs.status(jobId).message).toMatch(/^Reading big\.xlsx/);
    const status = await wb.jobs.cancel(jobId);
    expect(status.state).toBe('cancelled');
    // Stopped part-way through the sheet, not after reading it all.
    expect(status.progress ?? 0).toBeLessThan(0.9);
    expect(filesIn(cacheDir())).toEqual([]);
    expect(filesIn(importDir()).filter((f) => f.startsWith('big_cancel'))).toEqual([]);
    expect(wb.datasets.list()).toHaveLength(datasets);
    expect((await wb.queries.run(`SELECT count(*) FROM information_schema.tables WHERE table_name = 'big_cancel'`)).page.data[0]![0]).toBe(
      0,
    );
  }, 120_000);
});

describe('Excel limits and previews', () => {
  it('refuses a sheet over the cell limit, naming the file, the sheet and the limit', async () => {
    const xl = new ExcelJS.Workbook();
    xl.addWorksheet('Notes').addRow(['small']);
    const s = xl.addWorksheet('Wide');
    const cols = 10;
    for (let r = 0; r < (2 * LIMIT) / cols; r++) s.addRow(Array.from({ length: cols }, (_, c) => r * cols + c));
    const p = path.join(tmp.dir, 'files', 'wide.xlsx');
    await xl.xlsx.writeFile(p);
    const limited = await createWorkbench({
      workspaceDir: path.join(tmp.dir, 'ws-limit'),
      workerFile: WORKER_SOURCE,
      sampleDataDir: SAMPLE_DIR,
      excelCellLimit: LIMIT,
    });
    try {
      // The preview reads only the first rows, which are under the limit.
      const pv = await limited.datasets.preview(p, { sheet: 'Wide' });
      expect(pv.sheets).toEqual(['Notes', 'Wide']);
      expect(pv.page.rowCount).toBe(50);
      const result = await limited.invoke('datasets.open', { path: p, options: { sheet: 'Wide' } });
      const jobId = (result as { ok: true; value: { jobId: string } }).value.jobId;
      const status = await limited.jobs.wait(jobId);
      expect(status.state).toBe('failed');
      expect(status.error?.code).toBe('TOO_LARGE');
      expect(status.message).toBe(
        `${p}: sheet "Wide" has more than 2,000 cells, the most the workbench reads from one Excel sheet. ` +
          'Save the sheet as CSV (or split it) and load that.',
      );
      expect(filesIn(path.join(tmp.dir, 'ws-limit', 'cache'))).toEqual([]);
      expect(limited.datasets.list().filter((d) => d.format === 'xlsx')).toEqual([]);
    } finally {
      await limited.close();
    }
  }, 60_000);

  it('states the default cell limit in README', () => {
    const readme = readFileSync(path.resolve(SAMPLE_DIR, '..', 'README.md'), 'utf8');
    expect(readme).toContain(`${EXCEL_CELL_LIMIT.toLocaleString('en-US')} cells`);
  });

  it('previews a large sheet from its first rows and lists its sheets', async () => {
    const pv = await wb.datasets.preview(big);
    expect(pv.sheets).toEqual(['Data']);
    expect(pv.page.rowCount).toBe(50);
    expect(pv.columns.map((c) => c.name)).toEqual(['id', 'city', 'amount', 'day', 'note', 'flag']);
    expect(filesIn(cacheDir())).toEqual([]);
  }, 60_000);

  it('names a file that is not a workbook and a sheet that does not exist', async () => {
    const notBook = path.join(tmp.dir, 'files', 'fake.xlsx');
    await import('node:fs/promises').then((fs) => fs.writeFile(notBook, Buffer.from('PK\u0003\u0004 not really a zip')));
    await expect(wb.datasets.preview(notBook)).rejects.toThrow(`${notBook}: not a readable .xlsx workbook`);
    await expect(wb.datasets.preview(big, { sheet: 'Missing' })).rejects.toThrow(
      `${big}: there is no sheet named "Missing" (it has Data).`,
    );
  }, 60_000);
});
