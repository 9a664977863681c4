import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ErrorCode, messageOf, WorkbenchError } from '../../../shared/api/result';
import { quoteIdent, quoteString, toRelationName } from '../../../shared/sql';
import type { ColumnInfo, CsvOptions, Dataset, DatasetFormat, LoadMode, LoadOptions, Preview } from '../../../shared/types';
import type { Engine } from '../engine/engine';
import type { JobContext, Jobs } from '../jobs';
import type { Store } from '../store/store';
import { Catalog } from './catalog';
import { detectNumberFormat } from './csv-numbers';
import { duckdbPath, fingerprint, hasKnownExtension, resolveSource, SUPPORTED_EXTENSIONS, type ResolvedSource } from './detect';
import { convertSheet, EXCEL_CELL_LIMIT } from './excel';
import { checkSharedSchema } from './folder-schema';
import { explainDiskFull, isDiskFull } from '../disk-full';
import { recoverWorkspace } from './recovery';
import { csvArgs, sourceSql, viewQuery } from './source-sql';

export interface OpenRequest {
  path: string;
  name?: string;
  mode?: LoadMode;
  options?: LoadOptions;
}

export interface DatasetsDeps {
  engine: Engine;
  store: Store;
  jobs: Jobs;
  /** Where converted Excel sheets are written. */
  cacheDir: string;
  /** The worker thread that converts Excel sheets (excel-worker, built .js or .ts source). */
  excelWorkerFile: string;
  /** The most cells one Excel sheet may have; default EXCEL_CELL_LIMIT. */
  excelCellLimit?: number;
  /** Where imports are written, as Parquet files. */
  importDir: string;
}

const PREVIEW_ROWS = 50;
/** Rows sampled to recognise decimal commas and thousands separators. */
const NUMBER_SAMPLE_ROWS = 1000;

/** Share of an Excel load's progress bar given to reading the sheet; writing the Parquet copy takes the rest. */
const EXCEL_READ_SHARE = 0.9;

/** How DuckDB will read a source, with the options in effect (given or detected). */
interface PreparedRead {
  read: string;
  options: LoadOptions;
  sheets?: string[];
  scratch?: string;
  detected?: Preview['detected'];
}

/** Registers files in DuckDB (a view over the file, or an imported table) and keeps the catalog in SQLite. */
export class DatasetsService {
  private readonly catalog: Catalog;

  constructor(private readonly deps: DatasetsDeps) {
    this.catalog = new Catalog(deps.store);
  }

  list(): Dataset[] {
    return this.catalog.list();
  }

  get(id: string): Dataset {
    const d = this.catalog.get(id);
    if (!d) throw new WorkbenchError(ErrorCode.NotFound, `No dataset with id ${id}; it may have been removed.`);
    return d;
  }

  async preview(file: string, options: LoadOptions = {}): Promise<Preview> {
    const src = await resolveSource(file, options.format);
    // An Excel preview reads only the sheet's first rows; the load converts the sheet once, in full.
    const first = await this.readSql(src, options, { maxRows: PREVIEW_ROWS });
    try {
      const { value: page, used } = await this.withSerialRetry(src, first, (p) =>
        this.describeFailure(src, () => this.deps.engine.query(`SELECT * FROM ${p.read} LIMIT ${PREVIEW_ROWS}`)),
      );
      return {
        path: src.location,
        format: src.format,
        options: used.options,
        columns: page.columns,
        page: { columns: page.columns, data: page.data, rowCount: page.rowCount },
        sheets: used.sheets,
        suggestedName: this.uniqueName(src.suggestedName),
        ...(used.detected ? { detected: used.detected } : {}),
      };
    } finally {
      if (first.scratch) await fs.rm(first.scratch, { force: true });
    }
  }

  /** Starts loading; views register at once, imports report progress and can be cancelled. */
  open(req: OpenRequest): { jobId: string } {
    const queryId = `load-${randomUUID()}`;
    const job = this.deps.jobs.start(
      'dataset.load',
      `Loading ${path.basename(req.path)}…`,
      async (ctx) => {
        const d = await this.load(req, queryId, ctx);
        return { datasetId: d.id, message: `Loaded ${d.name}: ${d.rowCount.toLocaleString('en-US')} rows.` };
      },
      async () => {
        await this.deps.engine.interrupt(queryId);
      },
    );
    return { jobId: job.id };
  }

