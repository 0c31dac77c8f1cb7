/**
 * @tunekit/tfjs: TensorFlow.js training under a tunekit study. A pruning callback for
 * `model.fit` / `model.fitDataset`, `fitWithPruning`, and helpers that keep long studies from
 * leaking tensors. Works with `@tensorflow/tfjs` (any backend) and `@tensorflow/tfjs-node`.
 */
export { readLog, TfjsCallback } from './tfjs-callback.js';
export type { TfjsCallbackOptions } from './tfjs-callback.js';
export { TfjsPruningCallback } from './tfjs-pruning-callback.js';
export type { TfjsPruningCallbackOptions } from './tfjs-pruning-callback.js';
export { RestoreBestWeights, restoreBestWeights } from './restore-best-weights.js';
export type { RestoreBestWeightsOptions } from './restore-best-weights.js';
export { combineCallbacks } from './combine-callbacks.js';
export type { CallbackEntry } from './combine-callbacks.js';
export { fitDatasetWithPruning, fitWithPruning } from './fit-with-pruning.js';
export type { FitDatasetModel, FitModel } from './fit-with-pruning.js';
export { disposeModel, withTensorCleanup } from './tensor-cleanup.js';
export type { TensorCleanupOptions, TensorCleanupScope } from './tensor-cleanup.js';
export { resolveTfjs } from './resolve-tfjs.js';
export type {
  CallbackConfig,
  CallbackInstance,
  CallbackLogs,
  DisposableModel,
  TensorLike,
  TfjsEngine,
  TfjsNamespace,
  TrainableModel,
} from './tfjs-types.js';
