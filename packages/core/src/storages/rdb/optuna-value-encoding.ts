import { InvalidArgumentError } from '../../errors/invalid-argument-error.js';
import type { IntermediateValue } from '../../protocol/frozen-trial.js';
import type { JsonValue } from '../../protocol/json-value.js';

/**
 * How Optuna 3.x stores numbers (`trial_values.value_type`, `trial_intermediate_values.
 * intermediate_value_type`): infinities and NaN as a NULL value plus a type tag, because MySQL
 * cannot store them. tunekit writes exactly that, and adds two things Optuna's schema cannot
 * hold, as trial system attributes that Optuna shows but ignores:
 *
 * - `tunekit:values` — the exact objective values when one of them is NaN (allowed on `pruned` /
 *   `fail` trials) or -0 (SQLite stores -0.0 as 0). Without NaN the `trial_values` rows are
 *   written as well; with NaN they are not (Optuna cannot read a NaN objective value) and Optuna
 *   sees no values.
 * - `tunekit:intermediate_value:<step>` — the exact value reported at `<step>` when it is a
 *   vector (`report([a, b], step)`: `trial_intermediate_values` keeps `a`, so Optuna's pruners see
 *   the first objective) or -0.
 *
 * In those attributes a number is a JSON number, or one of the strings `"NaN"`, `"Infinity"`,
 * `"-Infinity"`, `"-0"` (JSON has no literal for them). tunekit hides both keys from
 * `FrozenTrial.systemAttrs` and refuses to let users write them.
 */
export type OptunaValueType = 'FINITE' | 'INF_POS' | 'INF_NEG';
export type OptunaIntermediateValueType = OptunaValueType | 'NAN';

/** System attr holding exact objective values (see the module comment). */
export const TUNEKIT_VALUES_ATTR = 'tunekit:values';
/** Prefix of the system attrs holding exact intermediate values; the step follows. */
export const TUNEKIT_INTERMEDIATE_ATTR_PREFIX = 'tunekit:intermediate_value:';

/** Whether a trial system attr key is one tunekit reserves for its own encoding. */
export function isReservedSystemAttrKey(key: string): boolean {
  return key === TUNEKIT_VALUES_ATTR || key.startsWith(TUNEKIT_INTERMEDIATE_ATTR_PREFIX);
}

/** One `trial_values` row. */
export interface StoredTrialValue {
  readonly objective: number;
  readonly value: number | null;
  readonly valueType: OptunaValueType;
}

/** Objective values as rows, plus the exact copy for `TUNEKIT_VALUES_ATTR` when one is needed. */
export interface EncodedTrialValues {
  readonly rows: readonly StoredTrialValue[];
  readonly exact: JsonValue | undefined;
}

/** One `trial_intermediate_values` row, plus the exact copy for the step's attr when needed. */
export interface StoredIntermediateValue {
  readonly value: number | null;
  readonly valueType: OptunaIntermediateValueType;
  readonly exact: JsonValue | undefined;
}

/** A number as JSON, keeping NaN, ±Infinity and -0 (as strings). */
export function encodeExactNumber(value: number): number | string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return 'Infinity';
  if (value === Number.NEGATIVE_INFINITY) return '-Infinity';
  if (Object.is(value, -0)) return '-0';
  return value;
}

/** Inverse of `encodeExactNumber`. Throws `InvalidArgumentError` on anything else. */
export function decodeExactNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  switch (value) {
    case 'NaN':
      return Number.NaN;
    case 'Infinity':
      return Number.POSITIVE_INFINITY;
    case '-Infinity':
      return Number.NEGATIVE_INFINITY;
    case '-0':
      return -0;
    default:
      throw new InvalidArgumentError('exact number', value, "a number or one of 'NaN', 'Infinity', '-Infinity', '-0'");
  }
}

function valueColumns(value: number): { value: number | null; valueType: OptunaValueType } {
  if (value === Number.POSITIVE_INFINITY) return { value: null, valueType: 'INF_POS' };
  if (value === Number.NEGATIVE_INFINITY) return { value: null, valueType: 'INF_NEG' };
  return { value, valueType: 'FINITE' };
}

/** Objective values → `trial_values` rows (Optuna's `TrialValueModel.value_to_stored_repr`). */
export function encodeTrialValues(values: readonly number[]): EncodedTrialValues {
  const hasNaN = values.some((value) => Number.isNaN(value));
  const needsExact = hasNaN || values.some((value) => Object.is(value, -0));
  return Object.freeze({
    rows: hasNaN ? [] : values.map((value, objective) => ({ objective, ...valueColumns(value) })),
    exact: needsExact ? values.map(encodeExactNumber) : undefined,
  });
}