  /** Loads and waits (command line, tests, sample data). */
  async openAndWait(req: OpenRequest): Promise<Dataset> {
    const { jobId } = this.open(req);
    const status = await this.deps.jobs.wait(jobId);
    if (status.state !== 'done' || !status.datasetId) {
      throw new WorkbenchError(status.state === 'cancelled' ? ErrorCode.Cancelled : ErrorCode.BadInput, status.message);
    }
    return this.get(status.datasetId);
  }

  private async load(req: OpenRequest, queryId: string, ctx: JobContext): Promise<Dataset> {
    const base = path.basename(req.path);
    // Cancel may arrive between statements, when there is no running query to interrupt.
    const checkpoint = () => {
      if (ctx.cancelled) throw new WorkbenchError(ErrorCode.Cancelled, 'The load was cancelled.');
    };
    const options = req.options ?? {};
    const src = await resolveSource(req.path, options.format);
    // An Excel load first reads its sheet (most of the time), then copies it: one bar for both.
    const share = src.format === 'xlsx' ? EXCEL_READ_SHARE : 0;
    const onProgress = (f: number) => ctx.progress(share + (1 - share) * f, `Importing ${base}… ${Math.round(f * 100)}%`);
    const name = req.name?.trim() || this.uniqueName(src.suggestedName);
    if (this.catalog.nameTaken(name))
      throw new WorkbenchError(ErrorCode.InvalidArgument, `A dataset named "${name}" is already loaded.`, { field: 'name' });
    const mode: LoadMode = src.format === 'xlsx' ? 'import' : (req.mode ?? 'view');
    const relation = await this.uniqueRelation(name);
    const first = await this.readSql(src, options, {
      ctx,
      onProgress: (f, rows) =>
        ctx.progress(f * EXCEL_READ_SHARE, `Reading ${base}… ${Math.round(f * 100)}% (${rows.toLocaleString('en-US')} rows)`),
    });
    const rel = quoteIdent(relation);
    const engine = this.deps.engine;
    // Imports are copied into the workspace as one zstd Parquet file: half the time of DuckDB's own
    // table storage here, a small workspace.duckdb, and row positions for stable grid order.
    const importFile = mode === 'import' ? path.join(this.deps.importDir, `${relation}-${randomUUID().slice(0, 8)}.parquet`) : null;
    const partial = importFile ? `${importFile}.partial` : null;
    // The intent comes first: a pending row names the view and the import file, so a crash at any later moment
    // is rolled back at the next start (recovery.ts).
    const id = randomUUID();
    try {
      this.catalog.reserve(
        {
          id,
          name,
          sourcePath: src.location,
          format: src.format,
          mode,
          options: first.options,
          relation,
          dataPath: importFile ?? src.location,
        },
        new Date().toISOString(),
      );
    } catch (err) {
      throw explainDiskFull(err, this.workspaceDir);
    }
    // Never leave a half-registered dataset: no view, no import file, no catalog entry.
    const cleanUp = async () => {
      await engine.exec(`DROP VIEW IF EXISTS ${rel}`).catch(() => undefined);
      for (const f of [partial, importFile]) if (f) await fs.rm(f, { force: true });
    };
    const register = async ({ read }: PreparedRead) => {
      try {
        checkpoint();
        if (importFile && partial) {
          await fs.mkdir(this.deps.importDir, { recursive: true });
          await this.describeFailure(
            src,
            () =>
              engine.exec(`COPY (SELECT * FROM ${read}) TO ${quoteString(partial)} (FORMAT parquet, COMPRESSION zstd)`, {
                queryId,
                onProgress,
              }),
            this.deps.importDir,
          );
          checkpoint();
          await fs.rename(partial, importFile);
          await engine.exec(`CREATE VIEW ${rel} AS SELECT * FROM ${sourceSql(importFile, 'parquet')}`);
        } else {
          await this.describeFailure(src, () => engine.exec(`CREATE VIEW ${rel} AS SELECT * FROM ${read}`));
        }
        checkpoint();
        const head = await this.describeFailure(src, () => engine.query(`SELECT * FROM ${rel} LIMIT 0`));
        const count = await this.describeFailure(src, () => engine.query(`SELECT count(*) AS n FROM ${rel}`, { queryId }));
        return { columns: head.columns, rowCount: Number(count.data[0]?.[0] ?? 0) };
      } catch (err) {
        await cleanUp();
        throw err;
      }
    };
    try {
      const { value, used } = await this.withSerialRetry(src, first, register);
      const dataset: Dataset = {
        id,
        name,
        sourcePath: src.location,
        format: src.format,
        mode,
        options: used.options,
        columns: value.columns,
        rowCount: value.rowCount,
        fingerprint: await fingerprint(src.files),
        loadedAt: new Date().toISOString(),
        relation,
        dataPath: importFile ?? src.location,
      };
      checkpoint();
      this.catalog.complete(dataset);
      return dataset;
    } catch (err) {
      await cleanUp();
      try {
        this.catalog.discard(id);
      } catch {
        // The pending row stays (a full disk, say); the next start rolls it back.
      }
      throw explainDiskFull(err, this.workspaceDir);
    } finally {
      if (first.scratch) await fs.rm(first.scratch, { force: true });
    }
  }

