import { XGBoostModelError } from '../errors/xgboost-model-error.js';
import { checkTree } from './parse-xgboost-json.js';
import { objectiveInfo, type XGBoostModel, type XGBoostTree } from './xgboost-model.js';

// Struct sizes of XGBoost 1.x's legacy binary format (src/learner.cc, src/gbm/gbtree_model.h,
// include/xgboost/tree_model.h): LearnerModelParamLegacy, GBTreeModelParam, TreeParam, Node,
// RTreeNodeStat. All little-endian, packed.
const LEARNER_PARAM_BYTES = 136;
const GBTREE_PARAM_BYTES = 160;
const TREE_PARAM_BYTES = 148;
const NODE_BYTES = 20;
const NODE_STAT_BYTES = 16;

/** Whether `bytes` start like XGBoost's legacy binary model format (`binf` magic). */
export function isXGBoostBinaryModel(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x62 && bytes[1] === 0x69 && bytes[2] === 0x6e && bytes[3] === 0x66;
}

class Cursor {
  readonly view: DataView;
  position = 0;
  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  need(count: number, what: string): void {
    if (this.position + count > this.bytes.length) throw new XGBoostModelError(what, `truncated model file (needs ${count} bytes at offset ${this.position}, ${this.bytes.length - this.position} left)`);
  }
  skip(count: number, what: string): void {
    this.need(count, what);
    this.position += count;
  }
  int32(what: string): number {
    this.need(4, what);
    const value = this.view.getInt32(this.position, true);
    this.position += 4;
    return value;
  }
  uint64(what: string): number {
    this.need(8, what);
    const value = this.view.getBigUint64(this.position, true);
    this.position += 8;
    if (value > BigInt(this.bytes.length)) throw new XGBoostModelError(what, `length ${value} exceeds the file size`);
    return Number(value);
  }
  string(what: string): string {
    const length = this.uint64(what);
    this.need(length, what);
    const text = new TextDecoder().decode(this.bytes.subarray(this.position, this.position + length));
    this.position += length;
    return text;
  }
}

/**
 * Read a model in XGBoost's legacy binary format: what the `xgboost` command-line program writes
 * for `model_out` / `save_period` checkpoints (`0001.model`, ...) and `save_model('m.model')`
 * in XGBoost 1.x. Only `gbtree` boosters.
 */
