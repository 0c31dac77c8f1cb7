import { InvalidArgumentError } from '@tunekit/core';
import { XGBoostModelError } from '../errors/xgboost-model-error.js';

/**
 * One regression tree of an XGBoost model, in XGBoost's own node numbering. Node 0 is the root;
 * a node is a leaf when `left[node] === -1`, and then `threshold[node]` holds its leaf value
 * (as XGBoost's JSON `split_conditions` does). A row goes left when `x[feature] < threshold`
 * (both float32), and to `defaultLeft ? left : right` when the feature is missing (NaN).
 * Nodes pruned during training may remain in the arrays; they are unreachable from the root.
 */
export interface XGBoostTree {
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly feature: Int32Array;
  readonly threshold: Float32Array;
  readonly defaultLeft: Uint8Array;
}

/** How an objective turns margins into predictions. */
export type XGBoostTransform = 'identity' | 'logistic' | 'exp' | 'softmax';

export interface XGBoostObjectiveInfo {
  readonly transform: XGBoostTransform;
  /** `'classification'` objectives output class probabilities (and labels); the rest one value per row. */
  readonly task: 'regression' | 'classification';
  /** How `base_score` (given in prediction space) becomes a margin. */
  readonly baseMargin: 'identity' | 'logit' | 'log';
}

/** The objectives tunekit converts, with XGBoost 1.7's `PredTransform` / `ProbToMargin`. */
export const XGBOOST_OBJECTIVES: Readonly<Record<string, XGBoostObjectiveInfo>> = {
  'reg:squarederror': { transform: 'identity', task: 'regression', baseMargin: 'identity' },
  'reg:linear': { transform: 'identity', task: 'regression', baseMargin: 'identity' },
  'reg:logistic': { transform: 'logistic', task: 'regression', baseMargin: 'logit' },
  'binary:logistic': { transform: 'logistic', task: 'classification', baseMargin: 'logit' },
  // Raw margins: XGBoost outputs scores, not probabilities (threshold them at 0). XGBoost 1.7
  // adds base_score to the margin as is (checked against its predictions).
  'binary:logitraw': { transform: 'identity', task: 'regression', baseMargin: 'identity' },
  'multi:softprob': { transform: 'softmax', task: 'classification', baseMargin: 'identity' },
  'multi:softmax': { transform: 'softmax', task: 'classification', baseMargin: 'identity' },
  'count:poisson': { transform: 'exp', task: 'regression', baseMargin: 'log' },
};

/** An XGBoost gradient-boosted tree model, from its JSON or legacy binary format. */
export interface XGBoostModel {
  /** XGBoost version that wrote the model, when recorded. */
  readonly version: readonly number[] | undefined;
  readonly objective: string;
  /** `base_score` as saved: in prediction space (a probability for logistic objectives). */
  readonly baseScore: number;
  readonly nFeatures: number;
  /** `num_class`: 0 unless a `multi:*` objective. */
  readonly nClasses: number;
  /** Margins per row: `max(1, nClasses)`. Tree `i` adds to margin `treeGroups[i]`. */
  readonly nGroups: number;
  /** Trees per group in one boosting round (`num_parallel_tree`, > 1 for boosted forests). */
  readonly numParallelTree: number;
  readonly trees: readonly XGBoostTree[];
  readonly treeGroups: Int32Array;
  readonly featureNames: readonly string[] | undefined;
  /** Learner attributes (`best_iteration`, ...). */
  readonly attributes: Readonly<Record<string, string>>;
}

export function objectiveInfo(model: Pick<XGBoostModel, 'objective'>): XGBoostObjectiveInfo {
  const info = XGBOOST_OBJECTIVES[model.objective];
  if (info === undefined) {
    throw new XGBoostModelError('learner.objective.name', `objective '${model.objective}' is not supported (supported: ${Object.keys(XGBOOST_OBJECTIVES).join(', ')})`);
  }
  return info;
}

/** Boosting rounds in the model. */
export function roundCount(model: XGBoostModel): number {
  return Math.floor(model.trees.length / (model.nGroups * model.numParallelTree));
}

/** The margin every row starts from, as XGBoost 1.7 computes it (`ProbToMargin`, in float32). */
export function baseMargin(model: XGBoostModel): number {
  const info = objectiveInfo(model);
  const base = Math.fround(model.baseScore);
  switch (info.baseMargin) {
    case 'identity':
      return base;
    case 'logit':
      if (!(base > 0 && base < 1)) throw new XGBoostModelError('learner.learner_model_param.base_score', `must be in (0, 1) for ${model.objective}, got ${base}`);
      return Math.fround(-Math.log(Math.fround(Math.fround(1 / base) - 1)));
    case 'log':
      if (!(base > 0)) throw new XGBoostModelError('learner.learner_model_param.base_score', `must be > 0 for ${model.objective}, got ${base}`);
      return Math.fround(Math.log(base));
  }
}

/**
 * The model restricted to its first `rounds` boosting rounds (XGBoost's `iteration_range=(0, k)`,
 * what the deprecated `ntree_limit` maps to). Boosting is additive, so this is exactly the model
 * as it was after round `rounds`.
 */
export function firstRounds(model: XGBoostModel, rounds: number): XGBoostModel {
  const total = roundCount(model);
  if (!Number.isSafeInteger(rounds) || rounds < 1 || rounds > total) {
    throw new InvalidArgumentError('ntreeLimit', rounds, `an integer in [1, ${total}] (the model has ${total} boosting rounds)`);
  }
  if (rounds === total) return model;
  const count = rounds * model.nGroups * model.numParallelTree;
  return { ...model, trees: model.trees.slice(0, count), treeGroups: model.treeGroups.slice(0, count) };
}

/** Depth of a tree's reachable part (0 for a single leaf). */
export function treeDepth(tree: XGBoostTree): number {
  let deepest = 0;
  const stack: [number, number][] = [[0, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [number, number];
    const left = tree.left[node] as number;
    if (left === -1) {
      if (depth > deepest) deepest = depth;
      continue;
    }
    stack.push([left, depth + 1], [tree.right[node] as number, depth + 1]);
  }
  return deepest;
}
