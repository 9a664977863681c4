/** Scoring a table with an ONNX file (a registered model or an imported one) and measuring a model on labelled rows. */
import { promises as fs } from 'node:fs';
import { ErrorCode, WorkbenchError } from '../../../shared/api/result';
import type { TrainTask } from '../../../shared/ml/catalog';
import { driftReport, type DriftReference } from '../../../shared/ml/drift';
import { identifierColumns } from '../../../shared/ml/identifiers';
import type { RawFeatures } from '../../../shared/ml/preprocess';
import type { DriftReport, EvaluateResult, ScoreResult } from '../../../shared/models/types';
import { inspectOnnx, runnableOnnx } from '../../../shared/onnx/import';
import type { InputMap } from '../../../shared/onnx/preprocessing';
import type { OnnxInfo } from '../../../shared/onnx/types';
import { quoteIdent } from '../../../shared/sql';
import type { Dataset } from '../../../shared/types';
import { readColumns } from './columns';
import type { ModelsContext } from './context';
import { classificationFigures, regressionFigures } from './figures';
import { feedsFor, OnnxScorer, planFor, type FeedPlan } from './onnx-check';

export interface EvaluateRequest {
  /** The true outcome: 0/1 for a classifier, a number for a regressor. */
  target: string;
  /** Columns for a one-input model (models with several inputs or exported here find their own). */
  features?: string[];
  inputs?: Record<string, string[]>;
  /** Which output to measure (default: the class-1 probability, else the single value). */
  output?: string;
  task?: TrainTask;
  /** For the confusion matrix (default 0.5). */
  threshold?: number;
}

/**
 * Scores a dataset with an ONNX file in batches and writes the scores back as a DuckDB table.
 * Inputs are fed from columns: a one-input model takes `features` in order; a model exported here with
 * preprocessing knows its own columns; any other multi-input model takes, per input, the columns in
 * `inputs` or else the column named like the input (text columns for string inputs).
 */
export async function score(
  ctx: ModelsContext,
  dataset: Dataset,
  onnxPath: string,
  features: string[],
  table: string,
  batch = 100_000,
  inputs: Record<string, string[]> = {},
  /** Input columns to carry beside the scores (default: the identifier columns, see identifierColumns). */
  keep?: string[],
): Promise<ScoreResult> {
  const columnNames = dataset.columns.map((c) => c.name);
  const kept = keep ?? identifierColumns(columnNames);
  for (const k of kept)
    if (!columnNames.includes(k))
      throw new WorkbenchError(
        ErrorCode.InvalidArgument,
        `keep: ${dataset.name} has no column "${k}" (it has ${columnNames.join(', ')}).`,
        { field: 'keep' },
      );
  const { names, columns, rows, drift } = await runModel(ctx, dataset, onnxPath, features, inputs, batch);
  const clash = kept.find((k) => names.some((n) => n.toLowerCase() === k.toLowerCase()));
  if (clash)
    throw new WorkbenchError(ErrorCode.InvalidArgument, `keep: "${clash}" is also the name of a score column; leave it out of keep.`, {
      field: 'keep',
    });
  const staging = `${table}__raw`;
  await ctx.engine.exec(`CREATE OR REPLACE TEMP TABLE ${quoteIdent(staging)} (${names.map((n) => `${quoteIdent(n)} DOUBLE`).join(', ')})`);
  await ctx.engine.appendColumns(staging, names, columns);
  const select = names.map((n) =>
    n === 'row_number' || n === 'label' ? `CAST(s.${quoteIdent(n)} AS BIGINT) AS ${quoteIdent(n)}` : `s.${quoteIdent(n)}`,
  );
  // Scores were computed in the dataset's scan order, so the kept columns pair with them by position.
  const source = kept.length
    ? `(SELECT ${kept.map(quoteIdent).join(', ')} FROM ${quoteIdent(dataset.relation)}) k POSITIONAL JOIN ${quoteIdent(staging)} s`
    : `${quoteIdent(staging)} s`;
  await ctx.engine.exec(
    `CREATE OR REPLACE TABLE ${quoteIdent(table)} AS SELECT ${[select[0], ...kept.map((k) => `k.${quoteIdent(k)}`), ...select.slice(1)].join(', ')} FROM ${source}`,
  );
  await ctx.engine.exec(`DROP TABLE ${quoteIdent(staging)}`);
  const drifted = drift?.warnings.length
    ? `; drift warnings: ${drift.features
        .filter((f) => f.warning)
        .map((f) => f.feature)
        .join(', ')}`
    : '';
  ctx.store.audit('model.score', `${onnxPath} on ${dataset.name} → ${table} (${rows} rows${drifted})`);
  return { table, rows, outputs: names.slice(1), kept, drift };
}

