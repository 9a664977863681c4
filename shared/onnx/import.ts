/** Reading external ONNX files: what they take and give, and rewrites for ZipMap outputs and two-class tree ensemble labels. */
import { onnx } from 'onnx-proto';
import { ErrorCode, messageOf, WorkbenchError } from '../api/result';
import type { OnnxInfo } from './types';

export type { OnnxInfo, OnnxPort } from './types';

const ELEM: Record<number, string> = { 1: 'float', 6: 'int32', 7: 'int64', 8: 'string', 9: 'bool', 11: 'double' };

function describe(t: onnx.ITypeProto | null | undefined): { type: string; width: number | null; elem: string | null } {
  if (t?.tensorType) {
    const dims = t.tensorType.shape?.dim ?? [];
    const shape = dims.map((d) =>
      d.dimValue !== undefined && d.dimValue !== null && Number(d.dimValue) > 0 ? String(d.dimValue) : d.dimParam || 'N',
    );
    const width = dims.length === 2 && dims[1]?.dimValue ? Number(dims[1].dimValue) : null;
    const elem = ELEM[t.tensorType.elemType ?? 0] ?? 'unknown';
    return { type: `tensor(${elem})[${shape.join(',')}]`, width, elem };
  }
  if (t?.sequenceType) return { type: `seq(${describe(t.sequenceType.elemType).type})`, width: null, elem: null };
  if (t?.mapType)
    return {
      type: `map(${ELEM[t.mapType.keyType ?? 0] ?? '?'},${describe(t.mapType.valueType).type.replace(/^tensor\(|\)\[\]$/g, '')})`,
      width: null,
      elem: null,
    };
  return { type: 'unknown', width: null, elem: null };
}

export function decodeOnnx(bytes: Uint8Array, label: string): onnx.ModelProto {
  try {
    const m = onnx.ModelProto.decode(bytes);
    if (!m.graph) throw new Error('it has no graph');
    return m;
  } catch (e) {
    throw new WorkbenchError(ErrorCode.BadInput, `${label}: not a readable ONNX model (${messageOf(e)}).`);
  }
}

export function inspectOnnx(bytes: Uint8Array, label: string): OnnxInfo {
  const m = decodeOnnx(bytes, label);
  const g = m.graph!;
  const initializers = new Set((g.initializer ?? []).map((i) => i.name));
  const ports = (list: onnx.IValueInfoProto[] | null | undefined) =>
    (list ?? []).filter((v) => !initializers.has(v.name ?? '')).map((v) => ({ name: v.name ?? '', ...describe(v.type) }));
  return {
    producer: m.producerName ?? '',
    inputs: ports(g.input),
    outputs: ports(g.output),
    zipMap: (g.node ?? []).some((n) => n.opType === 'ZipMap'),
    metadata: Object.fromEntries((m.metadataProps ?? []).map((p) => [p.key ?? '', p.value ?? ''])),
    notes: (g.node ?? []).some(scoresBothOfTwoClasses) ? [TWO_CLASS_LABEL_NOTE] : [],
  };
}

/** Why a two-class tree ensemble's label is recomputed (shown by inspect). */
const TWO_CLASS_LABEL_NOTE =
  'The label: onnxruntime labels a two-class TreeEnsembleClassifier that weighs both classes by "class-1 score above 0", ' +
  'not by the larger probability; the workbench recomputes this label as the class with the larger probability.';

/**
 * A TreeEnsembleClassifier with two class labels and leaf weights for both: onnxruntime's label is then
 * "class-1 score > 0" (its binary rule for one weight column applied to two), so it disagrees with the
 * probabilities it returns. With one weight column (as skl2onnx and our own export write) the label is right.
 */
function scoresBothOfTwoClasses(n: onnx.INodeProto): boolean {
  if (n.opType !== 'TreeEnsembleClassifier' || (n.output?.length ?? 0) < 2) return false;
  const a = (name: string) => n.attribute?.find((x) => x.name === name);
  const classes = a('classlabels_int64s')?.ints?.length ?? a('classlabels_strings')?.strings?.length ?? 0;
  return classes === 2 && new Set((a('class_ids')?.ints ?? []).map(Number)).size === 2;
}

/**
 * Makes an external model runnable in onnxruntime-node and its labels agree with its probabilities:
 * ZipMap outputs become tensors, and a two-class tree ensemble's label becomes the class of the larger probability.
 */
export function runnableOnnx(bytes: Uint8Array, label: string): Uint8Array {
  const m = decodeOnnx(bytes, label);
  const fixed = alignTwoClassLabels(m);
  return exposeZipMapTensors(fixed ? onnx.ModelProto.encode(m).finish() : bytes, label);
}

/** label = classlabels[ArgMax(probabilities)] for each node scoresBothOfTwoClasses finds; true if any. */
function alignTwoClassLabels(m: onnx.ModelProto): boolean {
  const g = m.graph!;
  const targets = (g.node ?? []).filter(scoresBothOfTwoClasses);
  targets.forEach((n, i) => {
    const [labelOut, probs] = [n.output![0]!, n.output![1]!];
    const a = (name: string) => n.attribute!.find((x) => x.name === name);
    const ints = a('classlabels_int64s')?.ints;
    const classes = `${labelOut}_classes_${i}`;
    g.initializer!.push(
      onnx.TensorProto.create(
        ints?.length
          ? { name: classes, dataType: onnx.TensorProto.DataType.INT64, dims: [2], int64Data: ints }
          : { name: classes, dataType: onnx.TensorProto.DataType.STRING, dims: [2], stringData: a('classlabels_strings')!.strings! },
      ),
    );
    // onnxruntime's own label stays computed under another name and unused.
    n.output![0] = `${labelOut}_onnxruntime`;
    const at = g.node!.indexOf(n) + 1;
    g.node!.splice(
      at,
      0,
      onnx.NodeProto.create({
        opType: 'ArgMax',
        input: [probs],
        output: [`${labelOut}_argmax`],
        attribute: [
          { name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 1 },
          { name: 'keepdims', type: onnx.AttributeProto.AttributeType.INT, i: 0 },
        ],
      }),
      onnx.NodeProto.create({ opType: 'Gather', input: [classes, `${labelOut}_argmax`], output: [labelOut] }),
    );
  });
  return targets.length > 0;
}

/**
 * onnxruntime-node cannot return ZipMap's sequence of maps: drop each ZipMap node and expose its input,
 * the probability tensor [N, classes], as a graph output under the same name.
 */
export function exposeZipMapTensors(bytes: Uint8Array, label: string): Uint8Array {
  const m = decodeOnnx(bytes, label);
  const g = m.graph!;
  const zips = (g.node ?? []).filter((n) => n.opType === 'ZipMap');
  if (!zips.length) return bytes;
  for (const z of zips) {
    const tensorName = z.input![0]!;
    const mapOut = z.output![0]!;
    const classes =
      z.attribute?.find((a) => a.name === 'classlabels_int64s')?.ints?.length ??
      z.attribute?.find((a) => a.name === 'classlabels_strings')?.strings?.length ??
      0;
    g.node = g.node!.filter((n) => n !== z);
    g.output = g.output!.map((o) =>
      o.name === mapOut
        ? onnx.ValueInfoProto.create({
            name: tensorName,
            type: {
              tensorType: {
                elemType: onnx.TensorProto.DataType.FLOAT,
                shape: { dim: [{ dimParam: 'N' }, classes ? { dimValue: classes } : { dimParam: 'C' }] },
              },
            },
          })
        : o,
    );
  }
  return onnx.ModelProto.encode(m).finish();
}