export function parseXGBoostBinary(bytes: Uint8Array): XGBoostModel {
  const cursor = new Cursor(bytes);
  if (isXGBoostBinaryModel(bytes)) cursor.position = 4;
  else if (bytes.length >= 4 && new TextDecoder().decode(bytes.subarray(0, 4)) === 'bs64') throw new XGBoostModelError('', 'base64-encoded binary models are not supported');
  cursor.need(LEARNER_PARAM_BYTES, 'header');
  const header = cursor.position;
  const baseScore = cursor.view.getFloat32(header, true);
  const nFeatures = cursor.view.getUint32(header + 4, true);
  const nClasses = cursor.view.getInt32(header + 8, true);
  const hasAttributes = cursor.view.getInt32(header + 12, true) !== 0;
  const major = cursor.view.getUint32(header + 20, true);
  const minor = cursor.view.getUint32(header + 24, true);
  const nTargets = cursor.view.getUint32(header + 28, true);
  cursor.position += LEARNER_PARAM_BYTES;
  if (nTargets > 1) throw new XGBoostModelError('header.num_target', `multi-target models are not supported (num_target = ${nTargets})`);
  if (nFeatures < 1 || nFeatures > 1e8) throw new XGBoostModelError('header.num_feature', `implausible feature count ${nFeatures}: not an XGBoost binary model?`);
  if (nClasses < 0 || nClasses > 1e6) throw new XGBoostModelError('header.num_class', `implausible class count ${nClasses}: not an XGBoost binary model?`);
  const objective = cursor.string('objective name');
  objectiveInfo({ objective });
  const boosterName = cursor.string('booster name');
  if (boosterName !== 'gbtree') throw new XGBoostModelError('booster', `only the gbtree booster is supported, got '${boosterName}'`);

  cursor.need(GBTREE_PARAM_BYTES, 'gbtree parameters');
  const numTrees = cursor.view.getInt32(cursor.position, true);
  const numParallelTree = Math.max(1, cursor.view.getInt32(cursor.position + 4, true));
  const sizeLeafVector = cursor.view.getInt32(cursor.position + 32, true);
  cursor.position += GBTREE_PARAM_BYTES;
  if (numTrees < 0 || numTrees * (TREE_PARAM_BYTES + NODE_BYTES + NODE_STAT_BYTES) > bytes.length - cursor.position) {
    throw new XGBoostModelError('gbtree.num_trees', `${numTrees} trees do not fit in the ${bytes.length - cursor.position} bytes left: truncated model file?`);
  }
  if (sizeLeafVector > 1) throw new XGBoostModelError('gbtree.size_leaf_vector', 'vector leaves are not supported');

  const trees: XGBoostTree[] = [];
  for (let index = 0; index < numTrees; index++) {
    const what = `trees[${index}]`;
    cursor.need(TREE_PARAM_BYTES, what);
    const numNodes = cursor.view.getInt32(cursor.position + 4, true);
    cursor.position += TREE_PARAM_BYTES;
    if (numNodes < 1) throw new XGBoostModelError(`${what}.num_nodes`, `expected at least one node, got ${numNodes}`);
    cursor.need(numNodes * (NODE_BYTES + NODE_STAT_BYTES), what);
    const tree: XGBoostTree = {
      left: new Int32Array(numNodes),
      right: new Int32Array(numNodes),
      feature: new Int32Array(numNodes),
      threshold: new Float32Array(numNodes),
      defaultLeft: new Uint8Array(numNodes),
    };
    for (let node = 0; node < numNodes; node++) {
      const at = cursor.position + node * NODE_BYTES;
      tree.left[node] = cursor.view.getInt32(at + 4, true);
      tree.right[node] = cursor.view.getInt32(at + 8, true);
      const splitIndex = cursor.view.getUint32(at + 12, true);
      // The top bit of sindex_ is the default direction; the rest the feature index.
      tree.feature[node] = splitIndex & 0x7fffffff;
      tree.defaultLeft[node] = splitIndex >>> 31;
      tree.threshold[node] = cursor.view.getFloat32(at + 16, true);
    }
    cursor.position += numNodes * (NODE_BYTES + NODE_STAT_BYTES);
    for (let node = 0; node < numNodes; node++) {
      if (tree.left[node] === -1) {
        tree.feature[node] = 0;
        tree.defaultLeft[node] = 0;
      }
    }
    checkTree(tree, what, nFeatures);
    trees.push(tree);
  }
  const nGroups = Math.max(1, nClasses);
  cursor.need(numTrees * 4, 'tree_info');
  const treeGroups = new Int32Array(numTrees);
  for (let index = 0; index < numTrees; index++) {
    const group = cursor.int32('tree_info');
    if (group < 0 || group >= nGroups) throw new XGBoostModelError(`tree_info[${index}]`, `class ${group} out of range for ${nGroups} output group(s)`);
    treeGroups[index] = group;
  }
  if (numTrees % (nGroups * numParallelTree) !== 0) throw new XGBoostModelError('trees', `${numTrees} trees is not a whole number of rounds of ${nGroups} group(s) x ${numParallelTree} parallel tree(s)`);
  const attributes: Record<string, string> = {};
  if (hasAttributes && cursor.position < bytes.length) {
    const count = cursor.uint64('attributes');
    for (let index = 0; index < count; index++) {
      const key = cursor.string('attribute name');
      attributes[key] = cursor.string(`attribute ${key}`);
    }
  }
  return {
    version: [major, minor],
    objective,
    baseScore,
    nFeatures,
    nClasses,
    nGroups,
    numParallelTree,
    trees,
    treeGroups,
    featureNames: undefined,
    attributes,
  };
}