/**
 * Scores a dataset that has the true outcome and measures the model on it: classification (a
 * probability output and a 0/1 target) or regression (a single value output).
 */
export async function evaluate(ctx: ModelsContext, dataset: Dataset, onnxPath: string, req: EvaluateRequest): Promise<EvaluateResult> {
  const { names, columns, extra, drift } = await runModel(ctx, dataset, onnxPath, req.features ?? [], req.inputs ?? {}, 100_000, [
    req.target,
  ]);
  const outputs = names.slice(1);
  let output = req.output;
  if (output !== undefined && !outputs.includes(output))
    throw new WorkbenchError(ErrorCode.InvalidArgument, `${onnxPath}: no output "${output}" (it gives ${outputs.join(', ')}).`, {
      field: 'output',
    });
  output ??=
    outputs.find((o) => /prob.*_1$/.test(o)) ?? (outputs.includes('variable') ? 'variable' : outputs.length === 1 ? outputs[0] : undefined);
  if (!output)
    throw new WorkbenchError(ErrorCode.InvalidArgument, `${onnxPath}: choose the output to evaluate (it gives ${outputs.join(', ')}).`, {
      field: 'output',
    });
  const task = req.task ?? (/prob/.test(output) ? 'classification' : 'regression');
  const scores = columns[names.indexOf(output)]!;
  const truth = extra[req.target]!;
  const y: number[] = [];
  const p: number[] = [];
  let skipped = 0;
  for (let i = 0; i < truth.length; i++) {
    const v = truth[i]!;
    if (Number.isNaN(v)) {
      skipped++;
      continue;
    }
    if (task === 'classification' && v !== 0 && v !== 1)
      throw new WorkbenchError(ErrorCode.BadInput, `${dataset.name}.${req.target}: row ${i + 1} is ${v}; the target must be 0 or 1.`, {
        field: 'target',
      });
    y.push(v);
    p.push(scores[i]!);
  }
  if (!y.length)
    throw new WorkbenchError(ErrorCode.BadInput, `${dataset.name}.${req.target}: every value is missing.`, { field: 'target' });
  const base = { output, rows: y.length, rowsWithoutTarget: skipped, drift };
  if (task === 'regression') return { ...base, task, ...regressionFigures(y, Float64Array.from(p)) };
  if (!y.includes(0) || !y.includes(1))
    throw new WorkbenchError(ErrorCode.BadInput, `${dataset.name}.${req.target}: has one class only; AUC needs both 0 and 1.`, {
      field: 'target',
    });
  return { ...base, task, ...classificationFigures(y, Float64Array.from(p), req.threshold ?? 0.5) };
}

/** Scores every row of a dataset in batches; outputs as one Float64Array per output value, after row_number. */
async function runModel(
  ctx: ModelsContext,
  dataset: Dataset,
  onnxPath: string,
  features: string[],
  inputs: Record<string, string[]>,
  batch: number,
  alsoRead: string[] = [],
): Promise<{ names: string[]; columns: Float64Array[]; rows: number; extra: Record<string, Float64Array>; drift: DriftReport | null }> {
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(onnxPath);
  } catch {
    throw new WorkbenchError(ErrorCode.NotFound, `${onnxPath}: cannot read this model file.`);
  }
  const info = inspectOnnx(bytes, onnxPath);
  bytes = runnableOnnx(bytes, onnxPath);
  const plan = feedPlan(info, onnxPath, features, inputs);
  const numericNames = [...new Set([...plan.numeric.flatMap((n) => n.columns), ...alsoRead])];
  const { raw, numeric } = await readColumns(
    ctx.engine,
    dataset,
    numericNames,
    plan.categorical.map((c) => c.column),
  );
  const rows = raw.rows;
  if (!rows) throw new WorkbenchError(ErrorCode.BadInput, `${dataset.name} has no rows to score.`);
  const drift = driftAgainstTraining(info, plan, raw);
  // Outputs become DOUBLE columns, one per output value (probabilities_0, probabilities_1, ...).
  let names: string[] = [];
  let columns: Float64Array[] = [];
  const scorer = await OnnxScorer.open(bytes);
  try {
    for (let start = 0; start < rows; start += batch) {
      const n = Math.min(batch, rows - start);
      const out = await scorer.run(feedsFor(plan, raw, start, n));
      const header = Object.keys(out).sort();
      if (!names.length) {
        const widths = header.map((h) => out[h]!.length / n);
        names = [
          'row_number',
          ...header.flatMap((h, k) => (widths[k] === 1 ? [h] : Array.from({ length: widths[k]! }, (_, c) => `${h}_${c}`))),
        ];
        columns = names.map(() => new Float64Array(rows));
        for (let i = 0; i < rows; i++) columns[0]![i] = i + 1;
      }
      let col = 1;
      for (const h of header) {
        const arr = out[h]!;
        const width = arr.length / n;
        for (let c = 0; c < width; c++, col++) {
          const target = columns[col]!;
          for (let i = 0; i < n; i++) target[start + i] = Number(arr[i * width + c]);
        }
      }
    }
  } finally {
    await scorer.close();
  }
  return { names, columns, rows, extra: Object.fromEntries(alsoRead.map((n) => [n, numeric[n]!])), drift };
}

