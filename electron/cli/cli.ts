/** `workbench`: the headless command line over the same services as the app. */
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type appPaths } from '../host/paths';
import { createWorkbench, type Workbench } from '../services/workbench';
import { CALCULATORS, runCalculator } from '../../shared/stats/calculators';
import { inspectOnnx } from '../services/models/onnx-import';
import { ALGORITHMS, CLUSTER_ALGORITHMS, CLUSTER_SCALES, type ClusterAlgorithm } from '../../shared/ml/catalog';
import { clusterAlgorithmError, unusedOptionError } from './options';
import { buildRfm } from '../services/models/rfm';
import { csvHeader, csvRows, pageToRows } from '../../shared/page';
import { describeDataset } from './format';

export const USAGE = `usage:
  workbench load <path> [--json] [--format csv|parquet|json|xlsx] [--sheet NAME] [--delimiter D] [--union-by-name]
  workbench query "<sql>" --data <path> [--data <path>...] [--format csv|json] [--limit N]
  workbench stats <${CALCULATORS.join('|')}> --input <file.json | ->
  workbench train --data <path> --target <column> --features a,b,c [--algorithm logistic_regression|gradient_boosting|random_forest]
                  [--task classification|regression] [--iterations N] [--name NAME] [--seed N] [--out model.onnx]
                  [--impute mean|median|most_frequent|constant] [--fill-value X] [--indicator] [--scale standard|minmax]
                  [--outliers zscore|iqr] [--onehot col,col] [--target-encode col,col]
  workbench cluster --data <path> --features a,b,c --k N|MIN-MAX [--algorithm ${CLUSTER_ALGORITHMS.join('|')}]
                  [--scale ${CLUSTER_SCALES.join('|')}] [--name NAME] [--seed N] [--out model.onnx]
  workbench score --model <file.onnx> --data <path> [--features a,b,c] [--map input=col,col ...] [--keep id,col]
                  --out <scores.parquet|.csv>
  workbench evaluate --model <file.onnx> --data <path> --target <column> [--features a,b,c] [--map input=col,col ...]
                  [--output NAME] [--threshold 0.5]
  workbench inspect --model <file.onnx>
  workbench algorithms          (which algorithms export to ONNX, and why the others cannot)
  workbench rfm --data <orders> --customer <col> --date <col> --amount <col> [--as-of YYYY-MM-DD] --out <rfm.parquet|.csv>
  workbench clv --data <orders> --customer <col> --date <col> --amount <col> [--as-of YYYY-MM-DD] [--horizon DAYS]
                [--discount MONTHLY_RATE] --out <clv.parquet|.csv>`;

export class UsageError extends Error {}

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value))
    throw new UsageError(`${flag} must be one of ${allowed.join(', ')} (got "${value}").`);
  return value as T;
}

