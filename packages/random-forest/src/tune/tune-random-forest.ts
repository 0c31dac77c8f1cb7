import {
  createStudy,
  InvalidArgumentError,
  TunekitError,
  type CreateStudyOptions,
  type FrozenTrial,
  type OptimizeCallback,
  type ProgressOptions,
  type Study,
  type StudyDirection,
} from '@tunekit/core';
import type { CrossValidationFold } from '../cv/cross-validation-folds.js';
import type { Label, Task } from '../data/dataset.js';
import { prepareDataset, prepareHeldOutDataset, type FeatureRows } from '../data/prepare-dataset.js';
import { scorePrediction } from '../metrics/score-prediction.js';
import type { RandomForestModel } from '../model/random-forest-model.js';
import { resolveParams, type RandomForestParams } from '../params/random-forest-params.js';
import { createObjective, meanAndStd, type RandomForestObjectiveOptions } from './random-forest-objective.js';
import { ResumableRandomSampler } from './resumable-random-sampler.js';

/** Study settings for a study `tuneRandomForest` creates (the direction comes from the metric). */
export type TuneStudyOptions = Omit<CreateStudyOptions, 'direction' | 'directions'>;

/**
 * Options of `tuneRandomForest`: those of `randomForestObjective` (`x`, `y`, `task`, `metric`,
 * `cv`, `searchSpace`, `engine`, `voting`, `seed`; `seed` also seeds a created study's sampler)
 * and the run's own.
 */
export interface TuneRandomForestOptions extends RandomForestObjectiveOptions {
  /** Trials to run. Default 50. */
  readonly nTrials?: number;
  /**
   * A `Study` (its direction must match the metric's), or options for the study to create
   * (`storage: 'sqlite:./tunekit.db'` makes it persistent; default sampler: a `RandomSampler`
   * seeded with `seed` — a resumed study continues with fresh draws rather than replaying them;
   * default pruner: the study's, `MedianPruner`).
   */
  readonly study?: Study | TuneStudyOptions;
  /** Trials in flight at once. Default 1. */
  readonly concurrency?: number;
  /** Worker threads fitting folds. Default `concurrency`; 0 fits in the calling thread. */
  readonly workers?: number;
  /** A held-out test set, scored once with the refit best model (never during the search). */
  readonly testSet?: { readonly x: FeatureRows; readonly y: readonly Label[] };
  /** Stop starting trials after this many ms. */
  readonly timeout?: number;
  readonly signal?: AbortSignal;
  /** Progress line on a TTY (default: `optimize`'s default). */
  readonly progress?: boolean | ProgressOptions;
  readonly callbacks?: readonly OptimizeCallback[];
}

/** What `tuneRandomForest` found. */
export interface TuneRandomForestResult {
  /** The best trial's parameters (all of them, tuned and fixed). */
  readonly params: RandomForestParams;
  /** Its mean cross-validation score. */
  readonly cvScore: number;
  /** Population standard deviation of its fold scores. */
  readonly cvStd: number;
  readonly foldScores: readonly number[];
  /** A forest with `params`, refit on all training rows. */
  readonly model: RandomForestModel;
  /** The study (persistent if it has a storage). One created here is left open: `await result.study.close()` when done. */
  readonly study: Study;
  readonly bestTrial: FrozenTrial;
  /** The refit model's mean decrease in impurity per feature. */
  readonly featureImportances: readonly number[];
  /** The refit model's score on `testSet`, when given. */
  readonly testScore?: number;
  readonly metric: string;
  readonly direction: StudyDirection;
  /** The cross-validation folds (indices into the training rows). */
  readonly folds: readonly CrossValidationFold[];
}

function isStudy(value: unknown): value is Study {
  return typeof value === 'object' && value !== null && typeof (value as Study).optimize === 'function' && typeof (value as Study).ask === 'function';
}