  async remove(id: string): Promise<boolean> {
    const d = this.catalog.get(id);
    if (!d) return false;
    await this.deps.engine.exec(`DROP VIEW IF EXISTS ${quoteIdent(d.relation)}`);
    const removed = this.catalog.remove(id);
    if (d.mode === 'import' && d.dataPath.startsWith(this.deps.importDir)) await fs.rm(d.dataPath, { force: true });
    return removed;
  }

  /**
   * Repairs what a crash or a move left behind (see recovery.ts) and says what it did, one line per repair.
   * Runs once, when the workspace opens, before any call.
   */
  recover(): Promise<string[]> {
    return recoverWorkspace({
      engine: this.deps.engine,
      catalog: this.catalog,
      importDir: this.deps.importDir,
      cacheDir: this.deps.cacheDir,
    });
  }

  /** Recreates views missing from the DuckDB file (after the engine restarted, or the file was deleted). */
  async reconcile(): Promise<string[]> {
    const existing = await this.deps.engine.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'`);
    const names = new Set(existing.data[0] ?? []);
    const problems: string[] = [];
    for (const d of this.list()) {
      if (names.has(d.relation) || d.missing) continue;
      try {
        await this.deps.engine.exec(`CREATE OR REPLACE VIEW ${quoteIdent(d.relation)} AS ${viewQuery(d)}`);
      } catch (err) {
        problems.push(`${d.name}: ${messageOf(err)}`);
      }
    }
    return problems;
  }

  private async readSql(src: ResolvedSource, options: LoadOptions, excel: ExcelRead = {}): Promise<PreparedRead> {
    if (src.format === 'xlsx') {
      await fs.mkdir(this.deps.cacheDir, { recursive: true });
      const target = path.join(this.deps.cacheDir, `${randomUUID()}.csv`);
      const abort = new AbortController();
      excel.ctx?.onCancel(() => abort.abort());
      if (excel.ctx?.cancelled) abort.abort();
      const converted = await convertSheet(
        this.deps.excelWorkerFile,
        {
          file: src.location,
          sheet: options.sheet,
          target,
          maxRows: excel.maxRows,
          cellLimit: this.deps.excelCellLimit ?? EXCEL_CELL_LIMIT,
        },
        { onProgress: excel.onProgress, signal: abort.signal },
      ).catch((err: unknown) => {
        // The converted sheet is written to the workspace's cache: a full disk is named, not blamed on the workbook.
        throw isDiskFull(err) ? explainDiskFull(err, this.deps.cacheDir) : err;
      });
      return {
        read: sourceSql(target, 'xlsx'),
        options: { format: 'xlsx', sheet: converted.sheet },
        sheets: converted.sheets,
        scratch: target,
      };
    }
    if (src.format === 'parquet') {
      if (!options.unionByName) await checkSharedSchema(this.deps.engine, src);
      return {
        read: sourceSql(src.location, src.format),
        options: { format: src.format, ...(options.unionByName ? { unionByName: true } : {}) },
      };
    }
    if (src.format !== 'csv') return { read: sourceSql(src.location, src.format), options: { format: src.format } };
    let csv: CsvOptions = { ...options.csv };
    if (!csv.delimiter && src.location.toLowerCase().endsWith('.tsv')) csv.delimiter = '\t';
    if (!csv.encoding) csv = await this.detectEncoding(src, csv);
    const numbers = await this.detectNumbers(src, csv);
    return { read: sourceSql(src.location, 'csv', numbers.csv), options: { format: 'csv', csv: numbers.csv }, detected: numbers.detected };
  }

