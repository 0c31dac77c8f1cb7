import { OnnxModelError } from './errors/onnx-model-error.js';
import { decodeOnnxModel } from './onnx-format/decode-onnx-model.js';
import { findAttribute, OnnxDataType, type OnnxModel, type OnnxNode } from './onnx-format/onnx-model.js';
import { TUNEKIT_METADATA } from './xgboost/xgboost-json-to-onnx.js';

const TREE_OPS = new Set(['TreeEnsembleRegressor', 'TreeEnsembleClassifier', 'TreeEnsemble']);
const ML_DOMAIN = 'ai.onnx.ml';

/** What tunekit needs to know about an ONNX tree-ensemble model before running it. */
export interface TreeEnsembleSignature {
  readonly task: 'regression' | 'classification';
  /** The ensemble operator(s) found, e.g. `['TreeEnsembleClassifier']`. */
  readonly operators: readonly string[];
  readonly inputName: string;
  /** Element type of the input: float32 or float64. */
  readonly inputType: 'float32' | 'float64';
  readonly nFeatures: number;
  /** The graph output `predict` returns. */
  readonly outputName: string;
  /** Values per row of that output, when the model declares it. */
  readonly nOutputs: number | undefined;
  readonly classLabels: readonly (number | string)[] | undefined;
  /** ai.onnx.ml opset the model imports. */
  readonly mlOpset: number | undefined;
  readonly metadata: Readonly<Record<string, string>>;
}

function isTreeNode(node: OnnxNode): boolean {
  return node.domain === ML_DOMAIN && TREE_OPS.has(node.opType);
}

function featureCountFromNodes(nodes: readonly OnnxNode[]): number {
  let max = -1;
  for (const node of nodes) {
    const ids = findAttribute(node, 'nodes_featureids');
    if (ids?.type !== 'ints') continue;
    for (let index = 0; index < ids.value.length; index++) max = Math.max(max, ids.value[index] as number);
  }
  return max + 1;
}

function classLabelsOf(node: OnnxNode | undefined, metadata: Readonly<Record<string, string>>): (number | string)[] | undefined {
  const fromMetadata = metadata[TUNEKIT_METADATA.classLabels];
  if (fromMetadata !== undefined) {
    try {
      const parsed: unknown = JSON.parse(fromMetadata);
      if (Array.isArray(parsed) && parsed.every((label) => typeof label === 'number' || typeof label === 'string')) return parsed as (number | string)[];
    } catch {
      // fall through to the operator's attributes
    }
  }
  if (node === undefined) return undefined;
  const ints = findAttribute(node, 'classlabels_int64s');
  if (ints?.type === 'ints' && ints.value.length > 0) return Array.from(ints.value);
  const strings = findAttribute(node, 'classlabels_strings');
  if (strings?.type === 'strings' && strings.value.length > 0) return [...strings.value];
  return undefined;
}

/**
 * Decode ONNX bytes and describe the tree ensemble in them, or throw `OnnxModelError`: `corrupt`
 * for bytes that are not an ONNX model, `not-tree-ensemble` when no `ai.onnx.ml` tree-ensemble
 * operator is present, `unsupported` for shapes `predict` cannot serve (several inputs, only
 * non-tensor outputs such as ZipMap's sequence of maps).
 */
export function inspectTreeEnsemble(bytes: Uint8Array, source: string, outputName?: string): { model: OnnxModel; signature: TreeEnsembleSignature } {
  let model: OnnxModel;
  try {
    model = decodeOnnxModel(bytes);
  } catch (error) {
    throw new OnnxModelError('corrupt', source, `not a valid ONNX model (${(error as Error).message})`, { cause: error });
  }
  const graph = model.graph;
  const treeNodes = graph.nodes.filter(isTreeNode);
  if (treeNodes.length === 0) {
    const ops = [...new Set(graph.nodes.map((node) => (node.domain === '' ? node.opType : `${node.domain}.${node.opType}`)))];
    throw new OnnxModelError('not-tree-ensemble', source, `not a tree-ensemble model: no ai.onnx.ml TreeEnsembleRegressor, TreeEnsembleClassifier or TreeEnsemble operator (found: ${ops.join(', ') || 'no operators'})`);
  }
  const initializerNames = new Set(graph.initializers.map((tensor) => tensor.name));
  const inputs = graph.inputs.filter((input) => !initializerNames.has(input.name));
  if (inputs.length !== 1) throw new OnnxModelError('unsupported', source, `expected one input (the feature matrix), found ${inputs.length}: ${inputs.map((input) => input.name).join(', ')}`);
  const input = inputs[0] as (typeof inputs)[number];
  if (input.kind !== 'tensor' || (input.elemType !== OnnxDataType.FLOAT && input.elemType !== OnnxDataType.DOUBLE)) {
    throw new OnnxModelError('unsupported', source, `input '${input.name}' must be a float or double tensor`);
  }
  const declared = input.shape?.[1];
  const nFeatures = typeof declared === 'number' && declared > 0 ? declared : featureCountFromNodes(treeNodes);
  const metadata = model.metadata ?? {};
  const classifier = treeNodes.find((node) => node.opType === 'TreeEnsembleClassifier');
  const taskFromMetadata = metadata[TUNEKIT_METADATA.task];
  const task = taskFromMetadata === 'classification' || taskFromMetadata === 'regression' ? taskFromMetadata : classifier !== undefined ? 'classification' : 'regression';
  const tensorOutputs = graph.outputs.filter((output) => output.kind === 'tensor' && (output.elemType === OnnxDataType.FLOAT || output.elemType === OnnxDataType.DOUBLE));
  let output = outputName === undefined ? undefined : graph.outputs.find((candidate) => candidate.name === outputName);
  if (outputName !== undefined && output === undefined) {
    throw new OnnxModelError('unsupported', source, `no graph output named '${outputName}' (outputs: ${graph.outputs.map((candidate) => candidate.name).join(', ')})`);
  }
  if (output === undefined) {
    // Classifiers: the probabilities (the operator's second output, or an output so named).
    const probabilityName = classifier?.outputs[1];
    output = tensorOutputs.find((candidate) => candidate.name === probabilityName) ?? tensorOutputs.find((candidate) => candidate.name === 'probabilities') ?? tensorOutputs[0];
  }
  if (output === undefined) {
    const hint = graph.outputs.some((candidate) => candidate.kind !== 'tensor') ? ' (a ZipMap output is a sequence of maps: export without ZipMap, e.g. skl2onnx options {zipmap: False})' : '';
    throw new OnnxModelError('unsupported', source, `no float tensor output to read predictions from${hint}`);
  }
  const width = output.shape?.length === 2 ? output.shape[1] : output.shape?.length === 1 ? 1 : undefined;
  const classLabels = task === 'classification' ? classLabelsOf(classifier, metadata) : undefined;
  const mlOpset = model.opsetImports.find((opset) => opset.domain === ML_DOMAIN)?.version;
  return {
    model,
    signature: {
      task,
      operators: [...new Set(treeNodes.map((node) => node.opType))],
      inputName: input.name,
      inputType: input.elemType === OnnxDataType.DOUBLE ? 'float64' : 'float32',
      nFeatures,
      outputName: output.name,
      nOutputs: typeof width === 'number' ? width : classLabels?.length,
      classLabels,
      mlOpset,
      metadata,
    },
  };
}
