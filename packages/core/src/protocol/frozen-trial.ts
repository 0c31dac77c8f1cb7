import type { Distribution, ParamValue } from './distribution.js';
import type { JsonValue } from './json-value.js';
import type { TrialState } from './trial-state.js';

/** What `trial.report(value, step)` stores: one number, or one per objective. */
export type IntermediateValue = number | readonly number[];

/**
 * An immutable snapshot of a trial, as a storage returns it.
 *
 * Guarantees every producer (storages, `createFrozenTrial`) must keep:
 * - the object, its `values`, `params`, `distributions`, attrs and `intermediateValues` are frozen:
 *   mutating them throws in strict mode and never changes what the storage holds;
 * - `params` hold the *external* values and have exactly the keys of `distributions`;
 * - `values` is set iff `state === 'complete'` (one number per study direction), and may be set
 *   on `pruned` trials that were told a value;
 * - `datetimeStart` is set unless `state === 'waiting'`; `datetimeComplete` iff finished.
 */
export interface FrozenTrial {
  /** Storage-wide identifier (unique across studies of one storage). */
  readonly trialId: number;
  /** 0-based, dense, unique within its study: the order in which trials were created. */
  readonly number: number;
  readonly state: TrialState;
  readonly values: readonly number[] | undefined;
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly distributions: Readonly<Record<string, Distribution>>;
  /** step → reported value, in ascending step order. */
  readonly intermediateValues: ReadonlyMap<number, IntermediateValue>;
  readonly userAttrs: Readonly<Record<string, JsonValue>>;
  /**
   * Attributes tunekit itself writes (enqueued `fixed_params`, `fail_reason`, a sampler's
   * bookkeeping such as `grid_id`, heartbeat `retried_from`). Keys are Optuna's where Optuna has one.
   */
  readonly systemAttrs: Readonly<Record<string, JsonValue>>;
  readonly datetimeStart: Date | undefined;
  readonly datetimeComplete: Date | undefined;
}
