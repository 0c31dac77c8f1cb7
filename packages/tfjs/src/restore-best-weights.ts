import { InvalidArgumentError } from '@tunekit/core';
import { warn } from './resolve-tfjs.js';
import { TfjsCallback, readLog, type TfjsCallbackOptions } from './tfjs-callback.js';
import type { CallbackLogs, TensorLike } from './tfjs-types.js';

/** Options of `restoreBestWeights`. */
export interface RestoreBestWeightsOptions extends TfjsCallbackOptions {
  /** The epoch log entry that ranks epochs. Default `'val_loss'`. */
  readonly monitor?: string;
  /**
   * `'min'`, `'max'`, or `'auto'` (default): `'max'` when the name contains `acc` or `auc`
   * (accuracy-like), else `'min'` (as Keras).
   */
  readonly mode?: 'min' | 'max' | 'auto';
}

/**
 * Keeps a copy of the model's weights from its best epoch (by `monitor`) and puts them back when
 * training ends, whether it ran to the last epoch or was stopped (by pruning, early stopping).
 * Keras's `restore_best_weights`, which tfjs's `earlyStopping` does not implement. Copies are
 * tensors: the previous best is disposed when a better epoch comes, and the last one once it has
 * been written back, so nothing is left behind.
 */
export class RestoreBestWeights extends TfjsCallback {
  readonly monitor: string;
  readonly mode: 'min' | 'max';
  #best: TensorLike[] | undefined;
  #bestValue: number | undefined;
  #bestEpoch: number | undefined;
  #warned = false;

  constructor(options: RestoreBestWeightsOptions = {}) {
    super(options);
    this.monitor = options.monitor ?? 'val_loss';
    const mode = options.mode ?? 'auto';
    if (mode !== 'min' && mode !== 'max' && mode !== 'auto') {
      throw new InvalidArgumentError('restoreBestWeights.mode', mode, "'min', 'max' or 'auto'");
    }
    this.mode = mode === 'auto' ? (/acc|auc/i.test(this.monitor) ? 'max' : 'min') : mode;
  }

  /** The epoch whose weights are (or will be) restored. */
  get bestEpoch(): number | undefined {
    return this.#bestEpoch;
  }

  /** The monitored value of that epoch. */
  get bestValue(): number | undefined {
    return this.#bestValue;
  }

  protected override handleTrainBegin(): void {
    this.#release();
    this.#bestValue = undefined;
    this.#bestEpoch = undefined;
  }

  protected override async handleEpochEnd(epoch: number, logs: CallbackLogs): Promise<void> {
    const value = await readLog(logs, this.monitor);
    if (value === undefined) {
      if (!this.#warned) {
        this.#warned = true;
        warn(
          `restoreBestWeights: '${this.monitor}' is not in the epoch logs (available: ${Object.keys(logs).map((k) => `'${k}'`).join(', ') || 'none'}); the final weights are kept.`,
          'TUNEKIT_TFJS_MISSING_METRIC',
        );
      }
      return;
    }
    if (Number.isNaN(value)) return;
    const better =
      this.#bestValue === undefined || (this.mode === 'min' ? value < this.#bestValue : value > this.#bestValue);
    if (!better || this.model === undefined) return;
    this.#release();
    this.#best = this.model.getWeights().map((weight) => weight.clone());
    this.#bestValue = value;
    this.#bestEpoch = epoch;
  }

  protected override handleTrainEnd(): void {
    if (this.#best === undefined || this.model === undefined) return;
    try {
      this.model.setWeights(this.#best);
    } finally {
      this.#release();
    }
  }

  /** Dispose the kept copy (the model's variables keep their own reference to restored data). */
  #release(): void {
    if (this.#best === undefined) return;
    for (const tensor of this.#best) tensor.dispose();
    this.#best = undefined;
  }
}

/** A `RestoreBestWeights` callback: `callbacks: [pruning, restoreBestWeights({ monitor: 'val_acc' })]`. */
export function restoreBestWeights(options?: RestoreBestWeightsOptions): RestoreBestWeights {
  return new RestoreBestWeights(options);
}
