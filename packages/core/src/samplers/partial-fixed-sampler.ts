import { containsExternal, deepFreeze } from '../distributions/index.js';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { InvalidDistributionError } from '../errors/invalid-distribution-error.js';
import { describeValue } from '../errors/tunekit-error.js';
import type { Distribution, ParamValue, SearchSpace } from '../protocol/distribution.js';
import type { FrozenTrial } from '../protocol/frozen-trial.js';
import type { JsonValue } from '../protocol/json-value.js';
import type { Sampler } from '../protocol/sampler.js';
import type { StudyView } from '../protocol/study-view.js';
import type { TrialState } from '../protocol/trial-state.js';

/**
 * Fixes some parameters to given values and lets `baseSampler` choose the others (Optuna's
 * `PartialFixedSampler`): e.g. re-optimise with the best `depth` found so far held constant.
 *
 * The fixed names are removed from the base sampler's relative search space (and from its relative
 * sample), so a joint sampler models only the free parameters. `beforeTrial` / `afterTrial` are
 * forwarded to the base sampler. A fixed value that lies outside the distribution the objective
 * suggests throws `InvalidDistributionError` naming the parameter (Optuna only warns).
 */
export class PartialFixedSampler implements Sampler {
  readonly name: string;
  readonly baseSampler: Sampler;
  /** The fixed values (deep-frozen copy). */
  readonly fixedParams: Readonly<Record<string, ParamValue>>;

  constructor(fixedParams: Readonly<Record<string, ParamValue>>, baseSampler: Sampler) {
    if (typeof fixedParams !== 'object' || fixedParams === null || Array.isArray(fixedParams)) {
      throw new InvalidArgumentError('PartialFixedSampler fixedParams', fixedParams, 'an object of parameter name → value');
    }
    for (const [name, value] of Object.entries(fixedParams)) {
      if (!isJsonValue(value, 0)) {
        throw new InvalidArgumentError(`PartialFixedSampler fixedParams['${name}']`, value, 'a JSON value (finite number, string, boolean, null, array or plain object)');
      }
    }
    if (typeof baseSampler !== 'object' || baseSampler === null || typeof baseSampler.sampleIndependent !== 'function') {
      throw new InvalidArgumentError('PartialFixedSampler baseSampler', baseSampler, 'a Sampler (e.g. new RandomSampler())');
    }
    this.fixedParams = deepFreeze(structuredClone({ ...fixedParams }));
    this.baseSampler = baseSampler;
    this.name = `PartialFixedSampler(${baseSampler.name ?? 'sampler'})`;
  }

  beforeTrial(study: StudyView, trial: FrozenTrial): void | Promise<void> {
    return this.baseSampler.beforeTrial?.(study, trial);
  }

  inferRelativeSearchSpace(study: StudyView, trial: FrozenTrial): SearchSpace {
    return this.#withoutFixed(this.baseSampler.inferRelativeSearchSpace(study, trial));
  }

  sampleRelative(study: StudyView, trial: FrozenTrial, space: SearchSpace): Record<string, ParamValue> {
    return this.#withoutFixed(this.baseSampler.sampleRelative(study, trial, this.#withoutFixed(space)));
  }

  sampleIndependent(study: StudyView, trial: FrozenTrial, name: string, dist: Distribution): ParamValue {
    if (!Object.hasOwn(this.fixedParams, name)) return this.baseSampler.sampleIndependent(study, trial, name, dist);
    const value = this.fixedParams[name] as ParamValue;
    if (!containsExternal(dist, value)) {
      throw new InvalidDistributionError(name, 'value', value, `PartialFixedSampler's fixed value ${describeValue(value)} lies outside the suggested distribution ${describeValue(dist)}`);
    }
    return value;
  }

  afterTrial(study: StudyView, trial: FrozenTrial, state: TrialState, values: readonly number[] | undefined): void | Promise<void> {
    return this.baseSampler.afterTrial?.(study, trial, state, values);
  }

  #withoutFixed<T>(record: Readonly<Record<string, T>>): Record<string, T> {
    const result: Record<string, T> = {};
    for (const [name, value] of Object.entries(record)) {
      if (!Object.hasOwn(this.fixedParams, name)) Object.defineProperty(result, name, { value, enumerable: true, writable: true, configurable: true });
    }
    return result;
  }
}

function isJsonValue(value: unknown, depth: number): value is JsonValue {
  if (depth > 32) return false;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every((item) => isJsonValue(item, depth + 1));
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.values(value as object).every((item) => isJsonValue(item, depth + 1));
  }
  return false;
}
