import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureBytes, fixturePath, fixtureText, flatRows, maxRelativeError, sklearnFixtures, xgboostFixtures } from './__fixtures__/fixtures.js';
import { FeatureCountError } from './errors/feature-count-error.js';
import { OnnxModelError } from './errors/onnx-model-error.js';
import { OnnxBoostedModel } from './onnx-boosted-model.js';
import { encodeOnnxModel } from './onnx-format/encode-onnx-model.js';
import { OnnxDataType } from './onnx-format/onnx-model.js';
import { xgboostJsonToOnnx } from './xgboost/xgboost-json-to-onnx.js';

async function expectOnnxError(promise: Promise<unknown>, problem: OnnxModelError['problem'], message: RegExp): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(OnnxModelError);
  expect((error as OnnxModelError).problem).toBe(problem);
  expect((error as OnnxModelError).message).toMatch(message);
}

describe('OnnxBoostedModel.load: tree ensembles exported from scikit-learn', () => {
  // scikit-learn computes in float64 from float32-cast features; ONNX thresholds are float32.
  const SKLEARN_TOLERANCE = 1e-5;

  it('TreeEnsembleRegressor (gradient boosting) matches scikit-learn', async () => {
    const fixture = sklearnFixtures['sklearn-gbr-regressor'];
    const model = await OnnxBoostedModel.load(fixturePath('onnx/sklearn-gbr-regressor.onnx'));
    expect([model.task, model.nFeatures, model.nOutputs, model.engine]).toEqual(['regression', 6, 1, 'onnxruntime']);
    expect(maxRelativeError(await model.predict(fixture?.rows ?? []), fixture?.predict as number[])).toBeLessThan(SKLEARN_TOLERANCE);
    await model.dispose();
  });

  it('opset-5 TreeEnsemble (same regressor) matches scikit-learn', async () => {
    const fixture = sklearnFixtures['sklearn-gbr-regressor'];
    const model = await OnnxBoostedModel.load(fixtureBytes('onnx/sklearn-gbr-tree-ensemble-opset5.onnx'));
    expect(model.task).toBe('regression');
    expect(maxRelativeError(await model.predict(fixture?.rows ?? []), fixture?.predict as number[])).toBeLessThan(SKLEARN_TOLERANCE);
    await model.dispose();
  });

  it('TreeEnsembleClassifier (random forest, 3 classes) gives scikit-learn predict_proba and labels', async () => {
    const fixture = sklearnFixtures['sklearn-rf-classifier'];
    const model = await OnnxBoostedModel.load(new URL('./__fixtures__/onnx/sklearn-rf-classifier.onnx', import.meta.url));
    expect([model.task, model.nOutputs, model.classLabels]).toEqual(['classification', 3, [0, 1, 2]]);
    const probabilities = await model.predict(fixture?.rows ?? []);
    const expected = (fixture?.predict as number[][]).flat();
    for (let index = 0; index < expected.length; index++) expect(probabilities[index]).toBeCloseTo(expected[index] as number, 6);
    expect(await model.predictLabels(fixture?.rows ?? [])).toEqual(fixture?.labels);
    await model.dispose();
  });
});

describe('OnnxBoostedModel: inputs and batching', () => {
  const fixture = xgboostFixtures['binary_logistic-missing'];
  const rows = fixture?.rows ?? [];
  let model: OnnxBoostedModel;
  let reference: Float32Array;
  beforeAll(async () => {
    model = await OnnxBoostedModel.load(xgboostJsonToOnnx(fixtureText('xgboost/binary_logistic-missing.json')), { batchSize: 7 });
    reference = await model.predict(rows);
  });
  afterAll(() => model.dispose());

  it('batches of 7 rows give the same output as XGBoost', () => {
    expect(reference).toHaveLength(rows.length * 2);
    const positive = reference.filter((_, index) => index % 2 === 1);
    expect(maxRelativeError(positive, fixture?.predict as number[])).toBeLessThanOrEqual(1e-6);
  });

  it('accepts number[][] with null or NaN, Float32Array and Float64Array alike', async () => {
    const flat = flatRows(rows);
    expect(await model.predict(flat)).toEqual(reference);
    expect(await model.predict(Float64Array.from(flat))).toEqual(reference);
    expect(await model.predict(rows.map((row) => row.map((value) => (value === null ? Number.NaN : value))))).toEqual(reference);
    expect(await model.predict([])).toHaveLength(0);
  });

  it('reads missing values with the learned default directions (NaN differs from any fill value)', async () => {
    const withNaN = await model.predict([[Number.NaN, Number.NaN, Number.NaN, Number.NaN, Number.NaN, Number.NaN]]);
    const withZero = await model.predict([[0, 0, 0, 0, 0, 0]]);
    expect(withNaN[1]).not.toBe(withZero[1]);
  });

  it('predictLabels thresholds the positive-class probability', async () => {
    const labels = await model.predictLabels(rows);
    expect(labels).toEqual((fixture?.predict as number[]).map((p) => (p > 0.5 ? 1 : 0)));
    expect(new Set(await model.predictLabels(rows, { threshold: 0 }))).toEqual(new Set([1]));
    await expect(model.predictLabels(rows, { threshold: 2 })).rejects.toThrow(/threshold/);
  });

  it('rejects a wrong feature count with the expected and actual counts', async () => {
    await expect(model.predict([[1, 2, 3]])).rejects.toThrow(FeatureCountError);
    const error = await model.predict([[1, 2, 3, 4, 5, 6], [1, 2, 3]]).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ expected: 6, actual: 3, row: 1, code: 'FEATURE_COUNT_MISMATCH' });
    await expect(model.predict(new Float32Array(13))).rejects.toThrow(/13 values is not a whole number of rows of 6/);
    await expect(model.predict([['a', 1, 2, 3, 4, 5] as unknown as number[]])).rejects.toThrow(/rows\[0\]\[0\]/);
  });
});

