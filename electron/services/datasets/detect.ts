import { createHash } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { ErrorCode, WorkbenchError } from '../../../shared/api/result';
import type { DatasetFormat } from '../../../shared/types';

const EXT_FORMAT: Record<string, DatasetFormat> = {
  '.csv': 'csv',
  '.tsv': 'csv',
  '.txt': 'csv',
  '.parquet': 'parquet',
  '.pq': 'parquet',
  '.json': 'json',
  '.ndjson': 'json',
  '.jsonl': 'json',
  '.xlsx': 'xlsx',
};

/** Compression DuckDB undoes by itself: `orders.csv.gz` is read as CSV. */
const COMPRESSED = new Set(['.gz', '.zst']);

/** Files people pick by mistake, with what they are and where they belong. */
const NOT_DATA: Record<string, string> = {
  '.onnx':
    'this is an ONNX model, not a data file. Models are not opened as datasets: inspect one with `workbench inspect --model <file>` and score a table with `workbench score --model <file> --data <table>`.',
  '.xls': 'this is an old Excel .xls workbook, which cannot be read; save it as .xlsx or CSV.',
};

/** The extensions read as data, for messages. */
export const SUPPORTED_EXTENSIONS = `${Object.keys(EXT_FORMAT).join(', ')} (optionally compressed as .gz or .zst), or a folder of them`;

/** The data extension of a file name, looking through a compression suffix. */
function dataExtension(file: string): string {
  const ext = path.extname(file).toLowerCase();
  return COMPRESSED.has(ext) ? path.extname(file.slice(0, -ext.length)).toLowerCase() : ext;
}

/** True when the file's extension names a format; other files are sniffed. */
export function hasKnownExtension(file: string): boolean {
  return EXT_FORMAT[dataExtension(file)] !== undefined;
}

export interface ResolvedSource {
  /** What DuckDB reads: a file, or a glob over a folder of exports. */
  location: string;
  format: DatasetFormat;
  files: string[];
  isFolder: boolean;
  suggestedName: string;
}

const bad = (file: string, problem: string) => new WorkbenchError(ErrorCode.BadInput, `${file}: ${problem}`);

