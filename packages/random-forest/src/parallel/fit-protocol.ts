import type { Dataset } from '../data/dataset.js';
import type { Voting } from '../fast/predict-forest.js';
import type { Metric } from '../metrics/metric.js';
import type { EngineName } from '../model/random-forest-model.js';
import type { RandomForestParams } from '../params/random-forest-params.js';

/** @internal What a fit worker receives once: the data (shared memory), the folds, the engine. */
export interface FitWorkerInit {
  readonly dataset: Dataset;
  readonly folds: readonly { readonly train: Int32Array; readonly validation: Int32Array }[];
  readonly engine: EngineName;
  readonly voting: Voting;
}

/** @internal One job: fit on a fold's training rows, predict its validation rows. */
export interface FitTask {
  readonly id: number;
  readonly params: RandomForestParams;
  readonly fold: number;
  readonly seed: number;
  readonly input: Metric['input'];
}

/** @internal A worker's answer to a `FitTask`. */
export type FitReply =
  | { readonly id: number; readonly ok: true; readonly prediction: Int32Array | Float64Array; readonly fitMs: number }
  | { readonly id: number; readonly ok: false; readonly error: { readonly name: string; readonly message: string; readonly stack?: string } };