  /**
   * Runs a CSV query; DuckDB's parallel scanner cannot pad short rows in a file with newlines inside
   * quoted values, so such a file is read again serially and its options say so.
   */
  private async probeCsv(src: ResolvedSource, csv: CsvOptions, sql: (csv: CsvOptions) => string) {
    try {
      return { page: await this.deps.engine.query(sql(csv)), csv };
    } catch (err) {
      if (csv.quotedNewlines || !needsSerialScan(err)) throw err;
      const serial = { ...csv, quotedNewlines: true };
      return { page: await this.deps.engine.query(sql(serial)), csv: serial };
    }
  }

  /** Runs a read; a CSV whose quoted newlines stop the parallel scanner deep in the file is read again serially. */
  private async withSerialRetry<T>(
    src: ResolvedSource,
    first: PreparedRead,
    run: (p: PreparedRead) => Promise<T>,
  ): Promise<{ value: T; used: PreparedRead }> {
    try {
      return { value: await run(first), used: first };
    } catch (err) {
      const csv = first.options.csv;
      if (src.format !== 'csv' || !csv || csv.quotedNewlines || !needsSerialScan(err)) throw err;
      const serialCsv = { ...csv, quotedNewlines: true };
      const serial = { ...first, read: sourceSql(src.location, 'csv', serialCsv), options: { ...first.options, csv: serialCsv } };
      return { value: await run(serial), used: serial };
    }
  }

  /** DuckDB refuses non-UTF-8 text; such files are read as Latin-1 (the usual export encoding) instead. */
  private async detectEncoding(src: ResolvedSource, csv: CsvOptions): Promise<CsvOptions> {
    const probe = (c: CsvOptions) => `SELECT * FROM ${sourceSql(src.location, 'csv', c)} LIMIT 1`;
    try {
      return (await this.probeCsv(src, { ...csv, encoding: 'utf-8' }, probe)).csv;
    } catch (err) {
      const latin = err instanceof Error && /not utf-8 encoded|invalid unicode/i.test(err.message);
      return { ...csv, encoding: latin ? 'latin-1' : 'utf-8' };
    }
  }