export async function runCli(
  argv: string[],
  /** Standard output; awaiting what it returns waits for a full pipe to drain. */
  out: (s: string) => void | Promise<void>,
  paths: Pick<ReturnType<typeof appPaths>, 'workerFile' | 'sampleDataDir'>,
): Promise<void> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    out(USAGE + '\n');
    return;
  }
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      json: { type: 'boolean' },
      format: { type: 'string' },
      sheet: { type: 'string' },
      delimiter: { type: 'string' },
      'union-by-name': { type: 'boolean' },
      data: { type: 'string', multiple: true },
      limit: { type: 'string' },
      input: { type: 'string' },
      target: { type: 'string' },
      features: { type: 'string' },
      name: { type: 'string' },
      k: { type: 'string' },
      seed: { type: 'string' },
      model: { type: 'string' },
      out: { type: 'string' },
      customer: { type: 'string' },
      algorithm: { type: 'string' },
      impute: { type: 'string' },
      task: { type: 'string' },
      iterations: { type: 'string' },
      date: { type: 'string' },
      amount: { type: 'string' },
      'as-of': { type: 'string' },
      'fill-value': { type: 'string' },
      indicator: { type: 'boolean' },
      scale: { type: 'string' },
      outliers: { type: 'string' },
      onehot: { type: 'string' },
      'target-encode': { type: 'string' },
      map: { type: 'string', multiple: true },
      output: { type: 'string' },
      threshold: { type: 'string' },
      horizon: { type: 'string' },
      discount: { type: 'string' },
      keep: { type: 'string' },
    },
  });
  const unused = unusedOptionError(command, values, positionals);
  if (unused) throw new UsageError(unused);
  if (command === 'algorithms') {
    out(JSON.stringify(ALGORITHMS, null, 2) + '\n');
    return;
  }
  if (command === 'inspect') {
    if (!values.model) throw new UsageError('inspect needs --model <file.onnx>.');
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(values.model);
    } catch (e) {
      throw new Error(`${values.model}: cannot read this model file.`, { cause: e });
    }
    out(JSON.stringify(inspectOnnx(bytes, values.model), null, 2) + '\n');
    return;
  }
  if (command === 'stats') {
    out(JSON.stringify(runStats(positionals[0], values.input), null, 2) + '\n');
    return;
  }
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'workbench-cli-'));
  let wb: Workbench | null = null;
  try {
    wb = await createWorkbench({
      workspaceDir: workspace,
      workerFile: paths.workerFile,
      sampleDataDir: paths.sampleDataDir,
      inMemoryEngine: true,
    });
    if (command === 'load') {
      const file = positionals[0];
      if (!file) throw new UsageError('load needs a path.');
      const format = values.format as 'csv' | 'parquet' | 'json' | 'xlsx' | undefined;
      if (format && !['csv', 'parquet', 'json', 'xlsx'].includes(format)) throw new UsageError(`unknown format "${format}".`);
      const d = await wb.datasets.openAndWait({
        path: file,
        options: {
          format,
          sheet: values.sheet,
          csv: values.delimiter ? { delimiter: values.delimiter } : undefined,
          unionByName: values['union-by-name'],
        },
      });
      if (values.json) {
        out(JSON.stringify({ name: d.name, format: d.format, source: d.sourcePath, rows: d.rowCount, columns: d.columns }, null, 2) + '\n');
      } else out(describeDataset(d) + '\n');
    } else if (command === 'query') {
      const sql = positionals[0];
      if (!sql) throw new UsageError('query needs SQL text.');
      for (const file of values.data ?? []) await wb.datasets.openAndWait({ path: file });
      const fmt = values.format ?? 'csv';
      if (fmt !== 'csv' && fmt !== 'json') throw new UsageError(`--format must be csv or json, not "${fmt}".`);
      const limit = values.limit === undefined ? Infinity : Number(values.limit);
      if (limit !== Infinity && (!Number.isInteger(limit) || limit < 1)) throw new UsageError('--limit must be a positive whole number.');
      await writeQuery(wb, sql, fmt, limit, out);
    } else if (command === 'rfm') {
      const data = values.data?.[0];
      if (!data || !values.customer || !values.date || !values.amount)
        throw new UsageError('rfm needs --data, --customer, --date and --amount.');
      if (!values.out || !/\.(parquet|csv)$/i.test(values.out)) throw new UsageError('rfm needs --out <rfm.parquet or rfm.csv>.');
      const d = await wb.datasets.openAndWait({ path: data });
      const r = await buildRfm(wb.engine, d, {
        customerColumn: values.customer,
        dateColumn: values.date,
        amountColumn: values.amount,
        asOf: values['as-of'],
        table: 'rfm',
      });
      const written = await wb.queries.export(
        'SELECT * FROM rfm',
        values.out.toLowerCase().endsWith('.csv') ? 'csv' : 'parquet',
        values.out,
      );
      out(JSON.stringify({ customers: r.customers, segments: r.segments, written: written.path }, null, 2) + '\n');
    } else if (command === 'clv') {
      const data = values.data?.[0];
      if (!data || !values.customer || !values.date || !values.amount)
        throw new UsageError('clv needs --data, --customer, --date and --amount.');
      if (!values.out || !/\.(parquet|csv)$/i.test(values.out)) throw new UsageError('clv needs --out <clv.parquet or clv.csv>.');
      const horizon = values.horizon === undefined ? undefined : Number(values.horizon);
      if (horizon !== undefined && !(horizon > 0)) throw new UsageError('--horizon must be a number of days above 0.');
      const monthlyDiscount = values.discount === undefined ? undefined : Number(values.discount);
      if (monthlyDiscount !== undefined && !(monthlyDiscount >= 0 && monthlyDiscount < 1))
        throw new UsageError('--discount must be a monthly rate from 0 up to 1 (e.g. 0.01).');
      const d = await wb.datasets.openAndWait({ path: data });
      const r = await wb.models.clv(
        d,
        {
          customerColumn: values.customer,
          dateColumn: values.date,
          amountColumn: values.amount,
          asOf: values['as-of'],
          horizon,
          monthlyDiscount,
          table: 'clv',
        },
        progress,
      );
      const written = await wb.queries.export(
        'SELECT * FROM clv',
        values.out.toLowerCase().endsWith('.csv') ? 'csv' : 'parquet',
        values.out,
      );
      for (const note of r.notes) process.stderr.write(`note: ${note}\n`);
      out(JSON.stringify({ ...r, written: written.path }, null, 2) + '\n');
    } else if (command === 'train' || command === 'cluster' || command === 'score' || command === 'evaluate') {
      const data = values.data?.[0];
      if (!data) throw new UsageError(`${command} needs --data <path>.`);
      const features = list(values.features);
      const onehot = list(values.onehot);
      const targetEncode = list(values['target-encode']);
      // Encoded columns are features too, whether or not --features names them.
      for (const c of [...onehot, ...targetEncode]) if (!features.includes(c)) features.push(c);
      if (!features.length && (command === 'train' || command === 'cluster')) throw new UsageError(`${command} needs --features a,b,c.`);
      const d = await wb.datasets.openAndWait({ path: data });
      const seed = values.seed ? Number(values.seed) : 0;
      if (command === 'train') {
        if (!values.target) throw new UsageError('train needs --target <column>.');
        const algorithm = oneOf('--algorithm', values.algorithm, ['logistic_regression', 'gradient_boosting', 'random_forest'] as const);
        const task = oneOf('--task', values.task, ['classification', 'regression'] as const);
        const impute = oneOf('--impute', values.impute, ['mean', 'median', 'most_frequent', 'constant'] as const);
        const scale = oneOf('--scale', values.scale, ['standard', 'minmax'] as const);
        const outliers = oneOf('--outliers', values.outliers, ['zscore', 'iqr'] as const);
        const fillValue = values['fill-value'] === undefined ? undefined : Number(values['fill-value']);
        if (fillValue !== undefined && !Number.isFinite(fillValue)) throw new UsageError('--fill-value must be a number.');
        const iterations = values.iterations === undefined ? undefined : Number(values.iterations);
        if (iterations !== undefined && !(Number.isInteger(iterations) && iterations >= 1))
          throw new UsageError('--iterations must be a whole number of at least 1.');
        const encoding = Object.fromEntries([
          ...onehot.map((c) => [c, 'onehot'] as const),
          ...targetEncode.map((c) => [c, 'target'] as const),
        ]);
        const m = await wb.models.trainLogistic(
          d,
          {
            name: values.name ?? `${d.name}_model`,
            features,
            target: values.target,
            seed,
            algorithm,
            task,
            iterations,
            preprocess: { impute, fillValue, indicator: values.indicator, scale, outliers, encoding },
          },
          progress,
        );
        const { evaluation, ...model } = m;
        // Curves and residuals are chart data; the summary keeps the figures.
        const { roc: _roc, pr: _pr, residuals: _residuals, ...summary } = evaluation;
        out(JSON.stringify({ ...model, evaluation: summary, onnx: keepOutside(m.onnxPath, values.out) }, null, 2) + '\n');
      } else if (command === 'cluster') {
        // --k 5, or --k 2-8 to choose by silhouette (the elbow is reported alongside).
        const range = /^(\d+)-(\d+)$/.exec(values.k ?? '');
        const k = range ? undefined : Number(values.k);
        if (!range && (!Number.isInteger(k) || k! < 1))
          throw new UsageError('cluster needs --k, a whole number of clusters or a range such as 2-8.');
        const kRange = range ? ([Number(range[1]), Number(range[2])] as [number, number]) : undefined;
        const badAlgorithm = clusterAlgorithmError(values.algorithm);
        if (badAlgorithm) throw new UsageError(badAlgorithm);
        const algorithm = values.algorithm as ClusterAlgorithm | undefined;
        const scale = oneOf('--scale', values.scale, CLUSTER_SCALES);
        const m = await wb.models.cluster(
          d,
          { name: values.name ?? `${d.name}_clusters`, features, k, kRange, seed, algorithm, scale },
          progress,
        );
        out(JSON.stringify({ ...m, onnx: keepOutside(m.onnxPath, values.out) }, null, 2) + '\n');
      } else if (command === 'evaluate') {
        if (!values.model) throw new UsageError('evaluate needs --model <file.onnx>.');
        if (!values.target) throw new UsageError('evaluate needs --target <column> (the true outcome).');
        const threshold = values.threshold === undefined ? undefined : Number(values.threshold);
        if (threshold !== undefined && !(threshold >= 0 && threshold <= 1)) throw new UsageError('--threshold must be between 0 and 1.');
        const r = await wb.models.evaluate(d, path.resolve(values.model), {
          target: values.target,
          features,
          inputs: inputMapping(values.map),
          output: values.output,
          threshold,
        });
        const { roc: _roc, pr: _pr, residuals: _residuals, ...summary } = r;
        for (const w of (r.drift as { warnings: string[] } | null)?.warnings ?? []) process.stderr.write(`warning: ${w}\n`);
        out(JSON.stringify(summary, null, 2) + '\n');
      } else {
        if (!values.model) throw new UsageError('score needs --model <file.onnx>.');
        if (!values.out || !/\.(parquet|csv)$/i.test(values.out)) throw new UsageError('score needs --out <scores.parquet or scores.csv>.');
        const keep = values.keep === undefined ? undefined : list(values.keep);
        const r = await wb.models.score(d, path.resolve(values.model), features, 'scores', undefined, inputMapping(values.map), keep);
        const exported = await wb.queries.export(
          'SELECT * FROM scores ORDER BY row_number',
          values.out.toLowerCase().endsWith('.csv') ? 'csv' : 'parquet',
          values.out,
        );
        // Drift against the model's training data: in the summary, and each warning on stderr.
        for (const w of r.drift?.warnings ?? []) process.stderr.write(`warning: ${w}\n`);
        out(JSON.stringify({ rows: r.rows, outputs: r.outputs, kept: r.kept, written: exported.path, drift: r.drift }, null, 2) + '\n');
      }
    } else {
      throw new UsageError(`unknown command "${command}".`);
    }
  } finally {
    await wb?.close();
    rmSync(workspace, { recursive: true, force: true });
  }
}