function paramsOf(trial: FrozenTrial, task: Task): RandomForestParams {
  const recorded = trial.userAttrs.params;
  if (recorded === null || typeof recorded !== 'object' || Array.isArray(recorded)) {
    throw new TunekitError(`The best trial (#${trial.number}) has no recorded random forest parameters (userAttrs.params): was it run by tuneRandomForest or randomForestObjective?`, { code: 'NO_FOREST_PARAMS' });
  }
  return resolveParams(recorded as Partial<RandomForestParams>, task, `trial ${trial.number} params`);
}

/**
 * Tune a random forest: cross-validated search over the forest's hyperparameters, then a refit
 * of the best configuration on all training rows, and (optionally) one score on a held-out
 * test set.
 *
 * @example
 * const best = await tuneRandomForest({ x, y, task: 'classification', metric: 'accuracy',
 *   cv: { folds: 5 }, nTrials: 50, concurrency: 2, study: { storage: 'sqlite:./tunekit.db', studyName: 'rf' } });
 * best.params; best.cvScore; best.model.predict(rows); best.model.toMlRandomForestJSON();
 */
export async function tuneRandomForest(options: TuneRandomForestOptions): Promise<TuneRandomForestResult> {
  if (options === null || typeof options !== 'object') throw new InvalidArgumentError('tuneRandomForest options', options, 'an options object { x, y, task, ... }');
  const dataset = prepareDataset(options.x, options.y, options.task);
  const test = options.testSet === undefined ? undefined : prepareHeldOutDataset(options.testSet?.x, options.testSet?.y, dataset, { x: 'testSet.x', y: 'testSet.y' });
  const nTrials = options.nTrials ?? 50;
  const concurrency = options.concurrency ?? 1;
  if (!Number.isSafeInteger(concurrency) || concurrency < 1) throw new InvalidArgumentError('concurrency', concurrency, 'an integer >= 1');

  const objective = await createObjective(dataset, { ...options, workers: options.workers ?? concurrency });
  try {
    let study: Study;
    if (isStudy(options.study)) {
      study = options.study;
      if (study.directions.length !== 1 || study.directions[0] !== objective.direction) {
        throw new InvalidArgumentError('study', study.directions.join(', '), `a single-objective '${objective.direction}' study (metric ${objective.metric.name} is ${objective.direction}d)`);
      }
    } else {
      const studyOptions: TuneStudyOptions = options.study ?? {};
      study = await createStudy({ ...studyOptions, sampler: studyOptions.sampler ?? new ResumableRandomSampler(objective.seed), direction: objective.direction });
    }
    await study.optimize(objective, {
      nTrials,
      concurrency,
      timeout: options.timeout,
      signal: options.signal,
      progress: options.progress,
      callbacks: options.callbacks,
    });
    const complete = await study.getTrials({ states: ['complete'] });
    if (complete.length === 0) throw new TunekitError(`No trial of study '${study.studyName}' completed (all pruned or failed), so there is no best configuration`, { code: 'NO_COMPLETE_TRIAL' });
    const bestTrial = study.bestTrial;
    const params = paramsOf(bestTrial, options.task);
    const recordedScores = bestTrial.userAttrs.foldScores;
    const foldScores = Array.isArray(recordedScores) ? recordedScores.map(Number) : [];
    const cvScore = bestTrial.values?.[0] as number;
    const model = objective.engine.fit(dataset, undefined, params, objective.seed);
    const testScore = test === undefined ? undefined : scorePrediction(objective.metric, test.target, undefined, model.predictPrepared(test.features, undefined, objective.metric.input));
    return {
      params,
      cvScore,
      cvStd: foldScores.length > 0 ? meanAndStd(foldScores).std : Number.NaN,
      foldScores,
      model,
      study,
      bestTrial,
      featureImportances: model.featureImportances(),
      ...(testScore === undefined ? {} : { testScore }),
      metric: objective.metric.name,
      direction: objective.direction,
      folds: objective.folds,
    };
  } finally {
    await objective.close();
  }
}
