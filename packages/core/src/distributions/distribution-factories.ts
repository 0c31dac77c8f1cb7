import { InvalidDistributionError } from '../errors/invalid-distribution-error.js';
import { describeValue } from '../errors/tunekit-error.js';
import type {
  CategoricalDistribution,
  Distribution,
  FloatDistribution,
  IntDistribution,
} from '../protocol/distribution.js';
import type { JsonValue } from '../protocol/json-value.js';

export interface FloatOptions {
  readonly log?: boolean;
  readonly step?: number;
}

export interface IntOptions {
  readonly log?: boolean;
  readonly step?: number;
}

function fail(paramName: string | undefined, field: string, value: unknown, reason: string): never {
  throw new InvalidDistributionError(paramName, field, value, reason);
}

function requireFinite(paramName: string | undefined, field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    fail(paramName, field, value, `${field} must be a finite number, got ${describeValue(value)}`);
  }
  return value;
}

/**
 * The last grid point `low + k * step` that is `<= high`. Computed with a relative tolerance so
 * that `(0, 1, 0.1)` keeps `high = 1` despite `1 / 0.1` not being exact in binary.
 */
function adjustHighToStep(low: number, high: number, step: number): number {
  const n = Math.floor((high - low) / step + 1e-9);
  const adjusted = low + n * step;
  return Math.abs(adjusted - high) <= 1e-12 * Math.max(1, Math.abs(high)) ? high : adjusted;
}

/** A validated float distribution. Throws `InvalidDistributionError` naming `paramName`. */
export function floatDistribution(low: number, high: number, options: FloatOptions = {}, paramName?: string): FloatDistribution {
  requireFinite(paramName, 'low', low);
  requireFinite(paramName, 'high', high);
  const log = options.log ?? false;
  if (typeof log !== 'boolean') fail(paramName, 'log', log, `log must be a boolean, got ${describeValue(log)}`);
  const step = options.step;
  if (low > high) fail(paramName, 'low', low, `low (${low}) must be <= high (${high})`);
  if (log && step !== undefined) fail(paramName, 'step', step, 'step cannot be combined with log: true');
  if (log && low <= 0) fail(paramName, 'low', low, `low must be > 0 when log: true, got ${describeValue(low)}`);
  if (step !== undefined) {
    requireFinite(paramName, 'step', step);
    if (step <= 0) fail(paramName, 'step', step, `step must be > 0, got ${describeValue(step)}`);
    high = adjustHighToStep(low, high, step);
  }
  return Object.freeze({ type: 'float', low: low + 0, high: high + 0, log, step }) as FloatDistribution;
}

/** A validated int distribution. Throws `InvalidDistributionError` naming `paramName`. */
export function intDistribution(low: number, high: number, options: IntOptions = {}, paramName?: string): IntDistribution {
  requireFinite(paramName, 'low', low);
  requireFinite(paramName, 'high', high);
  if (!Number.isSafeInteger(low)) fail(paramName, 'low', low, `low must be an integer, got ${describeValue(low)}`);
  if (!Number.isSafeInteger(high)) fail(paramName, 'high', high, `high must be an integer, got ${describeValue(high)}`);
  const log = options.log ?? false;
  if (typeof log !== 'boolean') fail(paramName, 'log', log, `log must be a boolean, got ${describeValue(log)}`);
  const step = options.step ?? 1;
  if (!Number.isSafeInteger(step) || step <= 0) {
    fail(paramName, 'step', step, `step must be a positive integer, got ${describeValue(step)}`);
  }
  if (low > high) fail(paramName, 'low', low, `low (${low}) must be <= high (${high})`);
  if (log && step !== 1) fail(paramName, 'step', step, 'step must be 1 when log: true');
  if (log && low < 1) fail(paramName, 'low', low, `low must be >= 1 when log: true, got ${low}`);
  const adjustedHigh = low + Math.floor((high - low) / step) * step;
  return Object.freeze({ type: 'int', low: low + 0, high: adjustedHigh + 0, log, step }) as IntDistribution;
}

function isJsonValue(value: unknown, depth = 0): value is JsonValue {
  if (depth > 32) return false;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every((item) => isJsonValue(item, depth + 1));
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.values(value as object).every((item) => isJsonValue(item, depth + 1));
  }
  return false;
}

/** A validated categorical distribution over JSON values (deep-frozen copy of `choices`). */
export function categoricalDistribution<const T extends JsonValue>(
  choices: readonly T[],
  paramName?: string,
): CategoricalDistribution<T> {
  if (!Array.isArray(choices)) fail(paramName, 'choices', choices, `choices must be an array, got ${describeValue(choices)}`);
  if (choices.length === 0) fail(paramName, 'choices', choices, 'choices must not be empty');
  const seen = new Set<string>();
  choices.forEach((choice, index) => {
    if (!isJsonValue(choice)) {
      fail(paramName, 'choices', choice, `choice ${index} (${describeValue(choice)}) is not a JSON value (finite numbers, strings, booleans, null, arrays, plain objects)`);
    }
    const key = JSON.stringify(choice);
    if (seen.has(key)) fail(paramName, 'choices', choice, `choice ${key} appears twice`);
    seen.add(key);
  });
  const copy = deepFreeze(structuredClone(choices)) as readonly T[];
  return Object.freeze({ type: 'categorical', choices: copy });
}

export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}

/** Validate a distribution that arrived as data (from JSON, a storage, a user's `ask({...})`). */
export function validateDistribution(dist: Distribution, paramName?: string): Distribution {
  if (typeof dist !== 'object' || dist === null) fail(paramName, 'type', dist, `not a distribution: ${describeValue(dist)}`);
  switch (dist.type) {
    case 'float':
      return floatDistribution(dist.low, dist.high, { log: dist.log, ...(dist.step === undefined || dist.step === null ? {} : { step: dist.step }) }, paramName);
    case 'int':
      return intDistribution(dist.low, dist.high, { log: dist.log, step: dist.step }, paramName);
    case 'categorical':
      return categoricalDistribution(dist.choices, paramName);
    default:
      return fail(paramName, 'type', (dist as { type: unknown }).type, `unknown distribution type ${describeValue((dist as { type: unknown }).type)}`);
  }
}
