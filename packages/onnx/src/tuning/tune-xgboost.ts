import * as core from '@tunekit/core';
import { createStudy, InvalidArgumentError, MedianPruner, RandomSampler, type FrozenTrial, type Pruner, type Sampler, type Study, type Trial } from '@tunekit/core';
import { evaluateMetric, metricDirection, METRIC_NAMES, type MetricName } from '../metrics/evaluate-metric.js';
import type { OnnxBoostedModel } from '../onnx-boosted-model.js';
import { datasetShape, type Dataset } from '../trainers/dataset.js';
import { createXGBoostTrainer, type XGBoostParams, type XGBoostTrainerOptions } from '../trainers/xgboost-trainer.js';
import { defaultXGBoostSearchSpace } from './create-xgboost-search-space.js';

/** What is being learnt; decides the XGBoost objective and the default metric. */
export type XGBoostTask = 'binary' | 'multiclass' | 'regression' | 'count';

const TASKS: Readonly<Record<XGBoostTask, { objective: string; metric: MetricName }>> = {
  binary: { objective: 'binary:logistic', metric: 'logloss' },
  multiclass: { objective: 'multi:softprob', metric: 'mlogloss' },
  regression: { objective: 'reg:squarederror', metric: 'rmse' },
  count: { objective: 'count:poisson', metric: 'poisson-nloglik' },
};

export interface TuneXGBoostOptions {
  readonly train: Dataset;
  readonly valid: Dataset;
  readonly task: XGBoostTask;
  /**
   * The validation metric: XGBoost reports it every round (what the pruner sees) and tunekit
   * computes it in Node on the converted best-round model (the trial's value). Default: `logloss`
   * (binary), `mlogloss` (multiclass), `rmse` (regression), `poisson-nloglik` (count).
   */
  readonly metric?: MetricName;
  readonly nTrials: number;
  /** Parameters of a trial (must include `num_round`). Default `defaultXGBoostSearchSpace`. */
  readonly searchSpace?: (trial: Trial) => XGBoostParams;
  /**
   * The study to run in (any storage); its direction must match the metric's. Default: a new
   * in-memory study with `sampler` and `pruner`.
   */
  readonly study?: Study;
  /** Sampler of the default study. Default: `TPESampler({ seed })` (`RandomSampler` on a core without TPE). */
  readonly sampler?: Sampler;
  /** Pruner of the default study. Default `MedianPruner({ nStartupTrials: 5, nWarmupSteps: 10 })`. */
  readonly pruner?: Pruner;
  /** Seed of the default sampler and of XGBoost (`seed` parameter). Default 0. */
  readonly seed?: number;
  /** XGBoost objective instead of the task's default (e.g. `'multi:softmax'`). */
  readonly objective?: string;
  /** Runner, threads, early stopping, ... of the XGBoost trainer. */
  readonly trainerOptions?: Omit<Partial<XGBoostTrainerOptions>, 'train' | 'valid' | 'metric' | 'objective'>;
  /** Passed to `study.optimize`. */
  readonly timeout?: number;
  readonly concurrency?: number;
  readonly signal?: AbortSignal;
  readonly progress?: boolean;
}

export interface TuneXGBoostResult {
  readonly study: Study;
  readonly bestTrial: FrozenTrial;
  readonly bestParams: FrozenTrial['params'];
  /** The metric of the best trial, computed in Node on `valid`. */
  readonly bestValue: number;
  /** The best trial's model, cut at its best round, ready to predict (call `dispose()` when done). */
  readonly model: OnnxBoostedModel;
  readonly bestRound: number;
}

function seededDefaultSampler(seed: number): Sampler {
  // TPE when this core exports it, seeded random sampling otherwise.
  const TPE = (core as unknown as { TPESampler?: new (options: { seed: number }) => Sampler }).TPESampler;
  return TPE === undefined ? new RandomSampler({ seed }) : new TPE({ seed });
}

