import { validateDistribution } from '../distributions/distribution-factories.js';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { describeValue } from '../errors/tunekit-error.js';
import type { Distribution } from '../protocol/distribution.js';
import type { IntermediateValue } from '../protocol/frozen-trial.js';
import type { JsonValue } from '../protocol/json-value.js';
import type { TrialTemplate } from '../protocol/storage.js';
import type { StudyDirection, TrialState } from '../protocol/trial-state.js';

/**
 * Input checks every backend shares, so that bad data gets the same clear error everywhere and
 * is rejected before anything is written. Each takes the storage's label (`'memory:'`, a URL
 * without password) for the message, and throws `InvalidArgumentError` naming the field, unless
 * stated otherwise.
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

/** An attribute key: any string, including `''` and names such as `'__proto__'`. */
export function validateAttrKey(field: string, key: unknown): string {
  if (typeof key !== 'string') throw new InvalidArgumentError(field, key, 'a string key');
  return key;
}

/**
 * Set `target[key] = value` as an own, enumerable property. Plain assignment would turn the key
 * `'__proto__'` into a prototype change and lose the attribute.
 */
export function setOwnAttr(target: Record<string, JsonValue>, key: string, value: JsonValue): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
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

/** A study's directions: a non-empty array of `'minimize'` / `'maximize'`. Returns a frozen copy. */
export function validateStudyDirections(storage: string, directions: unknown): readonly StudyDirection[] {
  if (!Array.isArray(directions) || directions.length === 0 || !directions.every((d) => d === 'minimize' || d === 'maximize')) {
    throw new InvalidArgumentError('directions', directions, `a non-empty array of 'minimize' / 'maximize' for ${storage}`);
  }
  return Object.freeze(directions.slice()) as readonly StudyDirection[];
}

const TRIAL_STATES: readonly TrialState[] = ['running', 'complete', 'pruned', 'fail', 'waiting'];

/** The target state of `setTrialState`: one of the finished states. */
export function validateFinishState(state: unknown): 'complete' | 'pruned' | 'fail' {
  if (state !== 'complete' && state !== 'pruned' && state !== 'fail') {
    throw new InvalidArgumentError('state', state, "a finished state ('complete', 'pruned' or 'fail')");
  }
  return state;
}

/** `options.maxTrials`: undefined, or a number >= 0 (`Infinity` means no cap). */
export function validateMaxTrials(maxTrials: unknown): number | undefined {
  if (maxTrials === undefined) return undefined;
  if (typeof maxTrials !== 'number' || Number.isNaN(maxTrials) || maxTrials < 0) {
    throw new InvalidArgumentError('maxTrials', maxTrials, 'a number >= 0');
  }
  return maxTrials;
}

/** `failStaleTrials`' grace period: a finite number of milliseconds >= 0. */
export function validateGracePeriod(gracePeriodMs: unknown): number {
  if (typeof gracePeriodMs !== 'number' || !Number.isFinite(gracePeriodMs) || gracePeriodMs < 0) {
    throw new InvalidArgumentError('gracePeriodMs', gracePeriodMs, 'a finite number of milliseconds >= 0');
  }
  return gracePeriodMs;
}

/**
 * A parameter about to be stored. The distribution must be valid (else `InvalidDistributionError`
 * naming the parameter); the internal value must be representable in it: finite, an integer for
 * ints, an index into the choices for categoricals. It need not lie inside `[low, high]` or on the
 * step grid: as in Optuna, an enqueued (fixed) value outside the range is stored as given.
 * Returns the validated, normalised, frozen distribution to store.
 */
export function validateParam(storage: string, name: string, internal: number, distribution: Distribution): Distribution {
  validateAttrKey('param name', name);
  const field = `param '${name}'`;
  const checked = validateDistribution(distribution, name);
  if (typeof internal !== 'number' || !Number.isFinite(internal)) {
    throw new InvalidArgumentError(field, internal, `a finite internal value for ${storage}`);
  }
  if (checked.type === 'int' && !Number.isSafeInteger(internal)) {
    throw new InvalidArgumentError(field, internal, 'an integer (internal value of an int distribution)');
  }
  if (checked.type === 'categorical' && !(Number.isInteger(internal) && internal >= 0 && internal < checked.choices.length)) {
    throw new InvalidArgumentError(field, internal, `a choice index in 0..${checked.choices.length - 1}`);
  }
  return checked;
}

/** A `TrialTemplate` after `validateTrialTemplate`: copied, so later changes to the input never show. */
export interface ValidatedTrialTemplate {
  readonly state: TrialState;
  readonly params: ReadonlyArray<{ readonly name: string; readonly internal: number; readonly distribution: Distribution }>;
  readonly values: readonly number[] | undefined;
  /** Sorted by step. */
  readonly intermediateValues: ReadonlyArray<readonly [number, IntermediateValue]>;
  readonly userAttrs: Readonly<Record<string, JsonValue>>;
  readonly systemAttrs: Readonly<Record<string, JsonValue>>;
  /** As given (ms since the epoch); the backend fills in the defaults with its clock. */
  readonly datetimeStart: number | undefined;
  readonly datetimeComplete: number | undefined;
}

function validateDate(field: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw new InvalidArgumentError(field, value, 'a valid Date');
  return value.getTime();
}

/**
 * Check a whole `createTrial` template before anything is written. Values: required for
 * `complete` (no NaN), optional for `pruned` / `fail`, refused for `running` / `waiting`.
 */
export function validateTrialTemplate(storage: string, template: TrialTemplate | undefined, nObjectives: number): ValidatedTrialTemplate {
  const input: TrialTemplate = template ?? {};
  const state = input.state ?? 'running';
  if (!TRIAL_STATES.includes(state)) throw new InvalidArgumentError('template.state', state, `one of ${TRIAL_STATES.join(', ')}`);
  let values: readonly number[] | undefined;
  if (state === 'complete' || ((state === 'pruned' || state === 'fail') && input.values !== undefined)) {
    values = Object.freeze(validateTrialValues(storage, input.values, nObjectives, state !== 'complete').slice());
  } else if (input.values !== undefined) {
    throw new InvalidArgumentError('template.values', input.values, `no values for a '${state}' trial`);
  }
  const params: { name: string; internal: number; distribution: Distribution }[] = [];
  for (const [name, param] of Object.entries(input.params ?? {})) {
    if (typeof param !== 'object' || param === null) throw new InvalidArgumentError(`template.params['${name}']`, param, '{ internal, distribution }');
    params.push({ name, internal: param.internal, distribution: validateParam(storage, name, param.internal, param.distribution) });
  }
  const intermediateValues: (readonly [number, IntermediateValue])[] = [];
  for (const [step, value] of input.intermediateValues ?? []) {
    if (intermediateValues.some(([seen]) => seen === step)) continue;
    intermediateValues.push([step, validateIntermediateValue(storage, step, value)]);
  }
  intermediateValues.sort((a, b) => a[0] - b[0]);
  const attrs = (kind: 'userAttrs' | 'systemAttrs'): Record<string, JsonValue> => {
    const out: Record<string, JsonValue> = {};
    for (const [key, value] of Object.entries(input[kind] ?? {})) setOwnAttr(out, key, validateJsonValue(storage, `template.${kind}['${key}']`, value));
    return out;
  };
  return {
    state,
    params,
    values,
    intermediateValues,
    userAttrs: attrs('userAttrs'),
    systemAttrs: attrs('systemAttrs'),
    datetimeStart: validateDate('template.datetimeStart', input.datetimeStart),
    datetimeComplete: validateDate('template.datetimeComplete', input.datetimeComplete),
  };
}
