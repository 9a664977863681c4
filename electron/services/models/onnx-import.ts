/** Reading external ONNX files: what they take and give, and a rewrite for ZipMap outputs. */
import { onnx } from 'onnx-proto';
import { ErrorCode, WorkbenchError } from '../../../shared/api/result';
import type { OnnxInfo } from '../../../shared/onnx-types';

export type { OnnxInfo, OnnxPort } from '../../../shared/onnx-types';

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
    throw new WorkbenchError(ErrorCode.BadInput, `${label}: not a readable ONNX model (${e instanceof Error ? e.message : String(e)}).`);
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
  };
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
