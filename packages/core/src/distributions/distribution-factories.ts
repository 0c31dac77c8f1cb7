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

/** Distributions these factories built: valid by construction, so re-validating them is a lookup. */
const VALIDATED = new WeakSet<Distribution>();

function validated<T extends Distribution>(dist: T): T {
  Object.freeze(dist);
  VALIDATED.add(dist);
  return dist;
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

/** A finite double as an exact decimal `digits * 10^exponent`, read from its shortest round-trip text (Python's `str(float)`). */
function toDecimal(value: number): { digits: bigint; exponent: number } {
  const [mantissa = '0', exp = '0'] = String(value).split('e');
  const [whole = '0', fraction = ''] = mantissa.split('.');
  return { digits: BigInt(whole + fraction), exponent: Number(exp) - fraction.length };
}

/**
 * Optuna's `_adjust_discrete_uniform_high`: when `(high - low)` is not a multiple of `step`, `high`
 * becomes the last grid point `low + k * step` below it. Like Optuna, the arithmetic is exact on
 * the decimal texts of the numbers (`(0, 1, 0.3)` gives `0.9`, not `0.8999999999999999`), so a
 * study shared with Python Optuna stores the same range.
 *
 * One deliberate difference: a `high` that is already the double nearest to a grid point is kept.
 * Optuna would move it down a whole step whenever that double's shortest text lies just below the
 * grid point (grid points needing more than 17 significant digits), which would make validating a
 * validated distribution shrink it again.
 */
function adjustHighToStep(low: number, high: number, step: number): number {
  const l = toDecimal(low);
  const h = toDecimal(high);
  const q = toDecimal(step);
  const exponent = Math.min(l.exponent, h.exponent, q.exponent);
  const scale = (d: { digits: bigint; exponent: number }) => d.digits * 10n ** BigInt(d.exponent - exponent);
  const [lowDigits, range, stepDigits] = [scale(l), scale(h) - scale(l), scale(q)];
  if (range % stepDigits === 0n) return high;
  const k = range / stepDigits; // range >= 0 and step > 0: truncation is floor
  const atGrid = (n: bigint) => Number(`${n * stepDigits + lowDigits}e${exponent}`);
  if (atGrid(k + 1n) === high) return high;
  return atGrid(k);
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
  return validated({ type: 'float', low: low + 0, high: high + 0, log, step } as FloatDistribution);
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
  return validated({ type: 'int', low: low + 0, high: adjustedHigh + 0, log, step } as IntDistribution);
}

function isJsonValue(value: unknown, depth = 0): value is JsonValue {
  if (depth > 32) return false;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) {
    // Index loop, not `every`: a hole in a sparse array is `undefined`, which JSON cannot hold.
    for (let index = 0; index < value.length; index++) if (!(index in value) || !isJsonValue(value[index], depth + 1)) return false;
    return true;
  }
  const proto = typeof value === 'object' ? Object.getPrototypeOf(value) : undefined;
  if (proto === Object.prototype || proto === null) {
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
  for (let index = 0; index < choices.length; index++) {
    const choice = index in choices ? choices[index] : undefined;
    if (!isJsonValue(choice)) {
      fail(paramName, 'choices', choice, `choice ${index} (${describeValue(choice)}) is not a JSON value (finite numbers, strings, booleans, null, arrays, plain objects)`);
    }
    const key = JSON.stringify(choice);
    if (seen.has(key)) fail(paramName, 'choices', choice, `choice ${key} appears twice`);
    seen.add(key);
  }
  // Through JSON, not structuredClone: the copy is then exactly what any storage gives back (-0 becomes 0).
  const copy = deepFreeze(JSON.parse(JSON.stringify(choices)) as T[]) as readonly T[];
  return validated<CategoricalDistribution<T>>({ type: 'categorical', choices: copy });
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
  if (VALIDATED.has(dist)) return dist;
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
