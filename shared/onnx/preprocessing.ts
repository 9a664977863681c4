/** Fitted preprocessing written as ONNX nodes in front of a model's "features" input. */
import { onnx } from 'onnx-proto';
import type { Preprocessing } from '../ml/preprocess';
import { attr, floatTensor, INPUT_NAME, T, valueInfo } from './proto';

/** The numeric features' input of a model with preprocessing; each categorical column is its own string input. */
export const NUMERIC_INPUT = 'numeric_features';

/** Which table columns feed which input of a model with preprocessing (stored in the ONNX metadata as "inputs"). */
export interface InputMap {
  numeric: { input: string; columns: string[] } | null;
  categorical: { input: string; column: string }[];
}

export function inputMap(p: Preprocessing): InputMap {
  return {
    numeric: p.numeric.length ? { input: NUMERIC_INPUT, columns: p.numeric.map((f) => f.name) } : null,
    categorical: p.categorical.map((f) => ({ input: f.name === NUMERIC_INPUT ? `${f.name}_category` : f.name, column: f.name })),
  };
}

/**
 * Puts the fitted preprocessing in front of a model whose graph reads "features": raw numeric values
 * (NaN = missing) go through Imputer and Scaler, missing indicators are IsNaN, outlier flags
 * |x − center| > limit, categorical strings go through OneHotEncoder (unseen → zeros) or LabelEncoder
 * (target encoding; unseen → the training mean), and Concat rebuilds "features".
 */
export function attachPreprocessing(bytes: Uint8Array, p: Preprocessing): Uint8Array {
  const m = onnx.ModelProto.decode(bytes);
  const g = m.graph!;
  const map = inputMap(p);
  const nodes: onnx.INodeProto[] = [];
  const init: onnx.ITensorProto[] = [];
  const blocks: string[] = [];
  const inputs: onnx.IValueInfoProto[] = [];
  const dn = p.numeric.length;
  if (map.numeric) {
    inputs.push(valueInfo(NUMERIC_INPUT, T.FLOAT, ['N', dn]));
    let values = NUMERIC_INPUT;
    if (p.numeric.some((f) => !Number.isNaN(f.fill))) {
      nodes.push({
        opType: 'Imputer',
        domain: 'ai.onnx.ml',
        input: [values],
        output: ['pp_imputed'],
        attribute: [
          attr(
            'imputed_value_floats',
            p.numeric.map((f) => f.fill),
            'floats',
          ),
          attr('replaced_value_float', Number.NaN, 'float'),
        ],
      });
      values = 'pp_imputed';
    }
    if (p.numeric.some((f) => f.offset !== 0 || f.scale !== 1)) {
      nodes.push({
        opType: 'Scaler',
        domain: 'ai.onnx.ml',
        input: [values],
        output: ['pp_scaled'],
        attribute: [
          attr(
            'offset',
            p.numeric.map((f) => f.offset),
            'floats',
          ),
          attr(
            'scale',
            p.numeric.map((f) => f.scale),
            'floats',
          ),
        ],
      });
      values = 'pp_scaled';
    }
    blocks.push(values);
    const gather = (name: string, which: number[]) => {
      init.push({ name: `${name}_columns`, dataType: T.INT64, dims: [which.length], int64Data: which });
      nodes.push({
        opType: 'Gather',
        input: [NUMERIC_INPUT, `${name}_columns`],
        output: [`${name}_raw`],
        attribute: [attr('axis', 1, 'int')],
      });
      return `${name}_raw`;
    };
    const flagged = p.numeric.flatMap((f, j) => (f.indicator ? [j] : []));
    if (flagged.length) {
      const raw = gather('pp_missing', flagged);
      nodes.push({ opType: 'IsNaN', input: [raw], output: ['pp_missing_bool'] });
      nodes.push({ opType: 'Cast', input: ['pp_missing_bool'], output: ['pp_missing'], attribute: [attr('to', T.FLOAT, 'int')] });
      blocks.push('pp_missing');
    }
    const outliers = p.numeric.flatMap((f, j) => (f.outlier ? [j] : []));
    if (outliers.length) {
      const raw = gather('pp_outlier', outliers);
      const o = outliers.map((j) => p.numeric[j]!.outlier!);
      init.push(
        floatTensor(
          'pp_outlier_center',
          [1, o.length],
          o.map((x) => x.center),
        ),
        floatTensor(
          'pp_outlier_limit',
          [1, o.length],
          o.map((x) => x.limit),
        ),
      );
      nodes.push(
        { opType: 'Sub', input: [raw, 'pp_outlier_center'], output: ['pp_outlier_dev'] },
        { opType: 'Abs', input: ['pp_outlier_dev'], output: ['pp_outlier_abs'] },
        { opType: 'Greater', input: ['pp_outlier_abs', 'pp_outlier_limit'], output: ['pp_outlier_bool'] },
        { opType: 'Cast', input: ['pp_outlier_bool'], output: ['pp_outlier'], attribute: [attr('to', T.FLOAT, 'int')] },
      );
      blocks.push('pp_outlier');
    }
  }
  p.categorical.forEach((f, c) => {
    const input = map.categorical[c]!.input;
    inputs.push(valueInfo(input, T.STRING, ['N', 1]));
    const out = `pp_cat${c}`;
    const strings = (list: string[]) => list.map((s) => new TextEncoder().encode(s));
    if (f.encoding === 'onehot') {
      nodes.push(
        {
          opType: 'OneHotEncoder',
          domain: 'ai.onnx.ml',
          input: [input],
          output: [`${out}_3d`],
          attribute: [
            { name: 'cats_strings', type: onnx.AttributeProto.AttributeType.STRINGS, strings: strings(f.categories) },
            attr('zeros', 1, 'int'),
          ],
        },
        { opType: 'Flatten', input: [`${out}_3d`], output: [out], attribute: [attr('axis', 1, 'int')] },
      );
    } else {
      nodes.push({
        opType: 'LabelEncoder',
        domain: 'ai.onnx.ml',
        input: [input],
        output: [out],
        attribute: [
          { name: 'keys_strings', type: onnx.AttributeProto.AttributeType.STRINGS, strings: strings(f.categories) },
          attr('values_floats', f.values, 'floats'),
          attr('default_float', f.fallback, 'float'),
        ],
      });
    }
    blocks.push(out);
  });
  nodes.push(
    blocks.length === 1
      ? { opType: 'Identity', input: blocks, output: [INPUT_NAME] }
      : { opType: 'Concat', input: blocks, output: [INPUT_NAME], attribute: [attr('axis', 1, 'int')] },
  );
  g.input = inputs.map((v) => onnx.ValueInfoProto.create(v));
  g.node = [...nodes.map((n) => onnx.NodeProto.create(n)), ...(g.node ?? [])];
  g.initializer = [...init.map((t) => onnx.TensorProto.create(t)), ...(g.initializer ?? [])];
  // LabelEncoder's string → float form is ai.onnx.ml opset 2; the other ml operators are unchanged there.
  m.opsetImport = [
    ...m.opsetImport.filter((o) => o.domain !== 'ai.onnx.ml'),
    onnx.OperatorSetIdProto.create({ domain: 'ai.onnx.ml', version: 2 }),
  ];
  m.metadataProps = [
    ...m.metadataProps.filter((e) => e.key !== 'inputs' && e.key !== 'preprocessing'),
    onnx.StringStringEntryProto.create({ key: 'inputs', value: JSON.stringify(map) }),
    onnx.StringStringEntryProto.create({ key: 'preprocessing', value: JSON.stringify(p) }),
  ];
  return onnx.ModelProto.encode(m).finish();
}
