import { describe, expect, it } from 'vitest';
import { fixtureBytes, fixtureText, flatRows, xgboostFixtures } from '../__fixtures__/fixtures.js';
import { OnnxBoostedModel } from '../onnx-boosted-model.js';
import { parseXGBoostBinary } from '../xgboost/parse-xgboost-binary.js';
import { parseXGBoostJson } from '../xgboost/parse-xgboost-json.js';
import type { XGBoostModel } from '../xgboost/xgboost-model.js';
import { CompiledForest } from './compiled-forest.js';
import { generateTreeCode } from './generate-tree-code.js';

const load = (name: string): XGBoostModel => (name.startsWith('cli-') ? parseXGBoostBinary(fixtureBytes(`xgboost/${name}.model`)) : parseXGBoostJson(fixtureText(`xgboost/${name}.json`)));

/** The fixture rows repeated until there are at least `count` of them. */
function tiled(rows: Float32Array, count: number): Float32Array {
  const copies = Math.ceil(count / (rows.length / 6));
  const out = new Float32Array(rows.length * copies);
  for (let copy = 0; copy < copies; copy++) out.set(rows, copy * rows.length);
  return out;
}

describe.each(Object.keys(xgboostFixtures))('native evaluator on %s', (name) => {
  const model = load(name);
  const rows = flatRows(xgboostFixtures[name]?.rows ?? []);
  const nRows = rows.length / model.nFeatures;

  it('generated code and the array walk give identical margins', () => {
    const walked = CompiledForest.fromXGBoost(model, { compile: 'never' });
    const compiled = CompiledForest.fromXGBoost(model, { compile: 'always' });
    expect(walked.isCompiled).toBe(false);
    expect(compiled.isCompiled).toBe(true);
    expect(Array.from(compiled.margins(rows, nRows))).toEqual(Array.from(walked.margins(rows, nRows)));
  });

  it('forEachRound gives the margins of every truncation in one pass', () => {
    const forest = CompiledForest.fromXGBoost(model, { compile: 'never' });
    const seen: number[][] = [];
    forest.forEachRound(rows, nRows, (round, margins) => {
      expect(round).toBe(seen.length + 1);
      seen.push(Array.from(margins));
    });
    expect(seen).toHaveLength(forest.nRounds);
    for (const round of [1, 3, forest.nRounds]) {
      expect(seen[round - 1]).toEqual(Array.from(CompiledForest.fromXGBoost(model, { ntreeLimit: round, compile: 'never' }).margins(rows, nRows)));
      expect(seen[round - 1]).toEqual(Array.from(forest.margins(rows, nRows, round)));
    }
  });
});

describe('native engine threads', () => {
  it('worker threads give the same predictions as one thread on a large batch', async () => {
    const json = fixtureText('xgboost/multi_softprob-missing.json');
    const rows = tiled(flatRows(xgboostFixtures['multi_softprob-missing']?.rows ?? []), 5000);
    const single = await OnnxBoostedModel.fromXGBoostJson(json, { threads: 1 });
    const parallel = await OnnxBoostedModel.fromXGBoostJson(json, { threads: 3 });
    expect(rows.length / 6).toBeGreaterThanOrEqual(4096);
    const expected = await single.predict(rows);
    expect(await parallel.predict(rows)).toEqual(expected);
    // Small calls stay on the calling thread.
    expect(await parallel.predict(rows.subarray(0, 60))).toEqual(expected.subarray(0, 30));
    await parallel.dispose();
    await expect(parallel.predict(rows)).rejects.toThrow(/disposed/);
  });
});

describe('code generation', () => {
  it("compiles on its own ('auto') once enough rows went through", () => {
    const model = load('binary_logistic-complete');
    const forest = CompiledForest.fromXGBoost(model);
    const rows = flatRows(xgboostFixtures['binary_logistic-complete']?.rows ?? []);
    forest.margins(rows, 40);
    expect(forest.isCompiled).toBe(false);
    for (let call = 0; call < 100 && !forest.isCompiled; call++) forest.margins(rows, 40);
    expect(forest.isCompiled).toBe(true);
  });

  it('routes missing values without a NaN test: !(x >= t) for default-left, x < t for default-right', () => {
    const model = parseXGBoostJson({
      learner: {
        learner_model_param: { base_score: '0E0', num_class: '0', num_feature: '1' },
        objective: { name: 'reg:squarederror' },
        gradient_booster: {
          name: 'gbtree',
          model: {
            tree_info: [0, 0],
            trees: [
              { left_children: [1, -1, -1], right_children: [2, -1, -1], split_indices: [0, 0, 0], split_conditions: [0.5, 1, 2], default_left: [1, 0, 0] },
              { left_children: [1, -1, -1], right_children: [2, -1, -1], split_indices: [0, 0, 0], split_conditions: [0.5, 10, 20], default_left: [0, 0, 0] },
            ],
          },
        },
      },
    });
    const [first, second] = generateTreeCode(model)[0]?.source.split('\n').filter((line) => line.includes('if (')) ?? [];
    expect(first).toContain('!(x[o + 0] >= 0.5)');
    expect(second).toContain('x[o + 0] < 0.5');
    const forest = CompiledForest.fromXGBoost(model, { compile: 'always' });
    expect(Array.from(forest.margins(Float32Array.from([Number.NaN, 0, 1]), 3))).toEqual([21, 11, 22]);
  });
});