  /**
   * Semicolon-delimited exports with comma-decimal numbers (`1.234,56`) get decimal commas, and dots as
   * thousands separators when the values group by them; options the caller gave are kept as given.
   */
  private async detectNumbers(src: ResolvedSource, csv: CsvOptions): Promise<{ csv: CsvOptions; detected?: Preview['detected'] }> {
    const wantComma = csv.decimalComma === undefined;
    const wantThousands = csv.thousandsSeparator === undefined && csv.decimalComma !== false;
    if (!wantComma && !wantThousands) return { csv };
    const loc = quoteString(duckdbPath(src.location));
    const plain: CsvOptions = { ...csv, decimalComma: undefined, thousandsSeparator: undefined };
    try {
      let delimiter = csv.delimiter;
      if (!delimiter) {
        const sniffed = await this.probeCsv(src, plain, (c) => `SELECT Delimiter FROM sniff_csv(${[loc, ...csvArgs(c)].join(', ')})`);
        delimiter = String(sniffed.page.data[0]?.[0] ?? '');
      }
      const commaPossible = wantComma && delimiter === ';';
      if (!commaPossible && !csv.decimalComma) return { csv };
      const sample = await this.probeCsv(
        src,
        plain,
        (c) => `SELECT * FROM read_csv(${[loc, ...csvArgs(c), 'all_varchar = true'].join(', ')}) LIMIT ${NUMBER_SAMPLE_ROWS}`,
      );
      const found = detectNumberFormat(sample.page.data);
      const out: CsvOptions = { ...csv, ...(sample.csv.quotedNewlines ? { quotedNewlines: true } : {}) };
      const detected: NonNullable<Preview['detected']> = {};
      if (commaPossible && found.decimalComma) {
        out.decimalComma = true;
        detected.decimalSeparator = ',';
      }
      if (out.decimalComma && wantThousands && found.dotThousands) {
        out.thousandsSeparator = '.';
        detected.thousandsSeparator = '.';
      }
      return { csv: out, ...(Object.keys(detected).length ? { detected } : {}) };
    } catch {
      return { csv }; // the read itself will say what is wrong with the file
    }
  }

  /** The workspace folder (the imports folder's parent): where views, catalog rows and scratch files are written. */
  private get workspaceDir(): string {
    return path.dirname(this.deps.importDir);
  }

  /** A failed read blames the source, unless the disk being written (`writing`, default the workspace) is full. */
  private async describeFailure<T>(src: ResolvedSource, run: () => Promise<T>, writing = this.workspaceDir): Promise<T> {
    try {
      return await run();
    } catch (err) {
      // A crash of the engine already names the file it was reading, with its own code.
      if (err instanceof WorkbenchError && (err.code === ErrorCode.Cancelled || err.code === ErrorCode.EngineStopped)) throw err;
      if (isDiskFull(err)) throw explainDiskFull(err, writing);
      const msg = messageOf(err);
      // A file whose extension was not recognised was read as sniffed; say what the workbench reads.
      const hint = src.isFolder || hasKnownExtension(src.location) ? '' : ` Supported: ${SUPPORTED_EXTENSIONS}.`;
      throw new WorkbenchError(
        ErrorCode.BadInput,
        `${src.location}: could not read as ${formatLabel(src.format)}. ${firstLines(msg)}${hint}`,
      );
    }
  }

  private uniqueName(base: string): string {
    let name = base || 'dataset';
    for (let i = 2; this.catalog.nameTaken(name); i++) name = `${base}_${i}`;
    return name;
  }

  /** A relation name no dataset and no table or view made in SQL (scores, rfm, ...) already uses; DuckDB ignores case. */
  private async uniqueRelation(name: string): Promise<string> {
    const taken = new Set(this.catalog.relations().map((r) => r.toLowerCase()));
    const tables = await this.deps.engine.query('SELECT table_name FROM information_schema.tables');
    for (const t of tables.data[0] ?? []) taken.add(String(t).toLowerCase());
    const base = toRelationName(name);
    let rel = base;
    for (let i = 2; taken.has(rel.toLowerCase()); i++) rel = `${base}_${i}`;
    return rel;
  }
}

/** How an Excel sheet is read: a preview's first rows, or a load's whole sheet with progress and cancel. */
interface ExcelRead {
  maxRows?: number;
  ctx?: JobContext;
  onProgress?: (fraction: number, rows: number) => void;
}

function needsSerialScan(err: unknown): boolean {
  return err instanceof Error && /parallel scanner does not support null_padding/i.test(err.message);
}

function formatLabel(f: DatasetFormat): string {
  return { csv: 'CSV', parquet: 'Parquet', json: 'JSON', xlsx: 'Excel' }[f];
}

/** DuckDB's messages carry hints and a SQL pointer after the first lines; keep what a person needs. */
function firstLines(msg: string): string {
  return msg
    .split('\n')
    .filter((l) => l.trim() && !/^LINE \d+:|^\s*\^/.test(l))
    .slice(0, 3)
    .join(' ')
    .slice(0, 600);
}

export type { ColumnInfo };
