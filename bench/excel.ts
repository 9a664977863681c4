/**
 * Excel loading: a generated sheet (1M cells by default) previewed and loaded through the browser-mode host, with
 * the host's peak memory and the worst answer time of a small call made while the sheet loads. "raw" is the
 * whole-workbook parse (exceljs `readFile`, then every row to CSV) in this process, as loads ran before the
 * worker. Run alone: `npx tsx bench/excel.ts [--cells N]` after `npx electron-vite build`; `npm run bench` runs it too.
 */
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import ExcelJS from 'exceljs';
import { csvField } from '../shared/page';
import { startHost } from './host-client';

export interface ExcelBenchRow {
  what: string;
  unit?: 'ms' | 'MB';
  api: number;
  raw?: number;
  target: string;
  ok: boolean;
}

const COLS = 10;

/** A sheet of `cells` cells (10 columns: ids, text through shared strings, numbers, dates), cached in `dir`. */
export async function ensureWorkbook(dir: string, cells: number): Promise<string> {
  const rows = Math.ceil(cells / COLS);
  const file = path.join(dir, `sheet-${rows}x${COLS}.xlsx`);
  if (existsSync(file)) return file;
  mkdirSync(dir, { recursive: true });
  const w = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: `${file}.partial`, useSharedStrings: true, useStyles: true });
  const s = w.addWorksheet('Data');
  s.addRow(['id', 'customer', 'country', 'day', 'amount', 'qty', 'channel', 'note', 'score', 'paid']).commit();
  for (let i = 0; i < rows - 1; i++) {
    const row = s.addRow([
      i,
      `C${String(i % 50_000).padStart(6, '0')}`,
      ['DE', 'FR', 'ES', 'IT', 'NL'][i % 5],
      new Date(Date.UTC(2025, 0, 1 + (i % 730))),
      Math.round((i % 10_000) * 1.37) / 100,
      i % 17,
      ['organic', 'paid', 'email', 'social'][i % 4],
      `note ${i % 1000}`,
      (i * 7919) % 1000,
      i % 3 === 0,
    ]);
    row.getCell(4).numFmt = 'yyyy-mm-dd';
    row.commit();
  }
  s.commit();
  await w.commit();
  renameSync(`${file}.partial`, file);
  return file;
}

/** The load as it ran before: the whole workbook parsed on the calling thread, then every row joined into one CSV. */
async function wholeWorkbookToCsv(file: string, target: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.worksheets[0]!;
  const lines: string[] = [];
  const width = ws.columnCount;
  ws.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    for (let c = 1; c <= width; c++) cells.push(csvField(row.getCell(c).text));
    lines.push(cells.join(','));
  });
  writeFileSync(target, lines.join('\n') + '\n');
}

export async function benchExcel(root: string, cells = 1_000_000): Promise<ExcelBenchRow[]> {
  const file = await ensureWorkbook(path.join(root, 'bench', 'data'), cells);
  const label = `${(cells / 1e6).toLocaleString('en-US')}M-cell sheet (${(Math.ceil(cells / COLS) - 1).toLocaleString('en-US')} rows × ${COLS})`;
  const ws = mkdtempSync(path.join(os.tmpdir(), 'wb-bench-excel-'));
  const host = await startHost(root, ws);
  const out: ExcelBenchRow[] = [];
  try {
    const base = host.memory().currentMb;
    let t = performance.now();
    const pv = await host.call('datasets.preview', { path: file });
    const preview = performance.now() - t;
    if (pv.page.rowCount !== 50) throw new Error(`the preview has ${pv.page.rowCount} rows`);
    out.push({ what: `Excel preview of a ${label}: sheet list and first 50 rows`, api: preview, target: '≤ 1500 ms', ok: preview <= 1500 });

    t = performance.now();
    const { jobId } = await host.call('datasets.open', { path: file, name: 'sheet' });
    const small: number[] = [];
    for (;;) {
      const s0 = performance.now();
      const s = await host.call('jobs.status', { id: jobId });
      await host.call('datasets.list', {});
      small.push(performance.now() - s0);
      if (s.state === 'done') break;
      if (s.state !== 'running') throw new Error(s.message);
      await new Promise((r) => setTimeout(r, 20));
    }
    const load = performance.now() - t;
    const mem = host.memory();
    const target = path.join(ws, 'raw.csv');
    const raw = await time(() => wholeWorkbookToCsv(file, target));
    out.push({
      what: `Excel load of the same sheet: read once in the Excel worker, CSV, Parquet import (raw: one whole-workbook parse to CSV; loads parsed twice before)`,
      api: load,
      raw,
      target: '≤ raw',
      ok: load <= raw,
    });
    const worst = Math.max(...small);
    out.push({
      what: `worst answer to a small call (job status + dataset list) while the sheet loads, of ${small.length}`,
      api: worst,
      target: '≤ 150 ms',
      ok: worst <= 150,
    });
    out.push({
      what: `host peak resident memory after the Excel load (${base.toFixed(0)} MB at start)`,
      unit: 'MB',
      api: mem.peakMb,
      target: '< 1024 MB',
      ok: mem.peakMb < 1024,
    });
  } finally {
    await host.stop();
    rmSync(ws, { recursive: true, force: true });
  }
  return out;
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(__filename)) {
  const { values } = parseArgs({ options: { cells: { type: 'string', default: '1000000' } } });
  benchExcel(path.resolve(__dirname, '..'), Number(values.cells)).then(
    (rows) => {
      for (const r of rows)
        console.log(
          `${r.ok ? 'ok  ' : 'MISS'} ${r.what}: ${r.api.toFixed(1)} ${r.unit ?? 'ms'}${r.raw ? ` (raw ${r.raw.toFixed(1)})` : ''} [${r.target}]`,
        );
    },
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
