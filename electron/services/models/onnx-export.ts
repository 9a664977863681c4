/**
 * Writes trained models as standard ONNX (ai.onnx + ai.onnx.ml operators) through protobufjs and the
 * official ONNX schema (onnx-proto), never by hand-encoding bytes.
 */
import { onnx } from 'onnx-proto';
import type { BoostingModel, TreeNode } from '../../../shared/ml/boosting';
import type { ForestModel } from '../../../shared/ml/forest';
import type { KMeansModel } from '../../../shared/ml/kmeans';
import type { LogisticModel } from '../../../shared/ml/logistic';
import type { Preprocessing } from '../../../shared/ml/preprocess';

export const INPUT_NAME = 'features';

const T = onnx.TensorProto.DataType;

function floatTensor(name: string, dims: number[], values: ArrayLike<number>): onnx.ITensorProto {
  return { name, dataType: T.FLOAT, dims, floatData: Array.from(values) };
}

function attr(
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

function valueInfo(name: string, elemType: number, dims: (number | string)[]): onnx.IValueInfoProto {
  return {
    name,
    type: { tensorType: { elemType, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } },
  };
}

function model(graph: onnx.IGraphProto, metadata: Record<string, string>, ml: boolean): Uint8Array {
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

/** Scaler → LinearClassifier with two rows (−w, w) so the LOGISTIC transform yields [1 − p, p]. */
export function logisticToOnnx(m: LogisticModel, metadata: Record<string, string> = {}): Uint8Array {
  const d = m.features.length;
  const w = Array.from(m.coefficients);
  const graph: onnx.IGraphProto = {
    name: 'logistic_regression',
    input: [valueInfo(INPUT_NAME, T.FLOAT, ['N', d])],
    output: [valueInfo('label', T.INT64, ['N']), valueInfo('probabilities', T.FLOAT, ['N', 2])],
    node: [
      ...(m.imputeValues
        ? [
            {
              opType: 'Imputer',
              domain: 'ai.onnx.ml',
              input: [INPUT_NAME],
              output: ['imputed'],
              attribute: [
                attr('imputed_value_floats', Array.from(m.imputeValues), 'floats'),
                attr('replaced_value_float', Number.NaN, 'float'),
              ],
            },
          ]
        : []),
      {
        opType: 'Scaler',
        domain: 'ai.onnx.ml',
        input: [m.imputeValues ? 'imputed' : INPUT_NAME],
        output: ['scaled'],
        attribute: [
          attr('offset', Array.from(m.scalerMean), 'floats'),
          attr(
            'scale',
            Array.from(m.scalerScale, (s) => 1 / s),
            'floats',
          ),
        ],
      },
      {
        opType: 'LinearClassifier',
        domain: 'ai.onnx.ml',
        input: ['scaled'],
        output: ['label', 'probabilities'],
        attribute: [
          attr('coefficients', [...w.map((x) => -x), ...w], 'floats'),
          attr('intercepts', [-m.intercept, m.intercept], 'floats'),
          attr('classlabels_ints', [0, 1], 'ints'),
          attr('post_transform', 'LOGISTIC', 'string'),
          attr('multi_class', 0, 'int'),
        ],
      },
    ],
  };
  return model(graph, { algorithm: 'logistic_regression', features: JSON.stringify(m.features), classes: '[0,1]', ...metadata }, true);
}

/** Squared distances ‖x‖² − 2x·c + ‖c‖² to every centre, then ArgMin: standard ai.onnx operators only. */
export function kmeansToOnnx(m: KMeansModel, metadata: Record<string, string> = {}): Uint8Array {
  const d = m.features.length;
  const k = m.k;
  const ct = new Float64Array(d * k);
  const c2 = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    for (let f = 0; f < d; f++) {
      const v = m.centroids[j * d + f]!;
      ct[f * k + j] = v;
      c2[j]! += v * v;
    }
  }
  const graph: onnx.IGraphProto = {
    name: 'kmeans',
    input: [valueInfo(INPUT_NAME, T.FLOAT, ['N', d])],
    output: [valueInfo('label', T.INT64, ['N']), valueInfo('distances', T.FLOAT, ['N', k])],
    initializer: [floatTensor('centroids_t', [d, k], ct), floatTensor('centroid_norms', [1, k], c2), floatTensor('minus_two', [], [-2])],
    node: [
      {
        opType: 'ReduceSumSquare',
        input: [INPUT_NAME],
        output: ['x_norms'],
        attribute: [attr('axes', [1], 'ints'), attr('keepdims', 1, 'int')],
      },
      { opType: 'MatMul', input: [INPUT_NAME, 'centroids_t'], output: ['xc'] },
      { opType: 'Mul', input: ['xc', 'minus_two'], output: ['xc2'] },
      { opType: 'Add', input: ['x_norms', 'xc2'], output: ['partial'] },
      { opType: 'Add', input: ['partial', 'centroid_norms'], output: ['distances'] },
      { opType: 'ArgMin', input: ['distances'], output: ['label'], attribute: [attr('axis', 1, 'int'), attr('keepdims', 0, 'int')] },
    ],
  };
  return model(graph, { algorithm: 'kmeans', features: JSON.stringify(m.features), k: String(k), ...metadata }, false);
}

/** The node attributes shared by TreeEnsembleClassifier and TreeEnsembleRegressor, and each leaf's place and value. */
function ensembleNodes(trees: TreeNode[][]): {
  attributes: onnx.IAttributeProto[];
  leaves: { tree: number; node: number; value: number }[];
} {
  const n = {
    treeids: [] as number[],
    nodeids: [] as number[],
    featureids: [] as number[],
    values: [] as number[],
    modes: [] as string[],
    trueids: [] as number[],
    falseids: [] as number[],
    missingTrue: [] as number[],
  };
  const leaves: { tree: number; node: number; value: number }[] = [];
  trees.forEach((tree, t) => {
    tree.forEach((node, k) => {
      const leaf = node.feature < 0;
      n.treeids.push(t);
      n.nodeids.push(k);
      n.featureids.push(leaf ? 0 : node.feature);
      // −∞ ("only missing goes left") is written as the lowest float32.
      n.values.push(leaf ? 0 : Number.isFinite(node.threshold) ? node.threshold : -3.4028234663852886e38);
      n.modes.push(leaf ? 'LEAF' : 'BRANCH_LEQ');
      n.trueids.push(leaf ? 0 : node.left);
      n.falseids.push(leaf ? 0 : node.right);
      n.missingTrue.push(leaf ? 0 : 1);
      if (leaf) leaves.push({ tree: t, node: k, value: node.value });
    });
  });
  const attributes = [
    attr('nodes_treeids', n.treeids, 'ints'),
    attr('nodes_nodeids', n.nodeids, 'ints'),
    attr('nodes_featureids', n.featureids, 'ints'),
    attr('nodes_values', n.values, 'floats'),
    {
      name: 'nodes_modes',
      type: onnx.AttributeProto.AttributeType.STRINGS,
      strings: n.modes.map((x) => new TextEncoder().encode(x)),
    },
    attr('nodes_truenodeids', n.trueids, 'ints'),
    attr('nodes_falsenodeids', n.falseids, 'ints'),
    attr('nodes_missing_value_tracks_true', n.missingTrue, 'ints'),
  ];
  return { attributes, leaves };
}

/**
 * A tree ensemble as one ai.onnx.ml operator. Classifier: raw score = base + Σ weight·leaf, and the
 * post transform (LOGISTIC for boosting, NONE for a forest's averaged shares) gives [1 − p, p].
 * Regressor: base + Σ (SUM) or the trees' mean (AVERAGE), as output "variable" [N, 1].
 */
function ensembleToOnnx(
  name: string,
  trees: TreeNode[][],
  features: string[],
  task: 'classification' | 'regression',
  o: { base: number; leafScale: number; postTransform: 'LOGISTIC' | 'NONE'; aggregate: 'SUM' | 'AVERAGE' },
  metadata: Record<string, string>,
): Uint8Array {
  const { attributes, leaves } = ensembleNodes(trees);
  const input = [valueInfo(INPUT_NAME, T.FLOAT, ['N', features.length])];
  const meta = { algorithm: name, features: JSON.stringify(features), trees: String(trees.length), task, ...metadata };
  if (task === 'regression') {
    const graph: onnx.IGraphProto = {
      name,
      input,
      output: [valueInfo('variable', T.FLOAT, ['N', 1])],
      node: [
        {
          opType: 'TreeEnsembleRegressor',
          domain: 'ai.onnx.ml',
          input: [INPUT_NAME],
          output: ['variable'],
          attribute: [
            ...attributes,
            attr(
              'target_treeids',
              leaves.map((l) => l.tree),
              'ints',
            ),
            attr(
              'target_nodeids',
              leaves.map((l) => l.node),
              'ints',
            ),
            attr(
              'target_ids',
              leaves.map(() => 0),
              'ints',
            ),
            attr(
              'target_weights',
              leaves.map((l) => l.value * o.leafScale),
              'floats',
            ),
            attr('n_targets', 1, 'int'),
            attr('base_values', [o.base], 'floats'),
            attr('aggregate_function', o.aggregate, 'string'),
            attr('post_transform', 'NONE', 'string'),
          ],
        },
      ],
    };
    return model(graph, meta, true);
  }
  const graph: onnx.IGraphProto = {
    name,
    input,
    output: [valueInfo('label', T.INT64, ['N']), valueInfo('probabilities', T.FLOAT, ['N', 2])],
    node: [
      {
        opType: 'TreeEnsembleClassifier',
        domain: 'ai.onnx.ml',
        input: [INPUT_NAME],
        output: ['label', 'probabilities'],
        attribute: [
          ...attributes,
          attr(
            'class_treeids',
            leaves.map((l) => l.tree),
            'ints',
          ),
          attr(
            'class_nodeids',
            leaves.map((l) => l.node),
            'ints',
          ),
          attr(
            'class_ids',
            leaves.map(() => 0),
            'ints',
          ),
          attr(
            'class_weights',
            leaves.map((l) => l.value * o.leafScale),
            'floats',
          ),
          attr('classlabels_int64s', [0, 1], 'ints'),
          ...(o.base ? [attr('base_values', [o.base], 'floats')] : []),
          attr('post_transform', o.postTransform, 'string'),
        ],
      },
    ],
  };
  return model(graph, { ...meta, classes: '[0,1]' }, true);
}

/** Boosted trees: TreeEnsembleClassifier with LOGISTIC (log loss) or TreeEnsembleRegressor summing (squared error). */
export function boostingToOnnx(m: BoostingModel, metadata: Record<string, string> = {}): Uint8Array {
  const task = m.loss === 'squared' ? 'regression' : 'classification';
  return ensembleToOnnx(
    'gradient_boosting',
    m.trees,
    m.features,
    task,
    { base: m.baseScore, leafScale: 1, postTransform: 'LOGISTIC', aggregate: 'SUM' },
    metadata,
  );
}

/** A random forest: the trees' average, as class-1 share (classifier, weights scaled by 1/trees) or value (regressor). */
export function forestToOnnx(m: ForestModel, metadata: Record<string, string> = {}): Uint8Array {
  return ensembleToOnnx(
    'random_forest',
    m.trees,
    m.features,
    m.task,
    { base: 0, leafScale: m.task === 'classification' ? 1 / m.trees.length : 1, postTransform: 'NONE', aggregate: 'AVERAGE' },
    metadata,
  );
}

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