/** Writes every row of a query page by page, waiting on `out` between pages; --limit cuts it short, saying so. */
async function writeQuery(
  wb: Workbench,
  sql: string,
  fmt: 'csv' | 'json',
  limit: number,
  out: (s: string) => void | Promise<void>,
): Promise<void> {
  let written = 0;
  let first = true;
  for await (const page of wb.queries.stream(sql)) {
    const take = Math.min(page.rowCount, limit - written);
    if (fmt === 'csv') await out((first ? csvHeader(page.columns) : '') + csvRows(page, take));
    else if (take > 0 || first) {
      const rows = pageToRows(page)
        .slice(0, take)
        .map((row) => JSON.stringify(row));
      await out((first ? '[' : written > 0 && take > 0 ? ',' : '') + rows.join(','));
    }
    first = false;
    written += take;
    if (take < page.rowCount) {
      process.stderr.write(`workbench: output limited to ${limit} rows (--limit)\n`);
      break;
    }
  }
  if (fmt === 'json') await out(']\n');
}

function runStats(calculator: string | undefined, input: string | undefined): Record<string, unknown> {
  if (!calculator) throw new UsageError(`stats needs a calculator: ${CALCULATORS.join(', ')}.`);
  if (!input) throw new UsageError('stats needs --input <file.json> (or - for standard input).');
  const label = input === '-' ? 'standard input' : input;
  let text: string;
  try {
    text = readFileSync(input === '-' ? 0 : input, 'utf8');
  } catch (e) {
    throw new Error(`${label}: cannot read this file.`, { cause: e });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`${label}: not valid JSON (${e instanceof Error ? e.message : String(e)}).`, { cause: e });
  }
  try {
    return runCalculator(calculator, json);
  } catch (e) {
    throw new Error(`${label}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
}

/** --map input=col,col (repeatable): which columns feed a model input. */
function inputMapping(maps: string[] | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const m of maps ?? []) {
    const at = m.indexOf('=');
    const columns = list(m.slice(at + 1));
    if (at < 1 || !columns.length) throw new UsageError(`--map must look like input=column[,column...] (got "${m}").`);
    out[m.slice(0, at)] = columns;
  }
  return out;
}

/** Fits report progress on stderr so stdout stays clean JSON. */
const progress = { onProgress: (_f: number, message: string) => process.stderr.write(`  ${message}\n`) };

/** The command line works in a throwaway workspace: copy the ONNX file where the user asked. */
function keepOutside(file: string, target: string | undefined): string | null {
  if (!target) return null;
  const dest = path.resolve(target);
  copyFileSync(file, dest);
  return dest;
}
