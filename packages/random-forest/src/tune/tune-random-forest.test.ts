import { createStudy, InMemoryStorage, intDistribution, NopPruner, RandomSampler, ThresholdPruner, WilcoxonPruner } from '@tunekit/core';
import { RandomForestClassifier } from 'ml-random-forest';
import { describe, expect, it } from 'vitest';
import { loadCsv } from '../__fixtures__/load-csv.js';
import { stratifiedKFold } from '../cv/stratified-k-fold.js';
import { accuracy } from '../metrics/accuracy.js';
import type { RandomForestSearchSpace } from '../search-space/random-forest-search-space.js';
import { crossValidate } from './cross-validate.js';
import { fitRandomForest } from './fit-random-forest.js';
import { randomForestObjective } from './random-forest-objective.js';
import { tuneRandomForest } from './tune-random-forest.js';

const { x, y } = loadCsv('breast_cancer.csv');
// Small forests keep each test to a few seconds.
const small: RandomForestSearchSpace = { nEstimators: intDistribution(5, 20) };

/** A stratified 80/20 split: the search gets the 80 %. */
const holdout = stratifiedKFold(y, { folds: 5, seed: 9 })[0] as { train: Int32Array; validation: Int32Array };
const pick = <T>(rows: T[], idx: Int32Array) => Array.from(idx, (i) => rows[i] as T);
const xTrain = pick(x, holdout.train);
const yTrain = pick(y, holdout.train);
const xTest = pick(x, holdout.validation);
const yTest = pick(y, holdout.validation);

