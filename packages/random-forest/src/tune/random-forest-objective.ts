import { InvalidArgumentError, TrialPruned, type StudyDirection, type Trial } from '@tunekit/core';
import { crossValidationFolds, type CrossValidationFold, type CrossValidationOptions } from '../cv/cross-validation-folds.js';
import type { Dataset, Label, Task } from '../data/dataset.js';
import { prepareDataset, type FeatureRows } from '../data/prepare-dataset.js';
import { checkEngineName, checkVoting, type ForestEngine } from '../engines/forest-engine.js';
import type { Voting } from '../fast/predict-forest.js';
import { resolveMetric, type Metric, type MetricName } from '../metrics/metric.js';
import type { EngineName } from '../model/random-forest-model.js';
import type { RandomForestParams } from '../params/random-forest-params.js';
import { checkSearchSpace, suggestParams, type SearchSpaceInput } from '../search-space/random-forest-search-space.js';
import { FoldEvaluator } from './fold-evaluator.js';

/** Options of `randomForestObjective`. */
export interface RandomForestObjectiveOptions {
  /** Training rows (validation folds are cut from them; keep your test set out). */
  readonly x: FeatureRows;
  /** Class labels (classification) or numbers (regression), one per row. */
  readonly y: readonly Label[];
  readonly task: Task;
  /** Default `'accuracy'` (classification) or `'r2'` (regression). */
  readonly metric?: MetricName | Metric;
  /** Default: 5 folds, stratified for classification, shuffled with `seed`. */
  readonly cv?: CrossValidationOptions;
  readonly searchSpace?: SearchSpaceInput;
  /** Default `'fast'`. */
  readonly engine?: EngineName;
  /** Fast engine classifiers: `'hard'` (default) or `'soft'` voting. */
  readonly voting?: Voting;
  /** Seeds every forest (the same for every trial and fold, like scikit-learn's `random_state`) and, by default, the folds. Default 0. */
  readonly seed?: number;
  /** Worker threads fitting folds; 0 (default here) fits in the calling thread. */
  readonly workers?: number;
}

/**
 * An objective for `study.optimize`: suggests forest parameters, cross-validates them fold by
 * fold, reports each fold's score as an intermediate value (step = fold index, `repeat * folds +
 * fold` when repeated) so that a pruner can stop a bad configuration after a few folds, and
 * returns the mean. It records the trial's parameters (`userAttrs.params`) and fold scores
 * (`userAttrs.foldScores`). Call `close()` when done (it stops the workers).
 */
export interface RandomForestObjective {
  (trial: Trial): Promise<number>;
  /** `'maximize'` or `'minimize'`, from the metric: create the study with it. */
  readonly direction: StudyDirection;
  readonly metric: Metric;
  readonly folds: readonly CrossValidationFold[];
  /** @internal */
  readonly dataset: Dataset;
  /** @internal */
  readonly engine: ForestEngine;
  /** @internal */
  readonly seed: number;
  close(): Promise<void>;
}

/** @internal Mean and population standard deviation (numpy's default `ddof=0`). */
export function meanAndStd(values: readonly number[]): { mean: number; std: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
  return { mean, std: Math.sqrt(variance) };
}

/** @internal Validate a seed option. */
export function checkSeedOption(seed: unknown, field = 'seed'): number {
  if (seed === undefined) return 0;
  if (typeof seed !== 'number' || !Number.isFinite(seed)) throw new InvalidArgumentError(field, seed, 'a finite number');
  return seed;
}

/** @internal Build from an already validated data set. */
export async function createObjective(dataset: Dataset, options: Omit<RandomForestObjectiveOptions, 'x' | 'y'>): Promise<RandomForestObjective> {
  const engineName = checkEngineName(options.engine);
  const voting = checkVoting(options.voting);
  const seed = checkSeedOption(options.seed);
  const metric = resolveMetric(options.metric, dataset.target);
  checkSearchSpace(options.searchSpace, options.task, engineName);
  const folds = crossValidationFolds(dataset.target, options.cv ?? {}, seed);
  const evaluator = await FoldEvaluator.create({ dataset, folds, metric, engine: engineName, voting, seed, workers: options.workers ?? 0 });
  const { task, searchSpace } = options;

  const objective = async (trial: Trial): Promise<number> => {
    const params: RandomForestParams = suggestParams(trial, searchSpace, task, engineName);
    evaluator.engine.checkParams(params, 'searchSpace');
    trial.setUserAttr('params', { ...params });
    const scores: number[] = [];
    for (const [index, fold] of folds.entries()) {
      trial.signal.throwIfAborted();
      const score = await evaluator.score(params, index);
      scores.push(score);
      trial.report(score, fold.step);
      if (index < folds.length - 1 && (await trial.shouldPrune())) {
        trial.setUserAttr('foldScores', scores);
        throw new TrialPruned(`Trial ${trial.number} pruned after ${index + 1} of ${folds.length} folds`);
      }
    }
    trial.setUserAttr('foldScores', scores);
    return meanAndStd(scores).mean;
  };
  return Object.assign(objective, {
    direction: metric.direction,
    metric,
    folds,
    dataset,
    engine: evaluator.engine,
    seed,
    close: () => evaluator.close(),
  });
}

/**
 * Build a cross-validating objective for your own study.
 *
 * @example
 * const objective = await randomForestObjective({ x, y, task: 'classification', metric: 'rocAuc', workers: 2 });
 * const study = await createStudy({ direction: objective.direction, pruner: new WilcoxonPruner() });
 * try { await study.optimize(objective, { nTrials: 50, concurrency: 2 }); } finally { await objective.close(); }
 */
export async function randomForestObjective(options: RandomForestObjectiveOptions): Promise<RandomForestObjective> {
  if (options === null || typeof options !== 'object') throw new InvalidArgumentError('randomForestObjective options', options, 'an options object { x, y, task, ... }');
  return createObjective(prepareDataset(options.x, options.y, options.task), options);
}
