/**
 * Writes trained models as standard ONNX (ai.onnx + ai.onnx.ml operators) through protobufjs and the
 * official ONNX schema (onnx-proto), never by hand-encoding bytes.
 */
import { onnx } from 'onnx-proto';
import type { BoostingModel, TreeNode } from '../ml/boosting';
import type { ForestModel } from '../ml/forest';
import type { KMeansModel } from '../ml/kmeans';
import type { LogisticModel } from '../ml/logistic';
import { attr, floatTensor, INPUT_NAME, model, T, valueInfo } from './proto';

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
