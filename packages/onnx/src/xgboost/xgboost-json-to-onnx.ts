import { encodeOnnxModel } from '../onnx-format/encode-onnx-model.js';
import { OnnxDataType, type OnnxAttribute, type OnnxModel, type OnnxNode, type OnnxTensor, type OnnxValueInfo } from '../onnx-format/onnx-model.js';
import { isXGBoostBinaryModel, parseXGBoostBinary } from './parse-xgboost-binary.js';
import { parseXGBoostJson } from './parse-xgboost-json.js';
import { baseMargin, firstRounds, objectiveInfo, roundCount, type XGBoostModel, type XGBoostTree } from './xgboost-model.js';

/** Options of `xgboostJsonToOnnx`. */
export interface XGBoostToOnnxOptions {
  /**
   * Use only the first `ntreeLimit` boosting rounds (XGBoost's `iteration_range=(0, k)`; with
   * `num_parallel_tree > 1` or several classes a round holds several trees). Default: all.
   */
  readonly ntreeLimit?: number;
  /**
   * `3` (default): `ai.onnx.ml` opset 3 `TreeEnsembleRegressor` (`TreeEnsembleClassifier` for
   * multi-class), which every ONNX runtime since 2019 runs. `5`: the opset-5 `TreeEnsemble`
   * operator (onnxruntime >= 1.20). Objective transforms use standard operators (opset 17).
   */
  readonly opset?: 3 | 5;
  /** Name of the graph input (default `'input'`, float32 `[N, nFeatures]`). */
  readonly inputName?: string;
}

/** Graph outputs of converted models: `variable` for regressors, `label` + `probabilities` for classifiers. */
export const ONNX_OUTPUT_NAMES = { value: 'variable', label: 'label', probabilities: 'probabilities' } as const;

/** Metadata keys tunekit writes into converted models (read back by `OnnxBoostedModel.load`). */
export const TUNEKIT_METADATA = {
  task: 'tunekit.task',
  objective: 'tunekit.xgboost_objective',
  classLabels: 'tunekit.class_labels',
  rounds: 'tunekit.rounds',
} as const;

/** Accept a parsed model, JSON text, a parsed JSON document, or legacy binary bytes. */
export function toXGBoostModel(input: XGBoostModel | string | object | Uint8Array): XGBoostModel {
  if (input instanceof Uint8Array) {
    if (isXGBoostBinaryModel(input)) return parseXGBoostBinary(input);
    return parseXGBoostJson(new TextDecoder().decode(input));
  }
  if (typeof input === 'object' && input !== null && 'trees' in input && 'treeGroups' in input) return input as XGBoostModel;
  return parseXGBoostJson(input as string | object);
}

/** The reachable nodes of a tree in depth-first order (root first). */
function reachable(tree: XGBoostTree): number[] {
  const order: number[] = [];
  const stack = [0];
  while (stack.length > 0) {
    const node = stack.pop() as number;
    order.push(node);
    if (tree.left[node] !== -1) stack.push(tree.right[node] as number, tree.left[node] as number);
  }
  return order;
}

const ML = 'ai.onnx.ml';
const ints = (name: string, value: ArrayLike<number>): OnnxAttribute => ({ name, type: 'ints', value });
const floats = (name: string, value: ArrayLike<number>): OnnxAttribute => ({ name, type: 'floats', value });
const text = (name: string, value: string): OnnxAttribute => ({ name, type: 'string', value });