describe('OnnxBoostedModel.load: clear errors', () => {
  it('a corrupt file (truncated, or not ONNX at all)', async () => {
    const bytes = fixtureBytes('onnx/sklearn-gbr-regressor.onnx');
    await expectOnnxError(OnnxBoostedModel.load(bytes.subarray(0, 1000)), 'corrupt', /not a valid ONNX model/);
    await expectOnnxError(OnnxBoostedModel.load(new TextEncoder().encode('hello, I am a CSV file\n1,2,3\n')), 'corrupt', /<bytes>: not a valid ONNX model/);
    await expectOnnxError(OnnxBoostedModel.load(fixturePath('xgboost/binary_logistic-complete.json')), 'corrupt', /binary_logistic-complete\.json/);
  });

  it('a model that is not a tree ensemble', async () => {
    const linear = encodeOnnxModel({
      irVersion: 8,
      opsetImports: [{ domain: '', version: 17 }],
      graph: {
        name: 'linear',
        nodes: [{ opType: 'MatMul', domain: '', name: 'mm', inputs: ['x', 'w'], outputs: ['y'], attributes: [] }],
        inputs: [{ name: 'x', kind: 'tensor', elemType: OnnxDataType.FLOAT, shape: ['N', 2] }],
        outputs: [{ name: 'y', kind: 'tensor', elemType: OnnxDataType.FLOAT, shape: ['N', 1] }],
        initializers: [{ name: 'w', dataType: OnnxDataType.FLOAT, dims: [2, 1], data: [1, 2] }],
      },
    });
    await expectOnnxError(OnnxBoostedModel.load(linear), 'not-tree-ensemble', /no ai\.onnx\.ml TreeEnsembleRegressor.*found: MatMul/);
  });

  it('a missing file and a bad argument', async () => {
    await expect(OnnxBoostedModel.load('/nonexistent/model.onnx')).rejects.toThrow(/ENOENT/);
    await expect(OnnxBoostedModel.load(42 as unknown as string)).rejects.toThrow(/a file path, a file URL or a Uint8Array/);
  });

  it('a graph onnxruntime refuses', async () => {
    const bytes = xgboostJsonToOnnx(fixtureText('xgboost/reg_squarederror-complete.json'));
    // Same graph, but pointing the tree ensemble at an input that does not exist.
    const broken = new Uint8Array(bytes);
    const text = new TextDecoder('latin1').decode(broken);
    const at = text.indexOf('\n\x05input\x12\x06margin');
    expect(at).toBeGreaterThan(0);
    broken.set(new TextEncoder().encode('nopul'), at + 2);
    await expectOnnxError(OnnxBoostedModel.load(broken), 'runtime', /onnxruntime could not load the model/);
  });
});

describe('OnnxBoostedModel from XGBoost', () => {
  it('withRounds keeps the first k rounds (tuning the number of trees without retraining)', async () => {
    const fixture = xgboostFixtures['multi_softprob-missing'];
    const model = await OnnxBoostedModel.fromXGBoostJson(fixtureText('xgboost/multi_softprob-missing.json'));
    expect([model.task, model.nRounds, model.objective, model.engine]).toEqual(['classification', 6, 'multi:softprob', 'native']);
    const three = await model.withRounds(3);
    expect(three.nRounds).toBe(3);
    expect(maxRelativeError(await three.predict(fixture?.rows ?? []), (fixture?.predictFirst3Rounds as number[][]).flat())).toBeLessThanOrEqual(1e-6);
    await expect(model.withRounds(7)).rejects.toThrow(/\[1, 6\]/);
  });

  it('toOnnx / save give a model load() runs to the same predictions', async () => {
    const fixture = xgboostFixtures['count_poisson-missing'];
    const native = await OnnxBoostedModel.fromXGBoostFile(fixturePath('xgboost/count_poisson-missing.json'));
    const reloaded = await OnnxBoostedModel.load(native.toOnnx());
    expect(reloaded.task).toBe('regression');
    const a = await native.predict(fixture?.rows ?? []);
    const b = await reloaded.predict(fixture?.rows ?? []);
    expect(maxRelativeError(b, a)).toBeLessThanOrEqual(1e-6);
    await reloaded.dispose();
  });

  it('reads the legacy binary format the xgboost CLI writes', async () => {
    const fixture = xgboostFixtures['cli-binary_logistic'];
    const model = await OnnxBoostedModel.fromXGBoostFile(fixturePath('xgboost/cli-binary_logistic.model'));
    const positive = (await model.predict(fixture?.rows ?? [])).filter((_, index) => index % 2 === 1);
    expect(maxRelativeError(positive, fixture?.predict as number[])).toBeLessThanOrEqual(1e-6);
  });

  it('regressors have no labels', async () => {
    const model = await OnnxBoostedModel.fromXGBoostJson(fixtureText('xgboost/binary_logitraw-complete.json'));
    await expect(model.predictLabels([[0, 0, 0, 0, 0, 0]])).rejects.toThrow(/binary:logitraw outputs raw scores/);
    await expect(OnnxBoostedModel.fromXGBoostJson('{}', { engine: 'gpu' as 'native' })).rejects.toThrow(/learner/);
  });
});
