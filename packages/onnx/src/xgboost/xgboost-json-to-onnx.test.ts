import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureBytes, fixtureText, flatRows, maxRelativeError, xgboostFixtures, type XGBoostFixture } from '../__fixtures__/fixtures.js';
import { OnnxBoostedModel } from '../onnx-boosted-model.js';
import { parseXGBoostBinary } from './parse-xgboost-binary.js';
import { parseXGBoostJson } from './parse-xgboost-json.js';
import { objectiveInfo, type XGBoostModel } from './xgboost-model.js';

// Every fixture model was trained and predicted by XGBoost 1.7.4 itself (make-fixtures.py): the
// first 20 test rows are complete, the last 20 have missing values (NaN).
const TOLERANCE = 1e-6;
const HALF = 20;

function loadFixtureModel(name: string): XGBoostModel {
  return name.startsWith('cli-') ? parseXGBoostBinary(fixtureBytes(`xgboost/${name}.model`)) : parseXGBoostJson(fixtureText(`xgboost/${name}.json`));
}

/** Our output in XGBoost's layout: binary classifiers give [1 - p, p]; XGBoost gives p. */
function asXGBoostOutput(model: OnnxBoostedModel, output: Float32Array): Float32Array {
  if (model.task === 'classification' && model.nOutputs === 2) return output.filter((_, index) => index % 2 === 1);
  return output;
}

/** XGBoost's probabilities (or values) for a fixture, flattened. */
function expectedValues(fixture: XGBoostFixture, key: 'predict' | 'predictFirst3Rounds' = 'predict'): number[] {
  if (fixture.objective === 'multi:softmax' && key === 'predict') return (fixture.probabilities as number[][]).flat();
  return (fixture[key] as number[] | number[][]).flat();
}

function halves(values: ArrayLike<number>, perRow: number): { complete: number[]; missing: number[] } {
  const all = Array.from(values);
  return { complete: all.slice(0, HALF * perRow), missing: all.slice(HALF * perRow) };
}

const ENGINES = [
  { label: 'native evaluator, array walk', options: { engine: 'native', compile: 'never' } },
  { label: 'native evaluator, generated code', options: { engine: 'native', compile: 'always' } },
  { label: 'onnxruntime, ai.onnx.ml opset 3', options: { engine: 'onnxruntime', opset: 3 } },
  { label: 'onnxruntime, ai.onnx.ml opset 5 TreeEnsemble', options: { engine: 'onnxruntime', opset: 5 } },
] as const;

describe.each(Object.keys(xgboostFixtures))('XGBoost model %s', (name) => {
  const fixture = xgboostFixtures[name] as XGBoostFixture;
  const parsed = loadFixtureModel(name);
  const rows = flatRows(fixture.rows);
  const perRow = expectedValues(fixture).length / fixture.rows.length;

  it('has test rows with and without missing values', () => {
    expect(rows.subarray(0, HALF * parsed.nFeatures).some(Number.isNaN)).toBe(false);
    expect(rows.subarray(HALF * parsed.nFeatures).filter(Number.isNaN).length).toBeGreaterThan(HALF);
    expect(parsed.objective).toBe(fixture.objective);
  });

  describe.each(ENGINES)('$label', ({ options }) => {
    let model: OnnxBoostedModel;
    beforeAll(async () => {
      model = await OnnxBoostedModel.fromXGBoost(parsed, options);
    });
    afterAll(() => model.dispose());

    it('equals XGBoost to 1e-6 relative on rows without and with missing values', async () => {
      const got = halves(asXGBoostOutput(model, await model.predict(rows)), perRow);
      const want = halves(expectedValues(fixture), perRow);
      expect(maxRelativeError(got.complete, want.complete)).toBeLessThanOrEqual(TOLERANCE);
      expect(maxRelativeError(got.missing, want.missing)).toBeLessThanOrEqual(TOLERANCE);
      expect(model.engine).toBe(options.engine);
    });

    if (fixture.objective === 'multi:softmax') {
      it('predictLabels equals multi:softmax predictions', async () => {
        expect(await model.predictLabels(rows)).toEqual(fixture.predict);
      });
    }

    if (fixture.predictFirst3Rounds !== undefined) {
      it('ntreeLimit 3 equals XGBoost iteration_range=(0, 3)', async () => {
        const limited = await OnnxBoostedModel.fromXGBoost(parsed, { ...options, ntreeLimit: 3 });
        try {
          const got = asXGBoostOutput(limited, await limited.predict(rows));
          const want = fixture.objective === 'multi:softmax' ? undefined : expectedValues(fixture, 'predictFirst3Rounds');
          if (want === undefined) expect(await limited.predictLabels(rows)).toEqual(fixture.predictFirst3Rounds);
          else expect(maxRelativeError(got, want)).toBeLessThanOrEqual(TOLERANCE);
          expect(limited.nRounds).toBe(3);
        } finally {
          await limited.dispose();
        }
      });
    }
  });

  if (fixture.margin !== undefined) {
    it('native margins are bit-identical to XGBoost output_margin=True', async () => {
      const { CompiledForest } = await import('../evaluator/compiled-forest.js');
      const margins = CompiledForest.fromXGBoost(parsed).margins(rows, fixture.rows.length);
      // Fixtures store the shortest decimal of each float32: fround gives the float32 back.
      expect(Array.from(margins)).toEqual((fixture.margin as number[] | number[][]).flat().map(Math.fround));
    });
  }
});

describe('fixture coverage', () => {
  it('covers every objective the issue lists, single-leaf trees and boosted forests', () => {
    const objectives = new Set(Object.values(xgboostFixtures).map((fixture) => fixture.objective));
    for (const objective of ['reg:squarederror', 'reg:logistic', 'binary:logistic', 'binary:logitraw', 'multi:softprob', 'multi:softmax', 'count:poisson']) {
      expect(objectives.has(objective), objective).toBe(true);
      expect(objectiveInfo({ objective })).toBeDefined();
    }
    expect(xgboostFixtures['reg_squarederror-single-leaf']?.singleLeafTrees).toBe(3);
    expect(loadFixtureModel('binary_logistic-forest').numParallelTree).toBe(3);
    // base_score other than 0.5 on every objective's *-missing model.
    expect(loadFixtureModel('binary_logistic-missing').baseScore).toBeCloseTo(0.3, 6);
  });
});