/**
 * Tune real XGBoost (Debian's `xgboost` CLI, or Python `xgboost`) with a tunekit study: each trial
 * trains one model as a child process, every round's validation metric goes to the pruner (a
 * pruned trial's process is killed), and the best round's model is converted and evaluated in Node.
 */
export async function tuneXGBoost(options: TuneXGBoostOptions): Promise<TuneXGBoostResult> {
  const task = TASKS[options.task];
  if (task === undefined) throw new InvalidArgumentError('tuneXGBoost task', options.task, `one of ${Object.keys(TASKS).join(', ')}`);
  const metric = options.metric ?? task.metric;
  if (!METRIC_NAMES.includes(metric)) throw new InvalidArgumentError('tuneXGBoost metric', metric, `one of ${METRIC_NAMES.join(', ')}`);
  if (!Number.isSafeInteger(options.nTrials) || options.nTrials < 1) throw new InvalidArgumentError('tuneXGBoost nTrials', options.nTrials, 'a positive integer');
  datasetShape(options.train, 'train');
  datasetShape(options.valid, 'valid');
  const direction = metricDirection(metric);
  const seed = options.seed ?? 0;
  if (options.study !== undefined && (options.sampler !== undefined || options.pruner !== undefined)) {
    throw new InvalidArgumentError('tuneXGBoost sampler/pruner', 'given with study', 'either a study, or a sampler and pruner for a new one');
  }
  const study =
    options.study ??
    (await createStudy({ direction, sampler: options.sampler ?? seededDefaultSampler(seed), pruner: options.pruner ?? new MedianPruner({ nStartupTrials: 5, nWarmupSteps: 10 }) }));
  if (study.directions.length !== 1 || study.directions[0] !== direction) {
    throw new InvalidArgumentError('tuneXGBoost study', study.directions, `a single-objective study to ${direction} (metric '${metric}' is ${direction === 'maximize' ? 'maximised' : 'minimised'})`);
  }
  let numClass: number | undefined;
  if (options.task === 'multiclass') {
    let max = 0;
    for (const labels of [options.train.y, options.valid.y]) for (let index = 0; index < labels.length; index++) max = Math.max(max, labels[index] as number);
    numClass = max + 1;
  }
  const trainer = createXGBoostTrainer({
    ...options.trainerOptions,
    train: options.train,
    valid: options.valid,
    objective: options.objective ?? task.objective,
    metric,
    ...(numClass === undefined ? {} : { numClass }),
    baseParams: { seed, ...options.trainerOptions?.baseParams },
  });
  const space = options.searchSpace ?? defaultXGBoostSearchSpace;
  const better = (a: number, b: number) => (direction === 'maximize' ? a > b : a < b);
  let best: { value: number; model: OnnxBoostedModel; round: number; number: number } | undefined;
  try {
    await study.optimize(
      async (trial) => {
        const result = await trainer(space(trial), { trial, signal: trial.signal });
        const value = evaluateMetric(metric, options.valid.y, await result.model.predict(options.valid.x));
        trial.setUserAttr('best_round', result.bestRound);
        trial.setUserAttr('rounds_trained', result.roundsTrained);
        trial.setUserAttr(`xgboost_valid_${metric}`, result.bestValue);
        if (best === undefined || better(value, best.value)) {
          await best?.model.dispose();
          best = { value, model: result.model, round: result.bestRound, number: trial.number };
        } else {
          await result.model.dispose();
        }
        return value;
      },
      {
        nTrials: options.nTrials,
        ...(options.timeout === undefined ? {} : { timeout: options.timeout }),
        ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
        progress: options.progress ?? false,
      },
    );
  } finally {
    await trainer.dispose();
  }
  const kept = best;
  if (kept === undefined) throw new InvalidArgumentError('tuneXGBoost', 'no completed trial', 'at least one trial to complete (all were pruned or failed)');
  const bestTrial = study.bestTrial;
  return { study, bestTrial, bestParams: bestTrial.params, bestValue: kept.value, model: kept.model, bestRound: kept.round };
}
