import { InvalidDistributionError } from '../errors/invalid-distribution-error.js';
import { describeValue } from '../errors/tunekit-error.js';
import type { Distribution, ParamValue } from '../protocol/distribution.js';

/** Whether two distributions describe the same range (structural equality). */
export function distributionsEqual(a: Distribution, b: Distribution): boolean {
  if (a.type !== b.type) return false;
  switch (a.type) {
    case 'float': {
      const other = b as typeof a;
      return a.low === other.low && a.high === other.high && a.log === other.log && (a.step ?? null) === (other.step ?? null);
    }
    case 'int': {
      const other = b as typeof a;
      return a.low === other.low && a.high === other.high && a.log === other.log && a.step === other.step;
    }
    case 'categorical': {
      const other = b as typeof a;
      return a.choices.length === other.choices.length && JSON.stringify(a.choices) === JSON.stringify(other.choices);
    }
  }
}

/** Whether the distribution has exactly one possible value. */
export function isSingle(dist: Distribution): boolean {
  switch (dist.type) {
    case 'float':
      return dist.low === dist.high;
    case 'int':
      return dist.low === dist.high;
    case 'categorical':
      return dist.choices.length === 1;
  }
}

function choiceIndex(choices: readonly ParamValue[], value: ParamValue): number {
  const direct = choices.indexOf(value);
  if (direct >= 0 || typeof value !== 'object' || value === null) return direct;
  const key = JSON.stringify(value);
  return choices.findIndex((choice) => typeof choice === 'object' && choice !== null && JSON.stringify(choice) === key);
}

/**
 * External (user-facing) value → internal number. Throws `InvalidDistributionError` when the value
 * is not one the distribution can produce (wrong type, not a choice).
 */
export function toInternal(dist: Distribution, value: ParamValue, paramName?: string): number {
  if (dist.type === 'categorical') {
    const index = choiceIndex(dist.choices, value);
    if (index < 0) {
      throw new InvalidDistributionError(paramName, 'value', value, `${describeValue(value)} is not one of the choices ${describeValue(dist.choices)}`);
    }
    return index;
  }
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw new InvalidDistributionError(paramName, 'value', value, `expected a number, got ${describeValue(value)}`);
  }
  return value;
}

/** Internal number → external value (the choice for categoricals, an integer for ints). */
export function toExternal(dist: Distribution, internal: number): ParamValue {
  switch (dist.type) {
    case 'categorical': {
      const index = Math.round(internal);
      if (!(index >= 0 && index < dist.choices.length)) {
        throw new InvalidDistributionError(undefined, 'value', internal, `categorical index ${internal} is out of range 0..${dist.choices.length - 1}`);
      }
      return dist.choices[index] as ParamValue;
    }
    case 'int':
      return Math.round(internal);
    case 'float':
      return internal;
  }
}

/** Whether an internal value lies in the distribution (on its step grid for stepped ones). */
export function containsInternal(dist: Distribution, internal: number): boolean {
  if (typeof internal !== 'number' || Number.isNaN(internal)) return false;
  switch (dist.type) {
    case 'categorical':
      return Number.isInteger(internal) && internal >= 0 && internal < dist.choices.length;
    case 'int': {
      if (!Number.isInteger(internal) || internal < dist.low || internal > dist.high) return false;
      return (internal - dist.low) % dist.step === 0;
    }
    case 'float': {
      if (internal < dist.low || internal > dist.high) return false;
      if (dist.step === undefined) return true;
      const k = (internal - dist.low) / dist.step;
      // Optuna's 1e-8 grid tolerance, widened by the rounding error of computing k itself, which
      // grows with the magnitudes involved: on a grid of 1e8 steps, `low + k * step` is already
      // ~1e-8 step away from exact.
      const tolerance = 1e-8 + (4 * Number.EPSILON * (Math.abs(internal) + Math.abs(dist.low))) / dist.step;
      return Math.abs(k - Math.round(k)) < tolerance;
    }
  }
}

/** Whether an external value lies in the distribution. */
export function containsExternal(dist: Distribution, value: ParamValue): boolean {
  if (dist.type === 'categorical') return choiceIndex(dist.choices, value) >= 0;
  return typeof value === 'number' && containsInternal(dist, value);
}

/**
 * Snap a number to the nearest legal value of a numeric distribution: clip to the bounds, round to
 * the step grid, round ints. Samplers that model in a continuous space use it before returning.
 */
export function snapToDistribution(dist: Distribution, internal: number): number {
  if (dist.type === 'categorical') {
    return Math.min(dist.choices.length - 1, Math.max(0, Math.round(internal)));
  }
  let value = Math.min(dist.high, Math.max(dist.low, internal));
  const step = dist.type === 'int' ? dist.step : dist.step;
  if (step !== undefined) {
    value = dist.low + Math.round((value - dist.low) / step) * step;
    value = Math.min(dist.high, Math.max(dist.low, value));
  }
  if (dist.type === 'int') value = Math.round(value);
  return value;
}
