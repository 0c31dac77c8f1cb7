import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { describeValue } from '../errors/tunekit-error.js';
import type { IntermediateValue } from '../protocol/frozen-trial.js';
import type { JsonValue } from '../protocol/json-value.js';

/**
 * Input checks every backend shares, so that bad data gets the same clear error everywhere and
 * is rejected before anything is written.
 */
export function validateJsonValue(storage: string, field: string, value: unknown): JsonValue {
  const problem = jsonProblem(value, 0);
  if (problem !== undefined) throw new InvalidArgumentError(field, value, `a JSON value (${problem}) for ${storage}`);
  return structuredClone(value) as JsonValue;
}

function jsonProblem(value: unknown, depth: number): string | undefined {
  if (depth > 64) return 'nested too deeply';
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : `${describeValue(value)} is not representable in JSON`;
  if (Array.isArray(value)) {
    for (const item of value) {
      const inner = jsonProblem(item, depth + 1);
      if (inner !== undefined) return inner;
    }
    return undefined;
  }
  if (typeof value === 'object' && (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null)) {
    for (const item of Object.values(value as object)) {
      const inner = jsonProblem(item, depth + 1);
      if (inner !== undefined) return inner;
    }
    return undefined;
  }
  return `${describeValue(value)} (${typeof value === 'object' ? (value as object).constructor?.name ?? 'object' : typeof value}) is not plain JSON`;
}

/** Objective values: an array of numbers, one per direction; NaN is refused for `complete`. */
export function validateTrialValues(storage: string, values: readonly number[] | undefined, nObjectives: number, allowNaN = false): readonly number[] {
  if (!Array.isArray(values)) throw new InvalidArgumentError('values', values, `an array of ${nObjectives} number(s) for ${storage}`);
  if (values.length !== nObjectives) {
    throw new InvalidArgumentError('values', values, `${nObjectives} value(s), one per direction`);
  }
  for (const value of values) {
    if (typeof value !== 'number' || (!allowNaN && Number.isNaN(value))) {
      throw new InvalidArgumentError('values', values, `numbers${allowNaN ? '' : ' (not NaN)'}`);
    }
  }
  return values;
}

/** A step is a non-negative safe integer; a value is a number or a non-empty array of numbers. */
export function validateIntermediateValue(storage: string, step: number, value: IntermediateValue): IntermediateValue {
  if (!Number.isSafeInteger(step) || step < 0) throw new InvalidArgumentError('step', step, 'a non-negative integer');
  if (typeof value === 'number') return value;
  if (Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'number')) return Object.freeze(value.slice());
  throw new InvalidArgumentError(`intermediate value at step ${step}`, value, `a number or a non-empty array of numbers for ${storage}`);
}
