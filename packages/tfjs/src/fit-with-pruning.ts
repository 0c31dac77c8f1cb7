import type { TrialReporter } from '@tunekit/core/protocol';
import { combineCallbacks, type CallbackEntry } from './combine-callbacks.js';
import { TfjsPruningCallback, type TfjsPruningCallbackOptions } from './tfjs-pruning-callback.js';

/** Anything with tfjs's `fit(x, y, args)` (a `tf.LayersModel`). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface FitModel { fit(x: any, y: any, args?: any): Promise<any> }
/** Anything with tfjs's `fitDataset(dataset, args)` (a `tf.LayersModel`). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface FitDatasetModel { fitDataset(dataset: any, args: any): Promise<any> }

type FitArgsOf<M extends FitModel> = NonNullable<Parameters<M['fit']>[2]>;
type FitDatasetArgsOf<M extends FitDatasetModel> = Parameters<M['fitDataset']>[1];

/**
 * `model.fit(x, y, fitArgs)` under `trial`: adds a `TfjsPruningCallback` (with `options`) to
 * `fitArgs.callbacks` (whatever mix they are, see `combineCallbacks`), trains, and throws
 * `TrialPruned` if the pruner stopped training; otherwise returns fit's `History`.
 *
 * ```ts
 * const history = await fitWithPruning(model, xs, ys, { epochs: 30, validationSplit: 0.2 }, trial);
 * return history.history.val_acc.at(-1);
 * ```
 */
export async function fitWithPruning<M extends FitModel>(
  model: M,
  x: Parameters<M['fit']>[0],
  y: Parameters<M['fit']>[1],
  fitArgs: FitArgsOf<M>,
  trial: TrialReporter,
  options?: TfjsPruningCallbackOptions,
): Promise<Awaited<ReturnType<M['fit']>>> {
  const callback = new TfjsPruningCallback(trial, options);
  const args = (fitArgs ?? {}) as { callbacks?: CallbackEntry };
  const history = (await model.fit(x, y, { ...args, callbacks: combineCallbacks(callback, args.callbacks) })) as Awaited<ReturnType<M['fit']>>;
  callback.throwIfPruned();
  return history;
}

/** `model.fitDataset(dataset, fitArgs)` under `trial`; see `fitWithPruning`. */
export async function fitDatasetWithPruning<M extends FitDatasetModel>(
  model: M,
  dataset: Parameters<M['fitDataset']>[0],
  fitArgs: FitDatasetArgsOf<M>,
  trial: TrialReporter,
  options?: TfjsPruningCallbackOptions,
): Promise<Awaited<ReturnType<M['fitDataset']>>> {
  const callback = new TfjsPruningCallback(trial, options);
  const args = fitArgs as { callbacks?: CallbackEntry };
  const history = (await model.fitDataset(dataset, { ...args, callbacks: combineCallbacks(callback, args.callbacks) })) as Awaited<
    ReturnType<M['fitDataset']>
  >;
  callback.throwIfPruned();
  return history;
}