/** Opset-3 node attributes: one entry per reachable node, one weight entry per leaf. */
function legacyEnsembleAttributes(model: XGBoostModel, weightPrefix: 'target' | 'class', margin: number): OnnxAttribute[] {
  const nodeTree: number[] = [];
  const nodeId: number[] = [];
  const featureId: number[] = [];
  const value: number[] = [];
  const mode: string[] = [];
  const trueId: number[] = [];
  const falseId: number[] = [];
  const missingTrue: number[] = [];
  const leafTree: number[] = [];
  const leafNode: number[] = [];
  const leafTarget: number[] = [];
  const leafWeight: number[] = [];
  // The base margin enters as one single-leaf tree per output ahead of the real trees, not as
  // base_values: runtimes add base_values after the trees, XGBoost starts from the base margin,
  // and float32 sums depend on the order.
  for (let group = 0; group < model.nGroups; group++) {
    nodeTree.push(group);
    nodeId.push(0);
    featureId.push(0);
    value.push(0);
    mode.push('LEAF');
    trueId.push(0);
    falseId.push(0);
    missingTrue.push(0);
    leafTree.push(group);
    leafNode.push(0);
    leafTarget.push(group);
    leafWeight.push(margin);
  }
  model.trees.forEach((tree, xgboostIndex) => {
    const treeIndex = xgboostIndex + model.nGroups;
    for (const node of reachable(tree)) {
      nodeTree.push(treeIndex);
      nodeId.push(node);
      const left = tree.left[node] as number;
      if (left === -1) {
        featureId.push(0);
        value.push(0);
        mode.push('LEAF');
        trueId.push(0);
        falseId.push(0);
        missingTrue.push(0);
        leafTree.push(treeIndex);
        leafNode.push(node);
        leafTarget.push(model.treeGroups[xgboostIndex] as number);
        leafWeight.push(tree.threshold[node] as number);
      } else {
        // XGBoost: x < threshold goes left; a missing value follows the default direction.
        featureId.push(tree.feature[node] as number);
        value.push(tree.threshold[node] as number);
        mode.push('BRANCH_LT');
        trueId.push(left);
        falseId.push(tree.right[node] as number);
        missingTrue.push(tree.defaultLeft[node] as number);
      }
    }
  });
  return [
    ints('nodes_treeids', nodeTree),
    ints('nodes_nodeids', nodeId),
    ints('nodes_featureids', featureId),
    floats('nodes_values', value),
    { name: 'nodes_modes', type: 'strings', value: mode },
    ints('nodes_truenodeids', trueId),
    ints('nodes_falsenodeids', falseId),
    ints('nodes_missing_value_tracks_true', missingTrue),
    ints(`${weightPrefix}_treeids`, leafTree),
    ints(`${weightPrefix}_nodeids`, leafNode),
    ints(`${weightPrefix}_ids`, leafTarget),
    floats(`${weightPrefix}_weights`, leafWeight),
  ];
}

/** Opset-5 `TreeEnsemble` attributes: branches and leaves in separate arrays, bias trees first. */
function treeEnsembleAttributes(model: XGBoostModel, margin: number): OnnxAttribute[] {
  const splits: number[] = [];
  const featureIds: number[] = [];
  const trueIds: number[] = [];
  const trueLeafs: number[] = [];
  const falseIds: number[] = [];
  const falseLeafs: number[] = [];
  const missingTrue: number[] = [];
  const leafTargets: number[] = [];
  const leafWeights: number[] = [];
  const roots: number[] = [];
  // The operator's roots are branches: a single leaf becomes a branch whose two sides both lead to it.
  const singleLeaf = (group: number, weight: number) => {
    roots.push(splits.length);
    splits.push(0);
    featureIds.push(0);
    missingTrue.push(0);
    trueIds.push(leafWeights.length);
    trueLeafs.push(1);
    falseIds.push(leafWeights.length);
    falseLeafs.push(1);
    leafTargets.push(group);
    leafWeights.push(weight);
  };
  for (let group = 0; group < model.nGroups; group++) singleLeaf(group, margin);
  model.trees.forEach((tree, treeIndex) => {
    const group = model.treeGroups[treeIndex] as number;
    if (tree.left[0] === -1) {
      singleLeaf(group, tree.threshold[0] as number);
      return;
    }
    const branchIndex = new Map<number, number>();
    const leafIndex = new Map<number, number>();
    for (const node of reachable(tree)) {
      if (tree.left[node] === -1) {
        leafIndex.set(node, leafWeights.length);
        leafTargets.push(group);
        leafWeights.push(tree.threshold[node] as number);
      } else {
        branchIndex.set(node, splits.length);
        splits.push(tree.threshold[node] as number);
        featureIds.push(tree.feature[node] as number);
        missingTrue.push(tree.defaultLeft[node] as number);
        trueIds.push(0);
        trueLeafs.push(0);
        falseIds.push(0);
        falseLeafs.push(0);
      }
    }
    roots.push(branchIndex.get(0) as number);
    for (const [node, index] of branchIndex) {
      const left = tree.left[node] as number;
      const right = tree.right[node] as number;
      trueLeafs[index] = leafIndex.has(left) ? 1 : 0;
      trueIds[index] = (leafIndex.get(left) ?? branchIndex.get(left)) as number;
      falseLeafs[index] = leafIndex.has(right) ? 1 : 0;
      falseIds[index] = (leafIndex.get(right) ?? branchIndex.get(right)) as number;
    }
  });
  const tensor = (name: string, dataType: number, data: number[]): OnnxAttribute => ({ name, type: 'tensor', value: { dataType, dims: [data.length], data } });
  return [
    tensor('nodes_splits', OnnxDataType.FLOAT, splits),
    ints('nodes_featureids', featureIds),
    // 1 = BRANCH_LT in the opset-5 mode encoding.
    tensor('nodes_modes', OnnxDataType.UINT8, splits.map(() => 1)),
    ints('nodes_truenodeids', trueIds),
    ints('nodes_trueleafs', trueLeafs),
    ints('nodes_falsenodeids', falseIds),
    ints('nodes_falseleafs', falseLeafs),
    ints('nodes_missing_value_tracks_true', missingTrue),
    ints('leaf_targetids', leafTargets),
    tensor('leaf_weights', OnnxDataType.FLOAT, leafWeights),
    ints('tree_roots', roots),
    { name: 'n_targets', type: 'int', value: model.nGroups },
    { name: 'aggregate_function', type: 'int', value: 1 },
    { name: 'post_transform', type: 'int', value: 0 },
  ];
}

