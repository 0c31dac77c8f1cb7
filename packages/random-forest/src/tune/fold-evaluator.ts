import { InvalidArgumentError } from '@tunekit/core';
import type { CrossValidationFold } from '../cv/cross-validation-folds.js';
import type { Dataset } from '../data/dataset.js';
import { loadEngine, type ForestEngine } from '../engines/forest-engine.js';
import type { Voting } from '../fast/predict-forest.js';
import type { Metric } from '../metrics/metric.js';
import { scorePrediction } from '../metrics/score-prediction.js';
import type { EngineName } from '../model/random-forest-model.js';
import { FitWorkerPool } from '../parallel/fit-worker-pool.js';
import type { RandomForestParams } from '../params/random-forest-params.js';

/** @internal Options of `FoldEvaluator.create`. */
export interface FoldEvaluatorOptions {
  readonly dataset: Dataset;
  readonly folds: readonly CrossValidationFold[];
  readonly metric: Metric;
  readonly engine: EngineName;
  readonly voting: Voting;
  /** Forest seed: every fold's forest uses it (as scikit-learn's `random_state`). */
  readonly seed: number;
  /** Worker threads; 0 fits in the calling thread. */
  readonly workers: number;
}

/**
 * @internal Scores parameters on one fold at a time: fit on the fold's training rows (in a
 * worker, or here), predict its validation rows, apply the metric here. The validation rows of
 * a fold are never part of its fit; no other data is in reach.
 */
export class FoldEvaluator {
  readonly folds: readonly CrossValidationFold[];
  readonly metric: Metric;
  readonly engine: ForestEngine;
  readonly #options: FoldEvaluatorOptions;
  readonly #pool: FitWorkerPool | undefined;

  private constructor(options: FoldEvaluatorOptions, engine: ForestEngine, pool: FitWorkerPool | undefined) {
    this.#options = options;
    this.folds = options.folds;
    this.metric = options.metric;
    this.engine = engine;
    this.#pool = pool;
  }

  static async create(options: FoldEvaluatorOptions): Promise<FoldEvaluator> {
    if (!Number.isSafeInteger(options.workers) || options.workers < 0) throw new InvalidArgumentError('workers', options.workers, 'an integer >= 0 (0: fit in this thread)');
    const engine = await loadEngine(options.engine, { voting: options.voting });
    const pool =
      options.workers > 0
        ? new FitWorkerPool(options.workers, {
            dataset: options.dataset,
            folds: options.folds.map(({ train, validation }) => ({ train, validation })),
            engine: options.engine,
            voting: options.voting,
          })
        : undefined;
    return new FoldEvaluator(options, engine, pool);
  }

  /** The metric's value for `params` on fold `index`. */
  async score(params: RandomForestParams, index: number): Promise<number> {
    const fold = this.folds[index];
    if (fold === undefined) throw new RangeError(`no fold ${index}`);
    const { dataset, seed } = this.#options;
    const input = this.metric.input;
    let prediction: Int32Array | Float64Array;
    if (this.#pool !== undefined) prediction = (await this.#pool.run({ params, fold: index, seed, input })).prediction;
    else prediction = this.engine.fit(dataset, fold.train, params, seed).predictPrepared(dataset.features, fold.validation, input);
    return scorePrediction(this.metric, dataset.target, fold.validation, prediction);
  }

  async close(): Promise<void> {
    await this.#pool?.close();
  }
}
