import { describe, expect, it } from 'vitest';
import { fixtureBytes, fixtureText } from '../__fixtures__/fixtures.js';
import { XGBoostModelError } from '../errors/xgboost-model-error.js';
import { OnnxBoostedModel } from '../onnx-boosted-model.js';
import { isXGBoostBinaryModel, parseXGBoostBinary } from './parse-xgboost-binary.js';
import { parseXGBoostJson } from './parse-xgboost-json.js';
import { baseMargin, firstRounds, roundCount, treeDepth, type XGBoostTree } from './xgboost-model.js';

/** A minimal XGBoost 1.7 JSON document with the given trees (one feature unless said otherwise). */
function document(trees: object[], overrides: { objective?: string; baseScore?: string; numClass?: string; numFeature?: string; booster?: string; treeInfo?: number[] } = {}) {
  return {
    version: [1, 7, 4],
    learner: {
      attributes: {},
      feature_names: [],
      learner_model_param: { base_score: overrides.baseScore ?? '5E-1', num_class: overrides.numClass ?? '0', num_feature: overrides.numFeature ?? '2', num_target: '1' },
      objective: { name: overrides.objective ?? 'reg:squarederror' },
      gradient_booster: {
        name: overrides.booster ?? 'gbtree',
        model: { gbtree_model_param: { num_parallel_tree: '1', num_trees: String(trees.length) }, tree_info: overrides.treeInfo ?? trees.map(() => 0), trees },
      },
    },
  };
}

const stump = (threshold: number, low: number, high: number, defaultLeft = 1) => ({
  left_children: [1, -1, -1],
  right_children: [2, -1, -1],
  split_indices: [0, 0, 0],
  split_conditions: [threshold, low, high],
  default_left: [defaultLeft, 0, 0],
  split_type: [0, 0, 0],
  tree_param: { num_nodes: '3', size_leaf_vector: '0' },
});
const leaf = (value: number) => ({ left_children: [-1], right_children: [-1], split_indices: [0], split_conditions: [value], default_left: [0], split_type: [0], tree_param: { num_nodes: '1' } });

function expectModelError(run: () => unknown, path: string | RegExp, message: RegExp): void {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(XGBoostModelError);
    const modelError = error as XGBoostModelError;
    if (typeof path === 'string') expect(modelError.path).toBe(path);
    else expect(modelError.path).toMatch(path);
    expect(modelError.message).toMatch(message);
    return;
  }
  throw new Error('expected an XGBoostModelError');
}