function node(opType: string, inputs: string[], outputs: string[], attributes: OnnxAttribute[] = [], domain = ''): OnnxNode {
  return { opType, domain, name: outputs[0] as string, inputs, outputs, attributes };
}

/**
 * Standard operators for the objective's transform. Composed from Exp rather than onnxruntime's
 * Sigmoid / Softmax kernels and TreeEnsemble LOGISTIC post-transform, which approximate: Sigmoid
 * clamps margins below about -18 and LOGISTIC computes small probabilities as `1 - v` (errors up
 * to 5e-4 relative at margin -10), while Exp is accurate to float32 rounding.
 */
function sigmoidNodes(input: string, output: string): OnnxNode[] {
  return [
    node('Neg', [input], [`${output}_neg`]),
    node('Exp', [`${output}_neg`], [`${output}_exp`]),
    node('Add', [`${output}_exp`, 'one'], [`${output}_denominator`]),
    node('Reciprocal', [`${output}_denominator`], [output]),
  ];
}

function softmaxNodes(input: string, output: string): OnnxNode[] {
  const axes = { name: 'axes', type: 'ints', value: [1] } as const;
  const keep = { name: 'keepdims', type: 'int', value: 1 } as const;
  return [
    node('ReduceMax', [input], [`${output}_max`], [axes, keep]),
    node('Sub', [input, `${output}_max`], [`${output}_shifted`]),
    node('Exp', [`${output}_shifted`], [`${output}_exp`]),
    node('ReduceSum', [`${output}_exp`, 'axis_one'], [`${output}_sum`], [keep]),
    node('Div', [`${output}_exp`, `${output}_sum`], [output]),
  ];
}

