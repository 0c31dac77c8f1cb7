import { deepFreeze } from '../distributions/distribution-factories.js';
import type { Distribution, ParamValue } from '../protocol/distribution.js';
import type { FrozenTrial, IntermediateValue } from '../protocol/frozen-trial.js';
import type { JsonValue } from '../protocol/json-value.js';
import type { TrialState } from '../protocol/trial-state.js';
import { FrozenMap, freezeDate } from './frozen-values.js';

export interface FrozenTrialInput {
  readonly trialId: number;
  readonly number: number;
  readonly state: TrialState;
  readonly values?: readonly number[] | undefined;
  readonly params?: Readonly<Record<string, ParamValue>>;
  readonly distributions?: Readonly<Record<string, Distribution>>;
  readonly intermediateValues?: Iterable<readonly [number, IntermediateValue]>;
  readonly userAttrs?: Readonly<Record<string, JsonValue>>;
  readonly systemAttrs?: Readonly<Record<string, JsonValue>>;
  readonly datetimeStart?: Date | number | undefined;
  readonly datetimeComplete?: Date | number | undefined;
}

/** A deep-frozen copy; objects of primitives (the common case for params) skip structuredClone. */
function frozenCopy<T extends object>(value: T): T {
  let flat = true;
  for (const key in value) {
    const item = value[key];
    if (typeof item === 'object' && item !== null) {
      flat = false;
      break;
    }
  }
  return flat ? Object.freeze({ ...value }) : deepFreeze(structuredClone(value));
}

/**
 * Build an immutable `FrozenTrial` from plain data. Everything is copied, so later changes to the
 * input never show through. Storages use it for every record they hand out; intermediate
 * values are sorted by step.
 */
export function createFrozenTrial(input: FrozenTrialInput): FrozenTrial {
  const steps = input.intermediateValues === undefined ? [] : Array.from(input.intermediateValues, ([step, value]) => [step, typeof value === 'number' ? value : Object.freeze(value.slice())] as const);
  steps.sort((a, b) => a[0] - b[0]);
  const distributions: Record<string, Distribution> = {};
  for (const [name, dist] of Object.entries(input.distributions ?? {})) {
    Object.defineProperty(distributions, name, { value: Object.isFrozen(dist) ? dist : deepFreeze(structuredClone(dist)), enumerable: true, writable: true, configurable: true });
  }
  return Object.freeze({
    trialId: input.trialId,
    number: input.number,
    state: input.state,
    values: input.values === undefined ? undefined : Object.freeze(input.values.slice()),
    params: frozenCopy(input.params ?? {}),
    distributions: Object.freeze(distributions),
    intermediateValues: new FrozenMap<number, IntermediateValue>(steps),
    userAttrs: frozenCopy(input.userAttrs ?? {}),
    systemAttrs: frozenCopy(input.systemAttrs ?? {}),
    datetimeStart: freezeDate(input.datetimeStart),
    datetimeComplete: freezeDate(input.datetimeComplete),
  });
}
