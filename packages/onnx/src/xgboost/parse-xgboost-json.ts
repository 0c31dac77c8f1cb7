import { XGBoostModelError } from '../errors/xgboost-model-error.js';
import { objectiveInfo, type XGBoostModel, type XGBoostTree } from './xgboost-model.js';

type Json = unknown;

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function child(parent: Record<string, Json>, key: string, path: string): Json {
  const value = parent[key];
  if (value === undefined) throw new XGBoostModelError(path === '' ? key : `${path}.${key}`, 'missing');
  return value;
}

function object(parent: Record<string, Json>, key: string, path: string): Record<string, Json> {
  const value = child(parent, key, path);
  const where = path === '' ? key : `${path}.${key}`;
  if (!isObject(value)) throw new XGBoostModelError(where, `expected an object, got ${describe(value)}`);
  return value;
}

function describe(value: Json): string {
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (value === null) return 'null';
  return typeof value === 'string' ? `the string ${JSON.stringify(value.slice(0, 40))}` : `${typeof value} ${String(value)}`;
}

/**
 * XGBoost writes learner parameters as strings (`"5E-1"`, `"3"`); 2.x writes vector parameters
 * such as a multi-target `base_score` as `"[5E-1]"`.
 */
function numberParam(parent: Record<string, Json>, key: string, path: string, fallback?: number): number {
  const value = parent[key];
  const where = `${path}.${key}`;
  if (value === undefined) {
    if (fallback !== undefined) return fallback;
    throw new XGBoostModelError(where, 'missing');
  }
  if (typeof value !== 'number' && typeof value !== 'string') throw new XGBoostModelError(where, `expected a number, got ${describe(value)}`);
  let text = String(value).trim();
  if (text.startsWith('[') && text.endsWith(']')) {
    const parts = text.slice(1, -1).split(',').map((part) => part.trim()).filter((part) => part !== '');
    if (parts.length !== 1) throw new XGBoostModelError(where, `vector values (multi-target models) are not supported, got ${text}`);
    text = parts[0] as string;
  }
  const parsed = Number(text);
  if (text === '' || !Number.isFinite(parsed)) throw new XGBoostModelError(where, `expected a number, got ${describe(value)}`);
  return parsed;
}

function numberArray(parent: Record<string, Json>, key: string, path: string, length?: number): number[] {
  const value = child(parent, key, path);
  const where = `${path}.${key}`;
  if (!Array.isArray(value)) throw new XGBoostModelError(where, `expected an array, got ${describe(value)}`);
  if (length !== undefined && value.length !== length) throw new XGBoostModelError(where, `expected ${length} entries, got ${value.length}`);
  for (let index = 0; index < value.length; index++) {
    const item = value[index];
    if (typeof item === 'boolean') continue;
    if (typeof item !== 'number' || !Number.isFinite(item)) throw new XGBoostModelError(`${where}[${index}]`, `expected a finite number, got ${describe(item)}`);
  }
  return value as number[];
}

function parseTree(raw: Json, path: string, nFeatures: number): XGBoostTree {
  if (!isObject(raw)) throw new XGBoostModelError(path, `expected a tree object, got ${describe(raw)}`);
  const leftRaw = numberArray(raw, 'left_children', path);
  const n = leftRaw.length;
  if (n === 0) throw new XGBoostModelError(`${path}.left_children`, 'a tree needs at least one node');
  const rightRaw = numberArray(raw, 'right_children', path, n);
  const featureRaw = numberArray(raw, 'split_indices', path, n);
  const thresholdRaw = numberArray(raw, 'split_conditions', path, n);
  const defaultRaw = numberArray(raw, 'default_left', path, n);
  if (raw.split_type !== undefined) {
    const splitType = numberArray(raw, 'split_type', path, n);
    const categorical = splitType.findIndex((type) => type !== 0);
    if (categorical !== -1) throw new XGBoostModelError(`${path}.split_type[${categorical}]`, 'categorical splits are not supported; train with numeric (one-hot) features');
  }
  const treeParam = raw.tree_param;
  if (isObject(treeParam) && numberParam(treeParam, 'size_leaf_vector', `${path}.tree_param`, 0) > 1) {
    throw new XGBoostModelError(`${path}.tree_param.size_leaf_vector`, 'vector leaves (multi-target trees) are not supported');
  }
  const tree: XGBoostTree = {
    left: Int32Array.from(leftRaw),
    right: Int32Array.from(rightRaw),
    feature: Int32Array.from(featureRaw),
    threshold: Float32Array.from(thresholdRaw),
    defaultLeft: Uint8Array.from(defaultRaw, (value) => (value ? 1 : 0)),
  };
  checkTree(tree, path, nFeatures);
  return tree;
}

/** Children in range, every reachable node reached once (no cycles, no shared subtrees), features in range. */
export function checkTree(tree: XGBoostTree, path: string, nFeatures: number): void {
  const n = tree.left.length;
  const seen = new Uint8Array(n);
  const stack = [0];
  while (stack.length > 0) {
    const node = stack.pop() as number;
    if (seen[node] === 1) throw new XGBoostModelError(`${path}`, `node ${node} is reached twice (the tree is not a tree)`);
    seen[node] = 1;
    const left = tree.left[node] as number;
    if (left === -1) continue;
    const right = tree.right[node] as number;
    for (const [name, next] of [['left_children', left], ['right_children', right]] as const) {
      if (!Number.isInteger(next) || next <= 0 || next >= n) throw new XGBoostModelError(`${path}.${name}[${node}]`, `child ${next} out of range [1, ${n - 1}]`);
    }
    const feature = tree.feature[node] as number;
    if (feature < 0 || feature >= nFeatures) throw new XGBoostModelError(`${path}.split_indices[${node}]`, `feature ${feature} out of range for a model with ${nFeatures} features`);
    stack.push(right, left);
  }
}