export function isGlob(p: string): boolean {
  return /[*?[]/.test(p);
}

/** A path DuckDB reads as that one file: each glob character in brackets (`report [final].csv` → `report [[]final].csv`). */
export function literalPath(p: string): string {
  return p.replace(/[*?[]/g, '[$&]');
}

/**
 * What DuckDB is given for a location: a pattern as typed, any other path literally. A path that names an existing
 * file or folder is never a pattern, so `report [final].csv` is that file, not `report f.csv`.
 */
export function duckdbPath(location: string): string {
  return isGlob(location) && !existsSync(location) ? location : literalPath(location);
}

/** Finds out what a path holds and how DuckDB should read it, failing with a message naming the file. */
export async function resolveSource(input: string, forced?: DatasetFormat): Promise<ResolvedSource> {
  const abs = path.resolve(input);
  // Only a path that names nothing is a pattern: a file called `report [final].csv` is read as itself.
  if (isGlob(abs) && !existsSync(abs)) {
    const format = forced ?? EXT_FORMAT[path.extname(abs).toLowerCase()];
    if (!format) throw bad(abs, 'cannot tell the format from this pattern; choose one in the options.');
    const files = await listFiles(globRoot(abs), (f) => matchesGlob(abs, f));
    if (!files.length) throw bad(abs, 'no file matches this pattern.');
    return { location: abs, format, files, isFolder: true, suggestedName: path.basename(globRoot(abs)) };
  }
  let stat;
  try {
    stat = await fs.stat(abs);
  } catch {
    throw new WorkbenchError(ErrorCode.NotFound, `${abs}: no such file or folder.`);
  }
  if (stat.isDirectory()) {
    const files = await listFiles(abs, (f) => EXT_FORMAT[path.extname(f).toLowerCase()] !== undefined);
    const byFormat = new Map<DatasetFormat, string[]>();
    for (const f of files) {
      const fmt = EXT_FORMAT[path.extname(f).toLowerCase()]!;
      byFormat.set(fmt, [...(byFormat.get(fmt) ?? []), f]);
    }
    const format = forced ?? (['parquet', 'json', 'csv'] as const).find((f) => byFormat.has(f));
    if (!format || format === 'xlsx') throw bad(abs, 'this folder holds no Parquet, JSON or CSV files.');
    const ext = format === 'parquet' ? '*.parquet' : format === 'json' ? '*.*json*' : '*.csv';
    const matching = byFormat.get(format) ?? [];
    if (!matching.length) throw bad(abs, `this folder holds no ${format} files.`);
    // The folder's own name is literal (`exports [2024]/`); only the part the app adds is a pattern.
    return { location: path.join(literalPath(abs), '**', ext), format, files: matching, isFolder: true, suggestedName: path.basename(abs) };
  }
  if (stat.size === 0) throw bad(abs, 'the file is empty.');
  const notData = NOT_DATA[dataExtension(abs)];
  if (notData && !forced) throw bad(abs, notData);
  const format = forced ?? EXT_FORMAT[dataExtension(abs)] ?? (await sniffFormat(abs));
  if (format === 'parquet') await checkParquet(abs, stat.size);
  return { location: abs, format, files: [abs], isFolder: false, suggestedName: path.parse(abs).name };
}

async function readBytes(file: string, position: number, length: number): Promise<Buffer> {
  const fh = await fs.open(file, 'r');
  try {
    const buf = Buffer.alloc(length);
    const { bytesRead } = await fh.read(buf, 0, length, position);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

async function checkParquet(file: string, size: number): Promise<void> {
  const head = await readBytes(file, 0, 4);
  if (head.toString('latin1') !== 'PAR1') throw bad(file, 'this is not a Parquet file (it does not start with the PAR1 marker).');
  const tail = await readBytes(file, Math.max(0, size - 4), 4);
  if (size < 12 || tail.toString('latin1') !== 'PAR1') throw bad(file, 'the Parquet file is truncated or damaged (its footer is missing).');
}

async function sniffFormat(file: string): Promise<DatasetFormat> {
  const head = await readBytes(file, 0, 512);
  if (head.subarray(0, 4).toString('latin1') === 'PAR1') return 'parquet';
  if (head[0] === 0x50 && head[1] === 0x4b) return 'xlsx';
  const text = head
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (text.startsWith('{') || text.startsWith('[')) return 'json';
  if (looksBinary(head)) throw bad(file, `this is not a data file the workbench reads. Supported: ${SUPPORTED_EXTENSIONS}.`);
  return 'csv';
}

/** NUL bytes or many control characters: not text, so not CSV (UTF-16 text starts with its byte-order mark). */
function looksBinary(head: Buffer): boolean {
  if (head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))) return false;
  let control = 0;
  for (const b of head) {
    if (b === 0) return true;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) control++;
  }
  return control > head.length / 10;
}

async function listFiles(root: string, keep: (file: string) => boolean): Promise<string[]> {
  const out: string[] = [];
  async function walk(dir: string): Promise<void> {
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.name.startsWith('.') || e.name.startsWith('_')) continue; // _SUCCESS, .crc and friends
      const full = path.join(dir, e.name);
      if (e.isDirectory()) await walk(full);
      else if (e.isFile() && keep(full)) out.push(full);
    }
  }
  await walk(root);
  return out.sort();
}

/** The folder a glob starts from: `/data/x/**\/*.parquet` → `/data/x`. */
export function globRoot(glob: string): string {
  const parts = glob.split(path.sep);
  const idx = parts.findIndex((p) => isGlob(p));
  return parts.slice(0, idx).join(path.sep) || path.sep;
}

export function matchesGlob(glob: string, file: string): boolean {
  const re = glob
    .split('**/')
    .map((seg) =>
      seg
        .replace(/[.+^${}()|\\]/g, '\\$&')
        .replace(/\*/g, '[^/]*')
        .replace(/\?/g, '[^/]'),
    )
    .join('(?:.*/)?');
  return new RegExp(`^${re}$`).test(file);
}

/** Cheap and stable: sizes, times and the first and last 64 KiB of each file, not a full read of big files. */
export async function fingerprint(files: string[]): Promise<string> {
  const h = createHash('sha256');
  for (const f of files.slice(0, 10_000)) {
    const st = await fs.stat(f);
    h.update(`${f}\0${st.size}\0${st.mtimeMs}\0`);
    if (files.length <= 16) {
      h.update(await readBytes(f, 0, 65536));
      if (st.size > 65536) h.update(await readBytes(f, Math.max(65536, st.size - 65536), 65536));
    }
  }
  return `sha256:${h.digest('hex').slice(0, 32)}`;
}
