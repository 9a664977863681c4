/** Model commands: train, score, evaluate, inspect, models, algorithms, rfm, clv — each a contract call on the workspace. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { ALGORITHMS } from '../../../shared/ml/catalog';
import { modelsContract } from '../../../shared/models/contract';
import {
  copyOut,
  enumOf,
  fit,
  json,
  list,
  num,
  oneOf,
  outFile,
  required,
  seedOf,
  str,
  UsageError,
  type Command,
  type CommandContext,
} from '../command';

const train$ = modelsContract['models.train'].request.shape;
const preprocess$ = train$.preprocess.unwrap().shape;
/** --model: an ONNX file, or a registered model by id or name (its newest version), whose features are the default. */
async function modelRef(ctx: CommandContext, command: string): Promise<{ model: { path: string } | { id: string }; features: string[] }> {
  const ref = str(ctx.values, 'model');
  if (!ref) throw new UsageError(`${command} needs --model <file.onnx, or a registered model's name or id>.`);
  const given = list(str(ctx.values, 'features'));
  if (existsSync(ref)) return { model: { path: path.resolve(ref) }, features: given };
  const models = await ctx.call('models.list', {});
  const m = models.find((x) => x.id === ref) ?? models.filter((x) => x.name === ref).sort((a, b) => b.version - a.version)[0];
  if (!m) throw new Error(`${ref}: no such file, and no registered model has this name or id (see workbench models).`);
  return { model: { id: m.id }, features: given.length ? given : m.features };
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

export const train: Command = {
  name: 'train',
  usage: `train --data <path> --target <column> --features a,b,c [--algorithm ${enumOf(train$.algorithm).join('|')}]
                [--task ${enumOf(train$.task).join('|')}] [--iterations N] [--name NAME] [--seed N] [--out model.onnx]
                [--impute ${enumOf(preprocess$.impute).join('|')}] [--fill-value X] [--indicator] [--scale ${enumOf(preprocess$.scale).join('|')}]
                [--outliers ${enumOf(preprocess$.outliers).join('|')}] [--onehot col,col] [--target-encode col,col]`,
  options: {
    ...fit,
    target: { type: 'string' },
    algorithm: { type: 'string' },
    task: { type: 'string' },
    iterations: { type: 'string' },
    out: { type: 'string' },
    impute: { type: 'string' },
    'fill-value': { type: 'string' },
    indicator: { type: 'boolean' },
    scale: { type: 'string' },
    outliers: { type: 'string' },
    onehot: { type: 'string' },
    'target-encode': { type: 'string' },
  },
  runs: 'workspace',
  async run(ctx) {
    const v = ctx.values;
    required(v, 'train', 'data', 'target');
    const features = list(str(v, 'features'));
    const onehot = list(str(v, 'onehot'));
    const targetEncode = list(str(v, 'target-encode'));
    // Encoded columns are features too, whether or not --features names them.
    for (const c of [...onehot, ...targetEncode]) if (!features.includes(c)) features.push(c);
    if (!features.length) throw new UsageError('train needs --features a,b,c.');
    const request = {
      features,
      target: str(v, 'target')!,
      seed: seedOf(ctx),
      algorithm: oneOf('--algorithm', str(v, 'algorithm'), enumOf(train$.algorithm)) as z.infer<typeof train$.algorithm>,
      task: oneOf('--task', str(v, 'task'), enumOf(train$.task)) as z.infer<typeof train$.task>,
      iterations: num('--iterations', str(v, 'iterations'), (n) => Number.isInteger(n) && n >= 1, 'a whole number of at least 1'),
      preprocess: {
        impute: oneOf('--impute', str(v, 'impute'), enumOf(preprocess$.impute)) as z.infer<typeof preprocess$.impute>,
        fillValue: num('--fill-value', str(v, 'fill-value'), Number.isFinite, 'a number'),
        indicator: v.indicator === true ? true : undefined,
        scale: oneOf('--scale', str(v, 'scale'), enumOf(preprocess$.scale)) as z.infer<typeof preprocess$.scale>,
        outliers: oneOf('--outliers', str(v, 'outliers'), enumOf(preprocess$.outliers)) as z.infer<typeof preprocess$.outliers>,
        encoding: Object.fromEntries([...onehot.map((c) => [c, 'onehot'] as const), ...targetEncode.map((c) => [c, 'target'] as const)]),
      },
    };
    const d = await ctx.dataset(str(v, 'data')!);
    const m = await ctx.call('models.train', { datasetId: d.id, name: str(v, 'name') ?? `${d.name}_model`, ...request }, true);
    const { evaluation, ...model } = m;
    // Curves and residuals are chart data; the summary keeps the figures.
    const { roc: _roc, pr: _pr, residuals: _residuals, ...summary } = evaluation;
    await ctx.out(json({ ...model, evaluation: summary, onnx: copyOut(m.onnxPath, str(v, 'out')) }));
  },
};

export const score: Command = {
  name: 'score',
  usage: `score --model <file.onnx|name|id> --data <path> [--features a,b,c] [--map input=col,col ...] [--keep id,col]
                [--table NAME] --out <scores.parquet|.csv>`,
  options: {
    model: { type: 'string' },
    data: { type: 'string' },
    features: { type: 'string' },
    map: { type: 'string', multiple: true },
    keep: { type: 'string' },
    table: { type: 'string' },
    out: { type: 'string' },
  },
  runs: 'workspace',
  async run(ctx) {
    const v = ctx.values;
    required(v, 'score', 'data');
    const out = outFile(v, 'score', 'scores');
    const { model, features } = await modelRef(ctx, 'score');
    const keep = str(v, 'keep') === undefined ? undefined : list(str(v, 'keep'));
    const table = str(v, 'table') ?? 'scores';
    const d = await ctx.dataset(str(v, 'data')!);
    const r = await ctx.call(
      'models.score',
      { datasetId: d.id, model, features, inputs: inputMapping(v.map as string[] | undefined), table, keep },
      true,
    );
    const exported = await ctx.call('export.result', {
      sql: `SELECT * FROM "${table}" ORDER BY row_number`,
      format: out.format,
      path: out.path,
    });
    // Drift against the model's training data: in the summary, and each warning on stderr.
    for (const w of (r.drift as { warnings?: string[] } | null)?.warnings ?? []) ctx.err(`warning: ${w}\n`);
    await ctx.out(json({ rows: r.rows, outputs: r.outputs, kept: r.kept, table, written: exported.path, drift: r.drift }));
  },
};

export const evaluate: Command = {
  name: 'evaluate',
  usage: `evaluate --model <file.onnx|name|id> --data <path> --target <column> [--features a,b,c] [--map input=col,col ...]
                [--output NAME] [--threshold 0.5]`,
  options: {
    model: { type: 'string' },
    data: { type: 'string' },
    target: { type: 'string' },
    features: { type: 'string' },
    map: { type: 'string', multiple: true },
    output: { type: 'string' },
    threshold: { type: 'string' },
  },
  runs: 'workspace',
  async run(ctx) {
    const v = ctx.values;
    required(v, 'evaluate', 'data');
    if (!str(v, 'target')) throw new UsageError('evaluate needs --target <column> (the true outcome).');
    const { model, features } = await modelRef(ctx, 'evaluate');
    const threshold = num('--threshold', str(v, 'threshold'), (n) => n >= 0 && n <= 1, 'between 0 and 1');
    const inputs = inputMapping(v.map as string[] | undefined);
    const d = await ctx.dataset(str(v, 'data')!);
    const r = await ctx.call(
      'models.evaluate',
      {
        datasetId: d.id,
        model,
        target: str(v, 'target')!,
        features,
        inputs,
        output: str(v, 'output'),
        threshold,
      },
      true,
    );
    const { roc: _roc, pr: _pr, residuals: _residuals, ...summary } = r;
    for (const w of (r.drift as { warnings?: string[] } | null)?.warnings ?? []) ctx.err(`warning: ${w}\n`);
    await ctx.out(json(summary));
  },
};

export const inspect: Command = {
  name: 'inspect',
  usage: 'inspect --model <file.onnx>',
  options: { model: { type: 'string' } },
  runs: 'scratch',
  async run(ctx) {
    const file = str(ctx.values, 'model');
    if (!file) throw new UsageError('inspect needs --model <file.onnx>.');
    await ctx.out(json(await ctx.call('models.inspect', { path: file })));
  },
};

export const algorithms: Command = {
  name: 'algorithms',
  usage: 'algorithms          (which algorithms export to ONNX, and why the others cannot)',
  options: {},
  runs: 'none',
  async run(ctx) {
    await ctx.out(json(ALGORITHMS));
  },
};

export const models: Command = {
  name: 'models',
  usage: 'models [--json] [--workspace DIR]   (the models registered in the workspace)',
  options: { json: { type: 'boolean' } },
  runs: 'workspace',
  async run(ctx) {
    const all = await ctx.call('models.list', {});
    const rows = all.map((m) => ({
      id: m.id,
      name: m.name,
      version: m.version,
      algorithm: m.algorithm,
      metrics: m.metrics,
      onnxPath: m.onnxPath,
      createdAt: m.createdAt,
    }));
    if (ctx.values.json) return void (await ctx.out(json(rows)));
    if (!rows.length) return void (await ctx.out('No models are registered in this workspace yet (train one with workbench train).\n'));
    const lines = rows.map((m) => `${m.name} v${m.version}  ${m.algorithm}  ${m.id}\n  ${m.onnxPath}`);
    await ctx.out(lines.join('\n') + '\n');
  },
};

const orders = {
  data: { type: 'string' },
  customer: { type: 'string' },
  date: { type: 'string' },
  amount: { type: 'string' },
  'as-of': { type: 'string' },
  out: { type: 'string' },
} as const;

export const rfm: Command = {
  name: 'rfm',
  usage: 'rfm --data <orders> --customer <col> --date <col> --amount <col> [--as-of YYYY-MM-DD] --out <rfm.parquet|.csv>',
  options: orders,
  runs: 'workspace',
  async run(ctx) {
    const v = ctx.values;
    required(v, 'rfm', 'data', 'customer', 'date', 'amount');
    const out = outFile(v, 'rfm', 'rfm');
    const d = await ctx.dataset(str(v, 'data')!);
    const r = await ctx.call(
      'models.rfm',
      {
        datasetId: d.id,
        customerColumn: str(v, 'customer')!,
        dateColumn: str(v, 'date')!,
        amountColumn: str(v, 'amount')!,
        asOf: str(v, 'as-of'),
        table: 'rfm',
      },
      true,
    );
    const written = await ctx.call('export.result', { sql: 'SELECT * FROM rfm', format: out.format, path: out.path });
    await ctx.out(json({ customers: r.customers, segments: r.segments, written: written.path }));
  },
};

export const clv: Command = {
  name: 'clv',
  usage: `clv --data <orders> --customer <col> --date <col> --amount <col> [--as-of YYYY-MM-DD] [--horizon DAYS]
                [--discount MONTHLY_RATE] --out <clv.parquet|.csv>`,
  options: { ...orders, horizon: { type: 'string' }, discount: { type: 'string' } },
  runs: 'workspace',
  async run(ctx) {
    const v = ctx.values;
    required(v, 'clv', 'data', 'customer', 'date', 'amount');
    const out = outFile(v, 'clv', 'clv');
    const horizon = num('--horizon', str(v, 'horizon'), (n) => n > 0, 'a number of days above 0');
    const monthlyDiscount = num('--discount', str(v, 'discount'), (n) => n >= 0 && n < 1, 'a monthly rate from 0 up to 1 (e.g. 0.01)');
    const d = await ctx.dataset(str(v, 'data')!);
    const r = await ctx.call(
      'models.clv',
      {
        datasetId: d.id,
        customerColumn: str(v, 'customer')!,
        dateColumn: str(v, 'date')!,
        amountColumn: str(v, 'amount')!,
        asOf: str(v, 'as-of'),
        horizon,
        monthlyDiscount,
        table: 'clv',
      },
      true,
    );
    const written = await ctx.call('export.result', { sql: 'SELECT * FROM clv', format: out.format, path: out.path });
    for (const note of (r as { notes?: string[] }).notes ?? []) ctx.err(`note: ${note}\n`);
    await ctx.out(json({ ...r, written: written.path }));
  },
};