/** Build the ONNX graph (as data) of an XGBoost model. */
export function xgboostToOnnxModel(input: XGBoostModel | string | object | Uint8Array, options: XGBoostToOnnxOptions = {}): OnnxModel {
  let model = toXGBoostModel(input);
  if (options.ntreeLimit !== undefined) model = firstRounds(model, options.ntreeLimit);
  const info = objectiveInfo(model);
  const margin = baseMargin(model);
  const inputName = options.inputName ?? 'input';
  const opset = options.opset ?? 3;
  const nGroups = model.nGroups;
  const classification = info.task === 'classification';
  const nClasses = classification ? Math.max(2, model.nClasses) : 0;
  const nodes: OnnxNode[] = [];
  const initializers: OnnxTensor[] = [
    { name: 'one', dataType: OnnxDataType.FLOAT, dims: [1], data: [1] },
    { name: 'axis_one', dataType: OnnxDataType.INT64, dims: [1], data: [1] },
  ];
  const { value, label, probabilities } = ONNX_OUTPUT_NAMES;

  if (opset === 3 && classification && nGroups > 1) {
    // Multi-class: the conventional TreeEnsembleClassifier; its SOFTMAX is exact enough (plain exp).
    const attributes = legacyEnsembleAttributes(model, 'class', margin);
    attributes.push(ints('classlabels_int64s', Array.from({ length: nClasses }, (_, index) => index)), text('post_transform', 'SOFTMAX'));
    nodes.push(node('TreeEnsembleClassifier', [inputName], [label, probabilities], attributes, ML));
  } else {
    // Margins [N, groups], then the transform in standard operators.
    if (opset === 3) {
      const attributes = legacyEnsembleAttributes(model, 'target', margin);
      attributes.push({ name: 'n_targets', type: 'int', value: nGroups }, text('aggregate_function', 'SUM'), text('post_transform', 'NONE'));
      nodes.push(node('TreeEnsembleRegressor', [inputName], ['margin'], attributes, ML));
    } else {
      nodes.push(node('TreeEnsemble', [inputName], ['margin'], treeEnsembleAttributes(model, margin), ML));
    }
    if (!classification) {
      if (info.transform === 'logistic') nodes.push(...sigmoidNodes('margin', value));
      else nodes.push(node(info.transform === 'exp' ? 'Exp' : 'Identity', ['margin'], [value]));
    } else {
      if (nGroups === 1) {
        nodes.push(...sigmoidNodes('margin', 'positive'));
        nodes.push(node('Sub', ['one', 'positive'], ['negative']));
        nodes.push(node('Concat', ['negative', 'positive'], [probabilities], [{ name: 'axis', type: 'int', value: 1 }]));
      } else {
        nodes.push(...softmaxNodes('margin', probabilities));
      }
      nodes.push(node('ArgMax', [probabilities], [label], [{ name: 'axis', type: 'int', value: 1 }, { name: 'keepdims', type: 'int', value: 0 }]));
    }
  }
  const used = new Set(nodes.flatMap((entry) => entry.inputs));

  const outputs: OnnxValueInfo[] = classification
    ? [
        { name: label, kind: 'tensor', elemType: OnnxDataType.INT64, shape: ['N'] },
        { name: probabilities, kind: 'tensor', elemType: OnnxDataType.FLOAT, shape: ['N', nClasses] },
      ]
    : [{ name: value, kind: 'tensor', elemType: OnnxDataType.FLOAT, shape: ['N', 1] }];
  const version = model.version === undefined ? '' : ` ${model.version.join('.')}`;
  return {
    irVersion: 8,
    opsetImports: [
      { domain: '', version: 17 },
      { domain: ML, version: opset },
    ],
    producerName: 'tunekit',
    docString: `XGBoost${version} ${model.objective} model, ${roundCount(model)} rounds, converted by @tunekit/onnx`,
    metadata: {
      [TUNEKIT_METADATA.task]: info.task,
      [TUNEKIT_METADATA.objective]: model.objective,
      [TUNEKIT_METADATA.rounds]: String(roundCount(model)),
      ...(classification ? { [TUNEKIT_METADATA.classLabels]: JSON.stringify(Array.from({ length: nClasses }, (_, index) => index)) } : {}),
    },
    graph: {
      name: `xgboost_${model.objective.replace(':', '_')}`,
      nodes,
      inputs: [{ name: inputName, kind: 'tensor', elemType: OnnxDataType.FLOAT, shape: ['N', model.nFeatures] }],
      outputs,
      initializers: initializers.filter((tensor) => used.has(tensor.name as string)),
    },
  };
}

/**
 * Convert an XGBoost model (JSON text or document from `save_model('m.json')`, XGBoost 1.7+, or
 * legacy binary bytes) to ONNX protobuf bytes.
 *
 * Regression objectives give a graph with one output `variable` `[N, 1]`; `binary:logistic`,
 * `multi:softprob` and `multi:softmax` give `label` `[N]` and `probabilities` `[N, classes]`
 * (`[1 - p, p]` for binary). Missing values (NaN) take each split's learned default direction.
 */
export function xgboostJsonToOnnx(json: string | object | Uint8Array, options: XGBoostToOnnxOptions = {}): Uint8Array {
  return encodeOnnxModel(xgboostToOnnxModel(json, options));
}
