import type { JsonValue } from './json-value.js';

/**
 * A parameter's search range. Distributions are plain, immutable data so that they can be stored,
 * compared and sent between processes; the functions in `@tunekit/core` (`distributionToJson`,
 * `toInternal`, `toExternal`, `containsInternal`, ...) give them behaviour.
 *
 * Every distribution has an *internal* representation, a finite `number`, which is what storages
 * keep and samplers model: floats and ints are themselves, a categorical value is the index of
 * the choice. The *external* representation is what `trial.suggest*` returns to the user.
 */
export type Distribution = FloatDistribution | IntDistribution | CategoricalDistribution;

/** A float in `[low, high]` (both inclusive). */
export interface FloatDistribution {
  readonly type: 'float';
  readonly low: number;
  readonly high: number;
  /** Sample uniformly in log space. Requires `low > 0`; excludes `step`. */
  readonly log: boolean;
  /**
   * Discretisation: values are `low + k * step`. `high` is adjusted down to the last reachable
   * value when `(high - low)` is not a multiple of `step` (as Optuna does).
   */
  readonly step: number | undefined;
}

/** An integer in `[low, high]` (both inclusive), on the grid `low + k * step`. */
export interface IntDistribution {
  readonly type: 'int';
  readonly low: number;
  readonly high: number;
  /** Sample uniformly in log space. Requires `low >= 1` and `step === 1`. */
  readonly log: boolean;
  readonly step: number;
}

/** One of a fixed list of JSON values; the internal representation is the index. */
export interface CategoricalDistribution<T extends JsonValue = JsonValue> {
  readonly type: 'categorical';
  readonly choices: readonly T[];
}

/** The external (user-facing) value of a parameter. */
export type ParamValue = JsonValue;

/** A search space: parameter name → distribution. Order of keys is the order of first suggestion. */
export type SearchSpace = Readonly<Record<string, Distribution>>;
