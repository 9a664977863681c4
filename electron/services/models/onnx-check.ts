import * as ort from 'onnxruntime-node';
import { ErrorCode, messageOf, WorkbenchError } from '../../../shared/api/result';
import type { Matrix } from '../../../shared/ml/matrix';
import { MISSING_CATEGORY, type RawFeatures } from '../../../shared/ml/preprocess';
import { INPUT_NAME } from '../../../shared/onnx/proto';
import type { InputMap } from '../../../shared/onnx/preprocessing';

export const EXPORT_TOLERANCE = 1e-5;

type Outputs = Record<string, Float32Array | BigInt64Array | Float64Array>;

/** One input's values: numbers row-major with their shape, or strings (a categorical column, [N, 1]). */
export type Feed =
  { type: 'float' | 'double' | 'int64'; data: ArrayLike<number>; dims: number[] } | { type: 'string'; data: string[]; dims: number[] };

/**
 * Which columns feed which model input: numeric inputs take one or more numeric columns as a row-major
 * tensor, categorical inputs one text column as strings [N, 1] (missing: "").
 */
export interface FeedPlan {
  numeric: { input: string; columns: string[]; type: 'float' | 'double' | 'int64' }[];
  categorical: { input: string; column: string }[];
}

/** The plan for a model exported with preprocessing. */
export function planFor(map: InputMap): FeedPlan {
  return { numeric: map.numeric ? [{ ...map.numeric, type: 'float' }] : [], categorical: map.categorical };
}

/** One batch of feeds from raw columns, following a plan. */
export function feedsFor(plan: FeedPlan, raw: RawFeatures, start = 0, rows = raw.rows): Record<string, Feed> {
  const feeds: Record<string, Feed> = {};
  for (const { input, columns, type } of plan.numeric) {
    const cols = columns.map((name) => {
      const col = raw.numeric.find((c) => c.name === name);
      if (!col)
        throw new WorkbenchError(ErrorCode.InvalidArgument, `The model's input "${input}" needs column "${name}", which was not read.`);
      return col.values;
    });
    const d = cols.length;
    const data = type === 'float' ? new Float32Array(rows * d) : new Float64Array(rows * d);
    for (let i = 0; i < rows; i++) for (let j = 0; j < d; j++) data[i * d + j] = cols[j]![start + i]!;
    feeds[input] = { type, data, dims: [rows, d] };
  }
  for (const { input, column } of plan.categorical) {
    const col = raw.categorical.find((c) => c.name === column);
    if (!col)
      throw new WorkbenchError(ErrorCode.InvalidArgument, `The model's input "${input}" needs column "${column}", which was not read.`);
    const data = new Array<string>(rows);
    for (let i = 0; i < rows; i++) {
      const code = col.codes[start + i]!;
      data[i] = Number.isNaN(code) ? MISSING_CATEGORY : col.dictionary[code]!;
    }
    feeds[input] = { type: 'string', data, dims: [rows, 1] };
  }
  return feeds;
}

/** One onnxruntime session for a whole scoring run: loading a model once, however many batches follow. */
export class OnnxScorer {
  private constructor(private readonly session: ort.InferenceSession) {}

  static async open(bytes: Uint8Array): Promise<OnnxScorer> {
    let session: ort.InferenceSession;
    try {
      session = await ort.InferenceSession.create(bytes);
    } catch (e) {
      throw new WorkbenchError(ErrorCode.BadInput, `The ONNX model could not be loaded: ${messageOf(e)}`);
    }
    return new OnnxScorer(session);
  }

  get inputNames(): readonly string[] {
    return this.session.inputNames;
  }

  /** Scores a feature matrix with a one-input model. */
  score(m: Matrix): Promise<Outputs> {
    if (this.session.inputNames.length !== 1)
      throw new WorkbenchError(
        ErrorCode.BadInput,
        `The model takes ${this.session.inputNames.length} inputs (${this.session.inputNames.join(', ')}); map a column to each.`,
      );
    return this.run({ [this.session.inputNames[0] ?? INPUT_NAME]: { type: 'float', data: m.data, dims: [m.rows, m.cols] } });
  }

  /** Scores one batch given every input by name. */
  async run(feeds: Record<string, Feed>): Promise<Outputs> {
    const missing = this.session.inputNames.filter((n) => !feeds[n]);
    if (missing.length)
      throw new WorkbenchError(ErrorCode.BadInput, `The model's input ${missing.map((n) => `"${n}"`).join(', ')} has no columns mapped.`);
    const tensors: Record<string, ort.Tensor> = {};
    for (const name of this.session.inputNames) {
      const f = feeds[name]!;
      tensors[name] =
        f.type === 'string'
          ? new ort.Tensor('string', f.data, f.dims)
          : f.type === 'int64'
            ? new ort.Tensor('int64', BigInt64Array.from(Array.from(f.data, (v) => BigInt(Math.round(v)))), f.dims)
            : f.type === 'double'
              ? new ort.Tensor('float64', Float64Array.from(f.data), f.dims)
              : new ort.Tensor('float32', f.data instanceof Float32Array ? f.data : Float32Array.from(f.data), f.dims);
    }
    let out: ort.InferenceSession.OnnxValueMapType;
    try {
      out = await this.session.run(tensors);
    } catch (e) {
      const shapes = Object.entries(feeds)
        .map(([n, f]) => `${n}: ${f.type}[${f.dims.join('×')}]`)
        .join(', ');
      throw new WorkbenchError(ErrorCode.BadInput, `The model refused the mapped columns (${shapes}): ${messageOf(e).split('\n')[0]}`);
    }
    const result: Outputs = {};
    for (const [name, t] of Object.entries(out)) result[name] = t.data as Float32Array;
    return result;
  }

  close(): Promise<void> {
    return this.session.release();
  }
}

/** Scores rows once with a fresh session (export checks, tests): a matrix for one-input models, or feeds by input name. */
export async function scoreOnnx(bytes: Uint8Array, m: Matrix | Record<string, Feed>): Promise<Outputs> {
  const scorer = await OnnxScorer.open(bytes);
  try {
    return isMatrix(m) ? await scorer.score(m) : await scorer.run(m);
  } finally {
    await scorer.close();
  }
}

function isMatrix(m: Matrix | Record<string, Feed>): m is Matrix {
  return m.data instanceof Float64Array && typeof m.rows === 'number';
}

/**
 * An export stands only if onnxruntime reproduces the app's own predictions on the training sample.
 * `scale` multiplies onnxruntime's outputs before comparing (the expected values are scaled alike):
 * regressors are compared relative to the target's size, as float32 carries about seven digits.
 */
export async function verifyExport(
  bytes: Uint8Array,
  m: Matrix | Record<string, Feed>,
  output: string,
  expected: ArrayLike<number>,
  column = 0,
  width = 1,
  scale = 1,
): Promise<number> {
  const scored = await scoreOnnx(bytes, m);
  const got = scored[output];
  if (!got) throw new WorkbenchError(ErrorCode.Internal, `The exported model has no output "${output}".`);
  let maxDiff = 0;
  for (let i = 0; i < expected.length; i++) maxDiff = Math.max(maxDiff, Math.abs(Number(got[i * width + column]) * scale - expected[i]!));
  if (!(maxDiff <= EXPORT_TOLERANCE)) {
    throw new WorkbenchError(
      ErrorCode.Internal,
      `ONNX export check failed: onnxruntime differs from the app by up to ${maxDiff.toExponential(3)} (allowed ${EXPORT_TOLERANCE}).`,
    );
  }
  return maxDiff;
}
