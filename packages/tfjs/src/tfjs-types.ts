/**
 * The slices of the TensorFlow.js API this package uses, as structural types. They are written
 * here rather than imported so that the same code (and the same `.d.ts`) works with
 * `@tensorflow/tfjs`, `@tensorflow/tfjs-node` and `@tensorflow/tfjs-node-gpu` of any 4.x version,
 * with whichever backend (cpu, wasm, webgl, tensorflow) is active. Real tfjs objects satisfy them.
 */

/** A tensor, as far as callbacks need one: read it, copy it, free it. */
export interface TensorLike {
  readonly shape: readonly number[];
  data(): Promise<ArrayLike<number> | Uint8Array[]>;
  clone(): TensorLike;
  dispose(): void;
}

/** What tfjs hands to callbacks: numbers, or scalar tensors still on the backend. */
export type CallbackLogs = Record<string, number | TensorLike>;

/**
 * A plain callback configuration (tfjs's `CustomCallbackArgs`): tfjs wraps such objects in a
 * `tf.CustomCallback` itself, and they receive numeric logs.
 */
export interface CallbackConfig {
  onTrainBegin?(logs?: Record<string, number>): void | Promise<void>;
  onTrainEnd?(logs?: Record<string, number>): void | Promise<void>;
  onEpochBegin?(epoch: number, logs?: Record<string, number>): void | Promise<void>;
  onEpochEnd?(epoch: number, logs?: Record<string, number>): void | Promise<void>;
  onBatchBegin?(batch: number, logs?: Record<string, number>): void | Promise<void>;
  onBatchEnd?(batch: number, logs?: Record<string, number>): void | Promise<void>;
  onYield?(epoch: number, batch: number, logs: Record<string, number>): void | Promise<void>;
}

/** A tfjs callback instance (`tf.Callback`, `tf.CustomCallback`, `tf.callbacks.earlyStopping()`). */
export interface CallbackInstance {
  setParams(params: unknown): void;
  setModel(model: unknown): void;
  onTrainBegin(logs?: CallbackLogs): Promise<void>;
  onTrainEnd(logs?: CallbackLogs): Promise<void>;
  onEpochBegin(epoch: number, logs?: CallbackLogs): Promise<void>;
  onEpochEnd(epoch: number, logs?: CallbackLogs): Promise<void>;
  onBatchBegin(batch: number, logs?: CallbackLogs): Promise<void>;
  onBatchEnd(batch: number, logs?: CallbackLogs): Promise<void>;
}

/** The model being trained, as callbacks see it (a `tf.LayersModel`). */
export interface TrainableModel {
  /** Setting it to true makes `fit` / `fitDataset` stop after the current batch or epoch. */
  stopTraining: boolean;
  getWeights(trainableOnly?: boolean): TensorLike[];
  setWeights(weights: TensorLike[]): void;
}

/** A model whose weights and optimizer can be freed (`tf.LayersModel`). */
export interface DisposableModel {
  dispose(): unknown;
  readonly optimizer?: { dispose(): void } | null;
}

/** A TensorFlow.js namespace: `import * as tf from '@tensorflow/tfjs'` (or `-node`). */
export interface TfjsNamespace {
  readonly CustomCallback: new (args: CallbackConfig) => CallbackInstance;
  memory(): { numTensors: number; numBytes: number };
  engine(): TfjsEngine;
}

/** The parts of `tf.engine()` that scope tensor lifetimes. */
export interface TfjsEngine {
  startScope(name?: string): void;
  endScope(result?: unknown): void;
  readonly registeredVariables: Record<string, { dispose(): void; readonly isDisposed?: boolean }>;
}
