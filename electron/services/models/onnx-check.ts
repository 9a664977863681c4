import * as ort from 'onnxruntime-node';
import { ErrorCode, WorkbenchError } from '../../../shared/api/result';
import type { Matrix } from '../../../shared/ml/matrix';
import { INPUT_NAME } from './onnx-export';

export const EXPORT_TOLERANCE = 1e-5;

type Outputs = Record<string, Float32Array | BigInt64Array | Float64Array>;

/** One onnxruntime session for a whole scoring run: loading a model once, however many batches follow. */
export class OnnxScorer {
  private constructor(private readonly session: ort.InferenceSession) {}

  static async open(bytes: Uint8Array): Promise<OnnxScorer> {
    let session: ort.InferenceSession;
    try {
      session = await ort.InferenceSession.create(bytes);
    } catch (e) {
      throw new WorkbenchError(ErrorCode.BadInput, `The ONNX model could not be loaded: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (session.inputNames.length !== 1) {
      await session.release();
      throw new WorkbenchError(
        ErrorCode.BadInput,
        `The model takes ${session.inputNames.length} inputs (${session.inputNames.join(', ')}); only models with one feature tensor can score a table.`,
      );
    }
    return new OnnxScorer(session);
  }

  async score(m: Matrix): Promise<Outputs> {
    const input = new ort.Tensor('float32', Float32Array.from(m.data), [m.rows, m.cols]);
    let out: ort.InferenceSession.OnnxValueMapType;
    try {
      out = await this.session.run({ [this.session.inputNames[0] ?? INPUT_NAME]: input });
    } catch (e) {
      throw new WorkbenchError(
        ErrorCode.BadInput,
        `The model refused the ${m.cols} mapped columns: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`,
      );
    }
    const result: Outputs = {};
    for (const [name, t] of Object.entries(out)) result[name] = t.data as Float32Array;
    return result;
  }

  close(): Promise<void> {
    return this.session.release();
  }
}

/** Scores rows once with a fresh session (export checks, tests). */
export async function scoreOnnx(bytes: Uint8Array, m: Matrix): Promise<Outputs> {
  const scorer = await OnnxScorer.open(bytes);
  try {
    return await scorer.score(m);
  } finally {
    await scorer.close();
  }
}

/**
 * An export stands only if onnxruntime reproduces the app's own predictions on the training sample.
 * `scale` multiplies onnxruntime's outputs before comparing (the expected values are scaled alike):
 * regressors are compared relative to the target's size, as float32 carries about seven digits.
 */
export async function verifyExport(
  bytes: Uint8Array,
  m: Matrix,
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
