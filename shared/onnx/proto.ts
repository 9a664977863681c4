/** The ONNX building blocks the writers here share: tensors, attributes, value infos and the model envelope. */
import { onnx } from 'onnx-proto';

export const INPUT_NAME = 'features';

export const T = onnx.TensorProto.DataType;

export function floatTensor(name: string, dims: number[], values: ArrayLike<number>): onnx.ITensorProto {
  return { name, dataType: T.FLOAT, dims, floatData: Array.from(values) };
}

export function attr(
  name: string,
  value: number | string | number[] | string[],
  kind: 'int' | 'float' | 'string' | 'ints' | 'floats',
): onnx.IAttributeProto {
  const A = onnx.AttributeProto.AttributeType;
  switch (kind) {
    case 'int':
      return { name, type: A.INT, i: value as number };
    case 'float':
      return { name, type: A.FLOAT, f: value as number };
    case 'string':
      return { name, type: A.STRING, s: new TextEncoder().encode(value as string) };
    case 'ints':
      return { name, type: A.INTS, ints: value as number[] };
    case 'floats':
      return { name, type: A.FLOATS, floats: value as number[] };
  }
}

export function valueInfo(name: string, elemType: number, dims: (number | string)[]): onnx.IValueInfoProto {
  return {
    name,
    type: { tensorType: { elemType, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } },
  };
}

export function model(graph: onnx.IGraphProto, metadata: Record<string, string>, ml: boolean): Uint8Array {
  const proto = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'analyst-workbench',
    producerVersion: '0.1.0',
    opsetImport: [{ domain: '', version: 13 }, ...(ml ? [{ domain: 'ai.onnx.ml', version: 1 }] : [])],
    graph,
    metadataProps: Object.entries(metadata).map(([key, value]) => ({ key, value })),
  });
  return onnx.ModelProto.encode(proto).finish();
}
