import { InvalidArgumentError, type StudyDirection } from '@tunekit/core';
import { crossValidationFolds, type CrossValidationFold, type CrossValidationOptions } from '../cv/cross-validation-folds.js';
import type { Label, Task } from '../data/dataset.js';
import { prepareDataset, type FeatureRows } from '../data/prepare-dataset.js';
import { checkEngineName, checkVoting } from '../engines/forest-engine.js';
import type { Voting } from '../fast/predict-forest.js';
import { resolveMetric, type Metric, type MetricName } from '../metrics/metric.js';
import type { EngineName } from '../model/random-forest-model.js';
import { resolveParams, type RandomForestParams } from '../params/random-forest-params.js';
import { FoldEvaluator } from './fold-evaluator.js';
import { checkSeedOption, meanAndStd } from './random-forest-objective.js';

/** Options of `crossValidate`. */
export interface CrossValidateOptions {
  readonly x: FeatureRows;
  readonly y: readonly Label[];
  readonly task: Task;
  /** Forest parameters; unset ones take scikit-learn's defaults. */
  readonly params?: Partial<RandomForestParams>;
  readonly metric?: MetricName | Metric;
  readonly cv?: CrossValidationOptions;
  readonly engine?: EngineName;
  readonly voting?: Voting;
  /** Forest seed (and default fold seed). Default 0. */
  readonly seed?: number;
  /** Worker threads fitting folds in parallel; 0 (default) fits in the calling thread. */
  readonly workers?: number;
  /** Called after each fold in fold order; throwing stops the evaluation (e.g. to prune). */
  readonly onFold?: (score: number, fold: CrossValidationFold) => void | Promise<void>;
}

/** What `crossValidate` measured. */
export interface CrossValidationResult {
  /** One score per fold, in fold order. */
  readonly scores: readonly number[];
  readonly mean: number;
  /** Population standard deviation of the fold scores. */
  readonly std: number;
  readonly metric: string;
  readonly direction: StudyDirection;
  readonly folds: readonly CrossValidationFold[];
  readonly params: RandomForestParams;
}

/**
 * Cross-validate one parameter set: stratified k-fold by default (repeatable), each fold's
 * forest fitted on its training rows only and scored on its validation rows.
 */
export async function crossValidate(options: CrossValidateOptions): Promise<CrossValidationResult> {
  if (options === null || typeof options !== 'object') throw new InvalidArgumentError('crossValidate options', options, 'an options object { x, y, task, ... }');
  const dataset = prepareDataset(options.x, options.y, options.task);
  const engine = checkEngineName(options.engine);
  const seed = checkSeedOption(options.seed);
  const params = resolveParams(options.params, options.task);
  const metric = resolveMetric(options.metric, dataset.target);
  const folds = crossValidationFolds(dataset.target, options.cv ?? {}, seed);
  const evaluator = await FoldEvaluator.create({ dataset, folds, metric, engine, voting: checkVoting(options.voting), seed, workers: options.workers ?? 0 });
  try {
    evaluator.engine.checkParams(params, 'params');
    // Start every fold (workers run them in parallel), report in fold order.
    const pending = folds.map((_, index) => evaluator.score(params, index));
    for (const promise of pending) promise.catch(() => {});
    const scores: number[] = [];
    for (const [index, fold] of folds.entries()) {
      const score = await (pending[index] as Promise<number>);
      scores.push(score);
      await options.onFold?.(score, fold);
    }
    const { mean, std } = meanAndStd(scores);
    return { scores, mean, std, metric: metric.name, direction: metric.direction, folds, params };
  } finally {
    await evaluator.close();
  }
}