/** A `trial_values` row → number (Optuna's `stored_repr_to_value`). */
export function decodeTrialValue(value: number | null, valueType: string): number {
  switch (valueType) {
    case 'INF_POS':
      return Number.POSITIVE_INFINITY;
    case 'INF_NEG':
      return Number.NEGATIVE_INFINITY;
    case 'FINITE':
      if (value === null) throw new InvalidArgumentError('trial_values.value', value, "a number for value_type 'FINITE'");
      return value;
    default:
      throw new InvalidArgumentError('trial_values.value_type', valueType, "'FINITE', 'INF_POS' or 'INF_NEG'");
  }
}

/** A reported value → `trial_intermediate_values` row (Optuna's `intermediate_value_to_stored_repr`). */
export function encodeIntermediateValue(value: IntermediateValue): StoredIntermediateValue {
  const first = typeof value === 'number' ? value : (value[0] as number);
  const exact = typeof value === 'number' ? (Object.is(value, -0) ? encodeExactNumber(value) : undefined) : value.map(encodeExactNumber);
  if (Number.isNaN(first)) return Object.freeze({ value: null, valueType: 'NAN', exact });
  return Object.freeze({ ...valueColumns(first), exact });
}

/** A `trial_intermediate_values` row → number (Optuna's `stored_repr_to_intermediate_value`). */
export function decodeIntermediateValue(value: number | null, valueType: string): number {
  if (valueType === 'NAN') return Number.NaN;
  if (valueType === 'FINITE' && value === null) {
    throw new InvalidArgumentError('trial_intermediate_values.intermediate_value', value, "a number for intermediate_value_type 'FINITE'");
  }
  return decodeTrialValue(value, valueType);
}

/** The value of a `tunekit:intermediate_value:<step>` attr → the reported value. */
export function decodeExactIntermediateValue(value: JsonValue): IntermediateValue {
  if (Array.isArray(value)) {
    if (value.length === 0) throw new InvalidArgumentError('exact intermediate value', value, 'a non-empty array');
    return Object.freeze(value.map(decodeExactNumber));
  }
  return decodeExactNumber(value);
}

/** The value of the `tunekit:values` attr → objective values. */
export function decodeExactTrialValues(value: JsonValue): readonly number[] {
  if (!Array.isArray(value)) throw new InvalidArgumentError(TUNEKIT_VALUES_ATTR, value, 'an array of exact numbers');
  return Object.freeze(value.map(decodeExactNumber));
}

// Optuna 2.x clipped infinities to float32's range (MySQL FLOAT); its 3.0 migrations
// (v3.0.0.c, v3.0.0.d) turn values within np.isclose of those bounds back into infinities.
const FLOAT32_MAX = 3.4028234663852886e38;

function isCloseTo(value: number, target: number): boolean {
  // numpy.isclose defaults: |a - b| <= atol + rtol * |b|, atol = 1e-8, rtol = 1e-5.
  return Math.abs(value - target) <= 1e-8 + 1e-5 * Math.abs(target);
}

function legacyToNumber(value: number | null): number {
  if (value === null || Number.isNaN(value)) return Number.NaN;
  // Optuna's migrations only look at |value| > 1e16.
  if (value > 1e16 && (value === Number.POSITIVE_INFINITY || isCloseTo(value, FLOAT32_MAX))) return Number.POSITIVE_INFINITY;
  if (value < -1e16 && (value === Number.NEGATIVE_INFINITY || isCloseTo(value, -FLOAT32_MAX))) return Number.NEGATIVE_INFINITY;
  return value;
}

/**
 * Migration `v3.0.0.d`: an Optuna 2.x `trial_values.value` → the 3.x columns. Throws
 * `InvalidArgumentError` for NULL (migration `v3.0.0.b` deletes those rows first).
 */
export function upgradeLegacyTrialValue(value: number | null): { value: number | null; valueType: OptunaValueType } {
  if (value === null || Number.isNaN(value)) throw new InvalidArgumentError('trial_values.value', value, 'a number');
  return valueColumns(legacyToNumber(value));
}

/** Migration `v3.0.0.c`: an Optuna 2.x `intermediate_value` → the 3.x columns (NULL means NaN). */
export function upgradeLegacyIntermediateValue(value: number | null): { value: number | null; valueType: OptunaIntermediateValueType } {
  const number = legacyToNumber(value);
  if (Number.isNaN(number)) return { value: null, valueType: 'NAN' };
  return valueColumns(number);
}