describe('parseXGBoostJson', () => {
  it('reads trees, base_score, objective and parameters', () => {
    const model = parseXGBoostJson(JSON.stringify(document([stump(0.5, -1, 2), leaf(0.25)], { baseScore: '[2.5E0]' })));
    expect(model.baseScore).toBe(2.5);
    expect(model.nFeatures).toBe(2);
    expect(model.trees).toHaveLength(2);
    expect(roundCount(model)).toBe(2);
    expect(Array.from(model.trees[0]?.threshold ?? [])).toEqual([0.5, -1, 2]);
    expect(treeDepth(model.trees[0] as XGBoostTree)).toBe(1);
    expect(treeDepth(model.trees[1] as XGBoostTree)).toBe(0);
  });

  it('evaluates a hand-checked model: strict <, default direction, single leaf, base_score', async () => {
    const model = await OnnxBoostedModel.fromXGBoostJson(document([stump(0.5, -1, 2, 0), leaf(0.25)], { baseScore: '1E0' }));
    // 1 (base) + stump + 0.25: x < 0.5 → -1; x >= 0.5 → 2; NaN → right (default_left 0) → 2.
    expect(Array.from(await model.predict([[0.4, 0], [0.5, 0], [Number.NaN, 0], [null, 7]]))).toEqual([0.25, 3.25, 3.25, 3.25]);
  });

  it('computes base margins as XGBoost 1.7 ProbToMargin does', () => {
    expect(baseMargin(parseXGBoostJson(document([leaf(0)], { objective: 'binary:logistic', baseScore: '5E-1' })))).toBeCloseTo(0, 12);
    expect(baseMargin(parseXGBoostJson(document([leaf(0)], { objective: 'binary:logistic', baseScore: '7.5E-1' })))).toBeCloseTo(Math.log(3), 6);
    expect(baseMargin(parseXGBoostJson(document([leaf(0)], { objective: 'count:poisson', baseScore: '2E0' })))).toBeCloseTo(Math.log(2), 6);
    expect(baseMargin(parseXGBoostJson(document([leaf(0)], { objective: 'binary:logitraw', baseScore: '7E-1' })))).toBeCloseTo(0.7, 6);
    expectModelError(() => baseMargin(parseXGBoostJson(document([leaf(0)], { objective: 'binary:logistic', baseScore: '1.5E0' }))), 'learner.learner_model_param.base_score', /\(0, 1\)/);
  });

  it('restricts to the first rounds (ntreeLimit)', () => {
    const model = parseXGBoostJson(document([leaf(1), leaf(2), leaf(3)]));
    expect(firstRounds(model, 2).trees).toHaveLength(2);
    expect(() => firstRounds(model, 0)).toThrow(/\[1, 3\]/);
    expect(() => firstRounds(model, 4)).toThrow(/3 boosting rounds/);
  });

  it('rejects malformed and unsupported models with the path of the problem', () => {
    expectModelError(() => parseXGBoostJson('{"learner": '), '', /not valid JSON/);
    expectModelError(() => parseXGBoostJson('[1, 2]'), '', /expected a JSON object/);
    expectModelError(() => parseXGBoostJson({ version: [1, 7, 4] }), 'learner', /missing/);
    expectModelError(() => parseXGBoostJson(document([leaf(0)], { objective: 'rank:pairwise' })), 'learner.objective.name', /rank:pairwise.*not supported/);
    expectModelError(() => parseXGBoostJson(document([leaf(0)], { booster: 'dart' })), 'learner.gradient_booster.name', /dart/);
    expectModelError(() => parseXGBoostJson(document([leaf(0)], { booster: 'gblinear' })), 'learner.gradient_booster.name', /linear model has no trees/);
    expectModelError(() => parseXGBoostJson(document([leaf(0)], { objective: 'multi:softprob', numClass: '0' })), 'learner.learner_model_param.num_class', /num_class >= 2/);
    expectModelError(() => parseXGBoostJson(document([{ ...stump(0.5, 1, 2), split_type: [1, 0, 0] }])), 'learner.gradient_booster.model.trees[0].split_type[0]', /categorical/);
    expectModelError(() => parseXGBoostJson(document([{ ...stump(0.5, 1, 2), split_indices: [5, 0, 0] }])), 'learner.gradient_booster.model.trees[0].split_indices[0]', /feature 5 out of range/);
    expectModelError(() => parseXGBoostJson(document([{ ...stump(0.5, 1, 2), left_children: [1, 0, -1] }])), /trees\[0\]/, /out of range|reached twice/);
    expectModelError(() => parseXGBoostJson(document([{ ...stump(0.5, 1, 2), right_children: [1, -1, -1] }])), 'learner.gradient_booster.model.trees[0]', /reached twice/);
    expectModelError(() => parseXGBoostJson(document([{ ...stump(0.5, 1, 2), split_conditions: [0.5, 'x', 2] }])), 'learner.gradient_booster.model.trees[0].split_conditions[1]', /finite number/);
    expectModelError(() => parseXGBoostJson(document([leaf(0)], { treeInfo: [3] })), 'learner.gradient_booster.model.tree_info[0]', /out of range/);
    expectModelError(() => parseXGBoostJson(document([leaf(0), leaf(1)], { objective: 'multi:softprob', numClass: '3', treeInfo: [0, 1] })), 'learner.gradient_booster.model.trees', /whole number of rounds/);
  });
});

describe('parseXGBoostBinary (the xgboost CLI format)', () => {
  it.each(['cli-binary_logistic', 'cli-multi_softprob'])('reads %s exactly as XGBoost re-saves it as JSON', (name) => {
    const bytes = fixtureBytes(`xgboost/${name}.model`);
    expect(isXGBoostBinaryModel(bytes)).toBe(true);
    const binary = parseXGBoostBinary(bytes);
    const json = parseXGBoostJson(fixtureText(`xgboost/${name}.json`));
    expect(binary.objective).toBe(json.objective);
    expect(binary.baseScore).toBe(Math.fround(json.baseScore));
    expect(binary.nFeatures).toBe(json.nFeatures);
    expect(binary.nClasses).toBe(json.nClasses);
    expect(Array.from(binary.treeGroups)).toEqual(Array.from(json.treeGroups));
    expect(binary.trees).toHaveLength(json.trees.length);
    binary.trees.forEach((tree, index) => {
      const other = json.trees[index] as XGBoostTree;
      expect(Array.from(tree.left)).toEqual(Array.from(other.left));
      expect(Array.from(tree.right)).toEqual(Array.from(other.right));
      expect(Array.from(tree.threshold)).toEqual(Array.from(other.threshold));
      for (let node = 0; node < tree.left.length; node++) {
        if (tree.left[node] === -1) continue;
        expect(tree.feature[node]).toBe(other.feature[node]);
        expect(tree.defaultLeft[node]).toBe(other.defaultLeft[node]);
      }
    });
  });

  it('rejects truncated and foreign files', () => {
    const bytes = fixtureBytes('xgboost/cli-binary_logistic.model');
    expect(() => parseXGBoostBinary(bytes.subarray(0, 600))).toThrow(XGBoostModelError);
    expect(() => parseXGBoostBinary(bytes.subarray(0, 600))).toThrow(/truncated/);
    expect(() => parseXGBoostBinary(bytes.subarray(0, bytes.length - 120))).toThrow(/truncated/);
    expect(() => parseXGBoostBinary(new TextEncoder().encode('hello world, this is not a model at all'))).toThrow(XGBoostModelError);
  });
});
