import { InvalidArgumentError, TrialPruned } from '@tunekit/core';
import type { TrialReporter } from '@tunekit/core/protocol';
import { warn } from './resolve-tfjs.js';
import { TfjsCallback, readLog, type TfjsCallbackOptions } from './tfjs-callback.js';
import type { CallbackLogs } from './tfjs-types.js';

/** Options of `TfjsPruningCallback`. */
export interface TfjsPruningCallbackOptions extends TfjsCallbackOptions {
  /**
   * The log entry reported to the trial: `'val_loss'` (default), `'val_acc'`, `'loss'`, ... (tfjs
   * names validation metrics `val_<metric>`; with `metrics: ['accuracy']` the key is `'acc'`).
   * Its direction must match the study's (`val_acc` → `direction: 'maximize'`).
   */
  readonly monitor?: string;
  /** Report and ask the pruner every `interval` epochs (after epochs interval-1, 2·interval-1, ...). Default 1. */
  readonly interval?: number;
  /**
   * Report every `batchInterval` batches instead of per epoch: step = batches trained so far in
   * this `fit` call (`batchInterval`, 2·`batchInterval`, ...), value = the monitored entry of the
   * batch logs (training metrics only: use `monitor: 'loss'` or `'acc'`).
   */
  readonly batchInterval?: number;
}

/**
 * Puts a TensorFlow.js `model.fit` / `model.fitDataset` under a tunekit trial (Optuna's
 * `TFKerasPruningCallback`): at the end of every `interval`-th epoch (or every `batchInterval`
 * batches) it reports the monitored metric with `trial.report(value, epoch)`, awaits
 * `trial.shouldPrune()`, and when the pruner says so sets `model.stopTraining = true` so that tfjs
 * stops after the current epoch (or batch). `fit` then returns normally: call
 * `callback.throwIfPruned()` after it (or use `fitWithPruning`, which does) to end the trial as
 * pruned.
 *
 * ```ts
 * const pruning = new TfjsPruningCallback(trial, { monitor: 'val_loss' });
 * await model.fit(xs, ys, { epochs: 50, validationSplit: 0.2, callbacks: [pruning] });
 * pruning.throwIfPruned();
 * ```
 *
 * A real `tf.CustomCallback` at run time, so it can be mixed with `tf.callbacks.earlyStopping()`
 * and other callback instances; to mix it with plain `{ onEpochEnd }` objects, pass the list
 * through `combineCallbacks` (tfjs itself only accepts all-instances or all-plain arrays). Works
 * with `@tensorflow/tfjs` (any backend: cpu, wasm, webgl) and `@tensorflow/tfjs-node`; see
 * `TfjsCallbackOptions.tf`.
 *
 * A monitored entry missing from the logs is warned about once (naming the keys present) and
 * nothing is reported for it; a NaN is reported as is (most pruners prune it).
 */
export class TfjsPruningCallback extends TfjsCallback {
  readonly trial: TrialReporter;
  readonly monitor: string;
  readonly interval: number;
  readonly batchInterval: number | undefined;
  #pruned = false;
  #prunedStep: number | undefined;
  #warnedMissing = false;
  #warnedNoModel = false;
  #batchesSeen = 0;

  constructor(trial: TrialReporter, options: TfjsPruningCallbackOptions = {}) {
    super(options);
    if (typeof trial !== 'object' || trial === null || typeof trial.report !== 'function' || typeof trial.shouldPrune !== 'function') {
      throw new InvalidArgumentError('TfjsPruningCallback trial', trial, 'a trial (an object with report and shouldPrune)');
    }
    this.trial = trial;
    this.monitor = options.monitor ?? 'val_loss';
    if (typeof this.monitor !== 'string' || this.monitor.length === 0) {
      throw new InvalidArgumentError('TfjsPruningCallback.monitor', options.monitor, 'a non-empty string');
    }
    this.interval = positiveInteger('TfjsPruningCallback.interval', options.interval ?? 1);
    this.batchInterval =
      options.batchInterval === undefined ? undefined : positiveInteger('TfjsPruningCallback.batchInterval', options.batchInterval);
  }

  /** Whether the pruner stopped training. */
  get pruned(): boolean {
    return this.#pruned;
  }

  /** The step (epoch, or batch count with `batchInterval`) at which the trial was pruned. */
  get prunedStep(): number | undefined {
    return this.#prunedStep;
  }

  /** Throw `TrialPruned` if the pruner stopped training; call it right after `fit` returns. */
  throwIfPruned(): void {
    if (this.#pruned) throw this.#prunedError();
  }

  protected override handleTrainBegin(): void {
    this.#batchesSeen = 0;
  }

  protected override async handleEpochEnd(epoch: number, logs: CallbackLogs): Promise<void> {
    if (this.batchInterval !== undefined || (epoch + 1) % this.interval !== 0) return;
    await this.#check(epoch, logs);
  }

  protected override async handleBatchEnd(_batch: number, logs: CallbackLogs): Promise<void> {
    if (this.batchInterval === undefined) return;
    this.#batchesSeen += 1;
    if (this.#batchesSeen % this.batchInterval !== 0) return;
    await this.#check(this.#batchesSeen, logs);
  }

  async #check(step: number, logs: CallbackLogs): Promise<void> {
    if (this.#pruned) return;
    const value = await readLog(logs, this.monitor);
    if (value === undefined) {
      if (!this.#warnedMissing) {
        this.#warnedMissing = true;
        const keys = Object.keys(logs).filter((key) => key !== 'batch' && key !== 'size');
        warn(
          `TfjsPruningCallback: '${this.monitor}' is not in the ${this.batchInterval === undefined ? 'epoch' : 'batch'} logs of trial ${this.trial.number} ` +
            `(available: ${keys.length > 0 ? keys.map((key) => `'${key}'`).join(', ') : 'none'}), so nothing is reported and the trial is never pruned. ` +
            "Set monitor to one of them (validation metrics need validationSplit or validationData).",
          'TUNEKIT_TFJS_MISSING_METRIC',
        );
      }
      return;
    }
    this.trial.report(value, step);
    if (!(await this.trial.shouldPrune())) return;
    this.#pruned = true;
    this.#prunedStep = step;
    if (this.model !== undefined) {
      this.model.stopTraining = true;
      return;
    }
    // tfjs wrapped this callback as a plain config (a plain object came first in `callbacks`), so it
    // never received the model: stop training the only other way, by failing fit() with TrialPruned.
    if (!this.#warnedNoModel) {
      this.#warnedNoModel = true;
      warn(
        'TfjsPruningCallback never received the model (tfjs treats a callbacks array whose first entry is a plain ' +
          'object as plain configs), so it stops training by throwing TrialPruned out of fit(). Pass ' +
          'combineCallbacks(...yourCallbacks) as callbacks to mix plain objects with callback instances.',
        'TUNEKIT_TFJS_NO_MODEL',
      );
    }
    throw this.#prunedError();
  }

  #prunedError(): TrialPruned {
    const unit = this.batchInterval === undefined ? 'epoch' : 'batch';
    return new TrialPruned(`Trial ${this.trial.number} was pruned at ${unit} ${this.#prunedStep}`);
  }
}

function positiveInteger(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new InvalidArgumentError(field, value, 'an integer >= 1');
  }
  return value;
}