/** How a model's inputs are fed from a table's columns (see score). */
function feedPlan(info: OnnxInfo, label: string, features: string[], mapped: Record<string, string[]>): FeedPlan {
  for (const name of Object.keys(mapped))
    if (!info.inputs.some((i) => i.name === name))
      throw new WorkbenchError(
        ErrorCode.InvalidArgument,
        `${label}: the model has no input "${name}" (it takes ${info.inputs.map((i) => i.name).join(', ')}).`,
        { field: 'inputs' },
      );
  if (info.metadata.inputs && !Object.keys(mapped).length) {
    try {
      return planFor(JSON.parse(info.metadata.inputs) as InputMap);
    } catch {
      throw new WorkbenchError(ErrorCode.BadInput, `${label}: its "inputs" metadata is not readable.`);
    }
  }
  // A numeric input fed from columns: its element type must be one a table can give, and its width must match.
  const numericFeed = (input: OnnxInfo['inputs'][number], columns: string[], field: string): FeedPlan['numeric'][number] => {
    if (input.elem !== 'float' && input.elem !== 'double' && input.elem !== 'int64')
      throw new WorkbenchError(
        ErrorCode.BadInput,
        `${label}: input "${input.name}" takes ${input.elem ?? 'a non-tensor'} values, which cannot be fed from a table.`,
      );
    if (input.width && input.width !== columns.length)
      throw new WorkbenchError(
        ErrorCode.InvalidArgument,
        `${label}: the model's input "${input.name}" takes ${input.width} values per row, but ${columns.length} columns were mapped (${columns.join(', ')}).`,
        { field },
      );
    return { input: input.name, columns, type: input.elem };
  };
  if (info.inputs.length === 1 && info.inputs[0]!.elem !== 'string') {
    const input = info.inputs[0]!;
    const columns = mapped[input.name] ?? features;
    if (!columns.length)
      throw new WorkbenchError(ErrorCode.InvalidArgument, `${label}: map feature columns to its input "${input.name}".`, {
        field: 'features',
      });
    return { numeric: [numericFeed(input, columns, 'features')], categorical: [] };
  }
  const plan: FeedPlan = { numeric: [], categorical: [] };
  for (const input of info.inputs) {
    const columns = mapped[input.name] ?? [input.name];
    if (input.elem === 'string') {
      if (columns.length !== 1)
        throw new WorkbenchError(ErrorCode.InvalidArgument, `${label}: the text input "${input.name}" takes exactly one column.`, {
          field: 'inputs',
        });
      plan.categorical.push({ input: input.name, column: columns[0]! });
    } else plan.numeric.push(numericFeed(input, columns, 'inputs'));
  }
  return plan;
}

/**
 * Drift of the rows being scored against the training reference a model exported here carries: by
 * column name for models with preprocessing, by position for one-input models (the j-th mapped column
 * stands for the j-th training feature). Null for models without a reference.
 */
function driftAgainstTraining(info: OnnxInfo, plan: FeedPlan, raw: RawFeatures): DriftReport | null {
  if (!info.metadata.drift_reference) return null;
  let ref: DriftReference;
  try {
    ref = JSON.parse(info.metadata.drift_reference) as DriftReference;
  } catch {
    return null;
  }
  if (info.metadata.inputs) return driftReport(ref, raw);
  const trained = info.metadata.features ? (JSON.parse(info.metadata.features) as string[]) : [];
  const fed = plan.numeric[0]?.columns ?? [];
  if (plan.numeric.length !== 1 || trained.length !== fed.length) return null;
  return driftReport(ref, raw, (name) => fed[trained.indexOf(name)]);
}