describe('tuneRandomForest', () => {
  it('searches, refits the best configuration on all training rows, reports its folds', async () => {
    const result = await tuneRandomForest({ x: xTrain, y: yTrain, task: 'classification', nTrials: 6, searchSpace: small, workers: 0, progress: false, study: { pruner: new NopPruner() } });
    expect(result.metric).toBe('accuracy');
    expect(result.direction).toBe('maximize');
    expect(result.study.trials).toHaveLength(6);
    const best = Math.max(...result.study.trials.map((trial) => trial.values?.[0] ?? -1));
    expect(result.cvScore).toBe(best);
    expect(result.foldScores).toHaveLength(5);
    expect(result.cvScore).toBeCloseTo(result.foldScores.reduce((a, b) => a + b, 0) / 5, 12);
    expect(result.cvStd).toBeGreaterThan(0);
    expect(result.cvScore).toBeGreaterThan(0.9);
    expect(result.bestTrial.intermediateValues.size).toBe(5);
    expect(result.params.nEstimators).toBe(result.bestTrial.params.nEstimators);
    expect(result.model.params).toEqual(result.params);
    expect(result.model.predict(xTrain)).toHaveLength(xTrain.length);
    expect(result.featureImportances).toHaveLength(30);
    expect(result.featureImportances.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
    expect(result.testScore).toBeUndefined();
    // The model is a genuine ml-random-forest model once exported.
    const loaded = RandomForestClassifier.load(result.model.toMlRandomForestJSON() as never);
    expect(loaded.predict(xTest)).toEqual(result.model.predict(xTest));
    // The folds partition the training rows only.
    expect(result.folds.every((fold) => fold.train.length + fold.validation.length === xTrain.length)).toBe(true);
  });

  it('never lets the test set into the search: scrambled test labels change nothing but testScore', async () => {
    const common = { x: xTrain, y: yTrain, task: 'classification', nTrials: 5, searchSpace: small, workers: 0, seed: 3, progress: false, study: { pruner: new NopPruner() } } as const;
    const flipped = yTest.map((label) => 1 - label);
    const withTest = await tuneRandomForest({ ...common, testSet: { x: xTest, y: flipped } });
    const without = await tuneRandomForest(common);
    const summary = (r: typeof without) => r.study.trials.map((trial) => [trial.params, trial.values, [...trial.intermediateValues]]);
    expect(summary(withTest)).toEqual(summary(without));
    expect(withTest.params).toEqual(without.params);
    // Scored once, with the refit model: accuracy against the labels given.
    expect(withTest.testScore).toBe(accuracy(flipped, withTest.model.predict(xTest)));
    expect(withTest.testScore).toBeCloseTo(1 - accuracy(yTest, withTest.model.predict(xTest)), 12);
  });

  it('reports fold scores as intermediate values so a pruner stops bad configurations early', async () => {
    const result = await tuneRandomForest({
      x: xTrain,
      y: yTrain,
      task: 'classification',
      nTrials: 12,
      searchSpace: { nEstimators: intDistribution(1, 4), maxDepth: intDistribution(1, 3) },
      workers: 0,
      progress: false,
      study: { pruner: new ThresholdPruner({ lower: 0.93 }) },
    });
    const pruned = result.study.trials.filter((trial) => trial.state === 'pruned');
    const complete = result.study.trials.filter((trial) => trial.state === 'complete');
    expect(pruned.length).toBeGreaterThan(0);
    expect(complete.length).toBeGreaterThan(0);
    for (const trial of pruned) {
      const values = [...trial.intermediateValues.values()];
      expect(values.length).toBeLessThan(5); // stopped before the last fold
      expect(values.at(-1)).toBeLessThan(0.93);
      expect(trial.userAttrs.foldScores).toEqual(values);
    }
    // The pruner is asked after every fold but the last (the last one ends the trial anyway).
    for (const trial of complete) {
      const values = [...trial.intermediateValues.values()];
      expect(values).toHaveLength(5);
      for (const value of values.slice(0, -1)) expect(value).toBeGreaterThanOrEqual(0.93);
    }
  });

  it('works with the Wilcoxon pruner and repeated cross-validation (steps repeat * folds + fold)', async () => {
    const result = await tuneRandomForest({
      x: xTrain, y: yTrain, task: 'classification', nTrials: 4, searchSpace: small, cv: { folds: 3, repeats: 2 }, workers: 0, progress: false,
      study: { pruner: new WilcoxonPruner({ pThreshold: 0.1 }) },
    });
    expect([...result.bestTrial.intermediateValues.keys()]).toEqual([0, 1, 2, 3, 4, 5]);
    expect(result.foldScores).toHaveLength(6);
  });

  it('fits folds in worker threads; concurrency 2 runs and every trial value is the in-process CV of its params', async () => {
    const sequential = await tuneRandomForest({ x: xTrain, y: yTrain, task: 'classification', nTrials: 4, searchSpace: small, workers: 0, seed: 5, progress: false, study: { pruner: new NopPruner() } });
    const inWorker = await tuneRandomForest({ x: xTrain, y: yTrain, task: 'classification', nTrials: 4, searchSpace: small, concurrency: 1, seed: 5, progress: false, study: { pruner: new NopPruner() } });
    // concurrency 1 with one worker: exactly the same study as in this thread.
    expect(inWorker.study.trials.map((trial) => trial.values)).toEqual(sequential.study.trials.map((trial) => trial.values));
    const parallel = await tuneRandomForest({ x: xTrain, y: yTrain, task: 'classification', nTrials: 6, searchSpace: small, concurrency: 2, seed: 5, progress: false, study: { pruner: new NopPruner() } });
    expect(parallel.study.trials.filter((trial) => trial.state === 'complete')).toHaveLength(6);
    for (const trial of parallel.study.trials) {
      const check = await crossValidate({ x: xTrain, y: yTrain, task: 'classification', params: trial.userAttrs.params as never, seed: 5 });
      expect(trial.values?.[0]).toBe(check.mean);
      expect(trial.userAttrs.foldScores).toEqual(check.scores);
    }
  }, 60_000);

  it('takes the direction from the metric and checks a given study against it', async () => {
    const result = await tuneRandomForest({ x: xTrain, y: yTrain, task: 'classification', metric: 'logLoss', nTrials: 3, searchSpace: small, workers: 0, progress: false });
    expect(result.direction).toBe('minimize');
    expect(result.study.directions).toEqual(['minimize']);
    expect(result.cvScore).toBeLessThan(0.7);
    const maximizing = await createStudy({ direction: 'maximize' });
    await expect(tuneRandomForest({ x: xTrain, y: yTrain, task: 'classification', metric: 'logLoss', nTrials: 1, workers: 0, study: maximizing })).rejects.toThrow(/Invalid study: expected a single-objective 'minimize' study \(metric logLoss is minimized\), got "maximize"/);
  });

  it('continues a study given by name in a storage, and uses its sampler', async () => {
    const study = await createStudy({ studyName: 'rf', direction: 'maximize', sampler: new RandomSampler({ seed: 1 }) });
    await tuneRandomForest({ x: xTrain, y: yTrain, task: 'classification', nTrials: 2, searchSpace: small, workers: 0, progress: false, study });
    const again = await tuneRandomForest({ x: xTrain, y: yTrain, task: 'classification', nTrials: 2, searchSpace: small, workers: 0, progress: false, study });
    expect(again.study.trials).toHaveLength(4);
  });

  it('a resumed stored study draws new parameters instead of replaying the seeded sequence', async () => {
    const storage = new InMemoryStorage();
    const run = () => tuneRandomForest({ x: xTrain, y: yTrain, task: 'classification', nTrials: 3, searchSpace: small, workers: 0, progress: false, study: { storage, studyName: 'resumed', loadIfExists: true } });
    await run();
    const second = await run();
    const trees = second.study.trials.map((trial) => trial.params.nEstimators);
    expect(trees).toHaveLength(6);
    expect(trees.slice(3)).not.toEqual(trees.slice(0, 3));
    // A fresh study with the same seed replays exactly the first run.
    const fresh = await tuneRandomForest({ x: xTrain, y: yTrain, task: 'classification', nTrials: 3, searchSpace: small, workers: 0, progress: false });
    expect(fresh.study.trials.map((trial) => trial.params.nEstimators)).toEqual(trees.slice(0, 3));
  });

  it('tunes regression with RMSE', async () => {
    const features = xTrain.map((row) => row.filter((_, j) => j !== 3));
    const target = xTrain.map((row) => row[3] as number);
    const result = await tuneRandomForest({ x: features, y: target, task: 'regression', metric: 'rmse', nTrials: 3, searchSpace: small, workers: 0, progress: false });
    expect(result.direction).toBe('minimize');
    expect(result.params.criterion).toBe('mse');
    expect(result.cvScore).toBeLessThan(150); // "mean area" spans ~140–2500
    expect(result.model.predict(features.slice(0, 3)).every((value) => typeof value === 'number')).toBe(true);
  });

  it('tunes the ml-random-forest engine on worker threads (probabilities from votes, small forests)', async () => {
    const result = await tuneRandomForest({
      x: xTrain.slice(0, 120), y: yTrain.slice(0, 120), task: 'classification', engine: 'ml-random-forest', metric: 'rocAuc', nTrials: 3,
      searchSpace: { nEstimators: intDistribution(1, 4) }, concurrency: 2, progress: false, study: { pruner: new NopPruner() },
    });
    expect(result.model.engine).toBe('ml-random-forest');
    expect(result.cvScore).toBeGreaterThan(0.8);
    expect(result.params.criterion).toBe('gini');
  });

  it('rejects bad data before any trial runs', async () => {
    await expect(tuneRandomForest({ x: [[1, 2], [3]], y: [0, 1], task: 'classification', nTrials: 1 })).rejects.toThrow(/x\[1\]/);
    await expect(tuneRandomForest({ x: xTrain, y: yTrain.map(() => 1), task: 'classification', nTrials: 1 })).rejects.toThrow(/at least 2 distinct classes/);
    await expect(tuneRandomForest({ x: xTrain, y: yTrain, task: 'classification', nTrials: 1, testSet: { x: xTest, y: yTest.map(() => 2) } })).rejects.toThrow(/testSet.y\[0\]: expected one of the classes seen in the training data/);
    await expect(tuneRandomForest({ x: xTrain.slice(0, 8), y: [0, 0, 0, 1, 1, 1, 1, 1], task: 'classification', nTrials: 1, cv: { folds: 4 } })).rejects.toThrow(/class 0 has only 3 rows/);
    await expect(tuneRandomForest({ x: xTrain, y: yTrain, task: 'classification', nTrials: 1, engine: 'xgboost' as never })).rejects.toThrow(/Invalid engine/);
  });
});

describe('randomForestObjective and crossValidate', () => {
  it('the objective plugs into any study and records params and fold scores', async () => {
    const objective = await randomForestObjective({ x: xTrain, y: yTrain, task: 'classification', metric: 'balancedAccuracy', searchSpace: small, workers: 2 });
    try {
      const study = await createStudy({ direction: objective.direction, pruner: new NopPruner(), sampler: new RandomSampler({ seed: 2 }) });
      await study.optimize(objective, { nTrials: 4, concurrency: 2, progress: false });
      for (const trial of study.trials) {
        expect(trial.state).toBe('complete');
        expect((trial.userAttrs.foldScores as number[]).length).toBe(5);
        expect(trial.userAttrs.params).toMatchObject({ nEstimators: trial.params.nEstimators });
      }
    } finally {
      await objective.close();
    }
  }, 60_000);

  it('crossValidate: folds in parallel workers give the same scores as in this thread; onFold sees them in order', async () => {
    const seen: number[] = [];
    const here = await crossValidate({ x, y, task: 'classification', params: { nEstimators: 20 }, cv: { folds: 4 }, seed: 1, onFold: (score, fold) => void seen.push(fold.index) });
    const workers = await crossValidate({ x, y, task: 'classification', params: { nEstimators: 20 }, cv: { folds: 4 }, seed: 1, workers: 2 });
    expect(workers.scores).toEqual(here.scores);
    expect(seen).toEqual([0, 1, 2, 3]);
    expect(here.mean).toBeGreaterThan(0.93);
    expect(here.std).toBeCloseTo(Math.sqrt(here.scores.reduce((a, s) => a + (s - here.mean) ** 2, 0) / 4), 14);
  }, 60_000);
});

describe('fitRandomForest', () => {
  it('fits either engine behind one interface; soft voting predicts the argmax of predictProba', async () => {
    const hard = await fitRandomForest({ x: xTrain, y: yTrain, task: 'classification', params: { nEstimators: 9, maxDepth: 3 }, seed: 4 });
    const soft = await fitRandomForest({ x: xTrain, y: yTrain, task: 'classification', params: { nEstimators: 9, maxDepth: 3 }, seed: 4, voting: 'soft' });
    const probabilities = soft.predictProba(xTest);
    expect(probabilities.every((row) => Math.abs((row[0] as number) + (row[1] as number) - 1) < 1e-12)).toBe(true);
    expect(soft.predict(xTest)).toEqual(probabilities.map((row) => ((row[1] as number) > (row[0] as number) ? 1 : 0)));
    expect(hard.predictProba(xTest)).toEqual(probabilities); // same trees: voting only changes predict
    const ml = await fitRandomForest({ x: xTrain.slice(0, 100), y: yTrain.slice(0, 100), task: 'classification', params: { nEstimators: 2 }, engine: 'ml-random-forest' });
    expect(ml.engine).toBe('ml-random-forest');
    expect(ml.predict(xTest)).toHaveLength(xTest.length);
    await expect(fitRandomForest({ x: xTrain, y: yTrain, task: 'classification', params: { nTrees: 3 } as never })).rejects.toThrow(/params.nTrees: expected no such parameter/);
  });
});
