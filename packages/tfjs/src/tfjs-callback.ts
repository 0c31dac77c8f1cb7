import { TunekitError } from '@tunekit/core';
import { resolveTfjs } from './resolve-tfjs.js';
import type { CallbackLogs, TensorLike, TfjsNamespace, TrainableModel } from './tfjs-types.js';

/** Options every tunekit tfjs callback takes. */
export interface TfjsCallbackOptions {
  /**
   * The TensorFlow.js namespace the model comes from (`import * as tf from '@tensorflow/tfjs'`,
   * or `'@tensorflow/tfjs-node'`). Default: the first of `@tensorflow/tfjs`,
   * `@tensorflow/tfjs-node`, `@tensorflow/tfjs-node-gpu` that Node can load. Required in browsers.
   */
  readonly tf?: TfjsNamespace;
}

/** The `tf.CustomCallback.prototype` that tunekit callbacks inherit from at run time. */
let linkedPrototype: object | undefined;
const namespaces = new WeakMap<object, TfjsNamespace>();

/**
 * Base of tunekit's tfjs callbacks: a real `tf.CustomCallback` at run time (its prototype chain is
 * linked to the given tfjs's `CustomCallback` on first construction), so `model.fit` and
 * `model.fitDataset` treat it as a callback instance and hand it the model. Its hooks are also
 * own properties bound to the instance, so it keeps working (minus the model) when tfjs wraps it
 * as a plain config, which tfjs does when the first entry of `callbacks` is a plain object; use
 * `combineCallbacks` to avoid that.
 *
 * Subclasses override the protected `handle*` methods; logs may hold numbers or scalar tensors
 * (use `readLog`).
 */
export abstract class TfjsCallback {
  /** Set by tfjs (`validation_data` in Keras); unused. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  validationData: any = null;
  /** Training parameters tfjs passes in (`epochs`, `batchSize`, `metrics`, ...). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  params: any = {};
  /** The model being trained: set by tfjs before training starts (undefined when tfjs wrapped us as a config). */
  model: TrainableModel | undefined = undefined;

  readonly onTrainBegin = async (logs?: CallbackLogs): Promise<void> => this.handleTrainBegin(logs ?? {});
  readonly onTrainEnd = async (logs?: CallbackLogs): Promise<void> => this.handleTrainEnd(logs ?? {});
  readonly onEpochBegin = async (epoch: number, logs?: CallbackLogs): Promise<void> => this.handleEpochBegin(epoch, logs ?? {});
  readonly onEpochEnd = async (epoch: number, logs?: CallbackLogs): Promise<void> => this.handleEpochEnd(epoch, logs ?? {});
  readonly onBatchBegin = async (batch: number, logs?: CallbackLogs): Promise<void> => this.handleBatchBegin(batch, logs ?? {});
  readonly onBatchEnd = async (batch: number, logs?: CallbackLogs): Promise<void> => this.handleBatchEnd(batch, logs ?? {});

  constructor(options: TfjsCallbackOptions = {}) {
    const tf = resolveTfjs(options.tf);
    linkPrototype(tf);
    namespaces.set(this, tf);
  }

  /** Called by tfjs before training with the run's parameters. */
  setParams(params: unknown): void {
    this.params = params;
  }

  /** Called by tfjs before training with the model being trained. */
  setModel(model: unknown): void {
    this.model = model as TrainableModel;
  }

  protected handleTrainBegin(_logs: CallbackLogs): void | Promise<void> {}
  protected handleTrainEnd(_logs: CallbackLogs): void | Promise<void> {}
  protected handleEpochBegin(_epoch: number, _logs: CallbackLogs): void | Promise<void> {}
  protected handleEpochEnd(_epoch: number, _logs: CallbackLogs): void | Promise<void> {}
  protected handleBatchBegin(_batch: number, _logs: CallbackLogs): void | Promise<void> {}
  protected handleBatchEnd(_batch: number, _logs: CallbackLogs): void | Promise<void> {}
}

/** @internal The tfjs namespace a tunekit callback was built with. */
export function namespaceOf(callback: object): TfjsNamespace | undefined {
  return namespaces.get(callback);
}

/** A log entry as a number (awaiting a scalar tensor's value; the tensor stays owned by tfjs), or undefined. */
export async function readLog(logs: CallbackLogs, key: string): Promise<number | undefined> {
  const value = logs[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') return value;
  const data = (await (value as TensorLike).data()) as ArrayLike<number>;
  return Number(data[0]);
}

function linkPrototype(tf: TfjsNamespace): void {
  const target = tf.CustomCallback.prototype as object;
  if (linkedPrototype === target) return;
  if (linkedPrototype !== undefined) {
    throw new TunekitError(
      'Two different copies of TensorFlow.js are in use: tunekit callbacks were first built with one, now with ' +
        'another. Callbacks only work with the copy that trains the model; make sure a single @tensorflow/tfjs ' +
        '(or tfjs-node) is installed, and pass the same `tf` everywhere.',
      { code: 'TFJS_COPY_MISMATCH' },
    );
  }
  Object.setPrototypeOf(TfjsCallback.prototype, target);
  linkedPrototype = target;
}