/**
 * Read an XGBoost JSON model (`booster.save_model('m.json')`, XGBoost 1.7 and later) into
 * tunekit's `XGBoostModel`. Throws `XGBoostModelError` naming the offending field.
 */
export function parseXGBoostJson(input: string | object): XGBoostModel {
  let document: Json;
  if (typeof input === 'string') {
    try {
      document = JSON.parse(input);
    } catch (error) {
      throw new XGBoostModelError('', `not valid JSON (${(error as Error).message}); XGBoost writes JSON when the file name ends in .json`, { cause: error });
    }
  } else {
    document = input;
  }
  if (!isObject(document)) throw new XGBoostModelError('', `expected a JSON object, got ${describe(document)}`);
  const learner = object(document, 'learner', '');
  const versionRaw = document.version;
  const version = Array.isArray(versionRaw) && versionRaw.every((part) => typeof part === 'number') ? (versionRaw as number[]) : undefined;
  const modelParam = object(learner, 'learner_model_param', 'learner');
  const paramPath = 'learner.learner_model_param';
  const baseScore = numberParam(modelParam, 'base_score', paramPath);
  const nFeatures = numberParam(modelParam, 'num_feature', paramPath);
  const nClasses = numberParam(modelParam, 'num_class', paramPath, 0);
  const nTargets = numberParam(modelParam, 'num_target', paramPath, 1);
  if (nTargets > 1) throw new XGBoostModelError(`${paramPath}.num_target`, `multi-target models are not supported (num_target = ${nTargets})`);
  if (!Number.isSafeInteger(nFeatures) || nFeatures < 1) throw new XGBoostModelError(`${paramPath}.num_feature`, `expected a positive integer, got ${nFeatures}`);
  const objectiveRaw = object(learner, 'objective', 'learner');
  const objective = child(objectiveRaw, 'name', 'learner.objective');
  if (typeof objective !== 'string') throw new XGBoostModelError('learner.objective.name', `expected a string, got ${describe(objective)}`);
  objectiveInfo({ objective });
  if (objective.startsWith('multi:') && nClasses < 2) throw new XGBoostModelError(`${paramPath}.num_class`, `${objective} needs num_class >= 2, got ${nClasses}`);

  const booster = object(learner, 'gradient_booster', 'learner');
  const boosterName = booster.name;
  if (boosterName !== 'gbtree') {
    const hint = boosterName === 'dart' ? ' (dart scales trees by dropout weights; retrain with booster=gbtree)' : boosterName === 'gblinear' ? ' (a linear model has no trees)' : '';
    throw new XGBoostModelError('learner.gradient_booster.name', `only the gbtree booster is supported, got ${describe(boosterName ?? null)}${hint}`);
  }
  const modelPath = 'learner.gradient_booster.model';
  const model = object(booster, 'model', 'learner.gradient_booster');
  const treeParam = isObject(model.gbtree_model_param) ? model.gbtree_model_param : {};
  const numParallelTree = numberParam(treeParam, 'num_parallel_tree', `${modelPath}.gbtree_model_param`, 1);
  const treesRaw = child(model, 'trees', modelPath);
  if (!Array.isArray(treesRaw)) throw new XGBoostModelError(`${modelPath}.trees`, `expected an array, got ${describe(treesRaw)}`);
  const trees = treesRaw.map((tree, index) => parseTree(tree, `${modelPath}.trees[${index}]`, nFeatures));
  const nGroups = Math.max(1, nClasses);
  const groups = numberArray(model, 'tree_info', modelPath, trees.length);
  const badGroup = groups.findIndex((group) => !Number.isInteger(group) || group < 0 || group >= nGroups);
  if (badGroup !== -1) throw new XGBoostModelError(`${modelPath}.tree_info[${badGroup}]`, `class ${groups[badGroup]} out of range for ${nGroups} output group(s)`);
  if (trees.length % (nGroups * numParallelTree) !== 0) {
    throw new XGBoostModelError(`${modelPath}.trees`, `${trees.length} trees is not a whole number of rounds of ${nGroups} group(s) x ${numParallelTree} parallel tree(s)`);
  }
  const namesRaw = learner.feature_names;
  const featureNames = Array.isArray(namesRaw) && namesRaw.length === nFeatures && namesRaw.every((name) => typeof name === 'string') ? (namesRaw as string[]) : undefined;
  const attributes: Record<string, string> = {};
  if (isObject(learner.attributes)) for (const [key, value] of Object.entries(learner.attributes)) if (typeof value === 'string') attributes[key] = value;
  return {
    version,
    objective,
    baseScore,
    nFeatures,
    nClasses,
    nGroups,
    numParallelTree,
    trees,
    treeGroups: Int32Array.from(groups),
    featureNames,
    attributes,
  };
}
