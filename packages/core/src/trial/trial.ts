import {
  categoricalDistribution,
  containsExternal,
  distributionsEqual,
  floatDistribution,
  intDistribution,
  toInternal,
  validateDistribution,
  type FloatOptions,
  type IntOptions,
} from '../distributions/index.js';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { ParamConflictError } from '../errors/param-conflict-error.js';
import { UpdateFinishedTrialError } from '../errors/update-finished-trial-error.js';
import type { Distribution, ParamValue } from '../protocol/distribution.js';
import type { FrozenTrial, IntermediateValue } from '../protocol/frozen-trial.js';
import type { JsonValue } from '../protocol/json-value.js';
import type { TrialReporter } from '../protocol/trial-reporter.js';
import type { TrialState } from '../protocol/trial-state.js';
import { validateIntermediateValue, validateJsonValue } from '../storages/storage-validation.js';
import { checkConstraintValues, CONSTRAINTS_KEY } from './constraints.js';
import { FrozenMap } from './frozen-values.js';

/**
 * What a live `Trial` needs from its study. Implemented by `Study`; kept as an interface so the
 * trial does not depend on the study's internals.
 * @internal
 */
export interface TrialHost {
  readonly studyName: string;
  sampleIndependent(trial: FrozenTrial, name: string, dist: Distribution): ParamValue;
  setParam(trialId: number, name: string, internal: number, dist: Distribution): Promise<void>;
  report(trialId: number, step: number, value: IntermediateValue): Promise<void>;
  setUserAttr(trialId: number, key: string, value: JsonValue): Promise<void>;
  setSystemAttr(trialId: number, key: string, value: JsonValue): Promise<void>;
  shouldPrune(trial: Trial): Promise<boolean>;
}

/**
 * A running trial, handed to the objective (define-by-run). `suggest*` and `report` are
 * synchronous: their writes are queued in order and flushed before `shouldPrune` decides and
 * before the trial is told its result, so nothing reported is lost and the storage may be remote.
 */
export class Trial implements TrialReporter {
  /** Storage-wide id. */
  readonly trialId: number;
  /** 0-based number within the study. */
  readonly number: number;
  /**
   * Aborted when the `optimize` call running this trial is interrupted: its `signal` aborted, its
   * `timeout` passed, or another trial threw an error it does not catch. Not aborted when
   * `nTrials` / `maxTrials` is reached or `study.stop()` is called: those let running trials finish.
   * Never aborted for a trial from `study.ask()`.
   */
  readonly signal: AbortSignal;
  readonly #host: TrialHost;
  readonly #base: FrozenTrial;
  readonly #params: Record<string, ParamValue>;
  readonly #distributions: Record<string, Distribution>;
  readonly #intermediate = new Map<number, IntermediateValue>();
  readonly #userAttrs: Record<string, JsonValue>;
  /** The base record's (frozen) system attributes, replaced by `setConstraint`. */
  #systemAttrs: Readonly<Record<string, JsonValue>>;
  readonly #relative: Readonly<Record<string, ParamValue>>;
  readonly #fixed: Readonly<Record<string, JsonValue>>;
  #snapshot: FrozenTrial | undefined;
  #pending: Promise<void> = Promise.resolve();
  #writeError: unknown = undefined;
  /** Set once the study has told the trial's result: every later use throws. */
  #finishedState: TrialState | undefined;

  /** @internal Created by `Study.ask()`. */
  constructor(host: TrialHost, base: FrozenTrial, relative: Readonly<Record<string, ParamValue>>, signal: AbortSignal) {
    this.#host = host;
    this.#base = base;
    this.trialId = base.trialId;
    this.number = base.number;
    this.signal = signal;
    this.#params = { ...base.params };
    this.#distributions = { ...base.distributions };
    this.#userAttrs = { ...base.userAttrs };
    this.#systemAttrs = base.systemAttrs;
    for (const [step, value] of base.intermediateValues) this.#intermediate.set(step, value);
    this.#relative = relative;
    const fixed = base.systemAttrs.fixed_params;
    this.#fixed = typeof fixed === 'object' && fixed !== null && !Array.isArray(fixed) ? (fixed as Record<string, JsonValue>) : {};
  }

  /** Parameters suggested so far (external values). */
  get params(): Readonly<Record<string, ParamValue>> {
    return Object.freeze({ ...this.#params });
  }

  /** Distributions of the parameters suggested so far. */
  get distributions(): Readonly<Record<string, Distribution>> {
    return Object.freeze({ ...this.#distributions });
  }

  get userAttrs(): Readonly<Record<string, JsonValue>> {
    return Object.freeze({ ...this.#userAttrs });
  }

  get systemAttrs(): Readonly<Record<string, JsonValue>> {
    return this.#base.systemAttrs;
  }

  /** Values reported so far (step → value), in report order. */
  get intermediateValues(): ReadonlyMap<number, IntermediateValue> {
    return new Map(this.#intermediate);
  }

  get datetimeStart(): Date | undefined {
    return this.#base.datetimeStart;
  }

  /**
   * Suggest a float in `[low, high]`. `{ log: true }` samples in log space; `{ step }`
   * discretises. Throws `InvalidDistributionError` naming the parameter on bad bounds.
   */
  suggestFloat(name: string, low: number, high: number, options: FloatOptions = {}): number {
    return this.suggest(name, floatDistribution(low, high, options, this.#checkName(name))) as number;
  }

  /** Suggest an integer in `[low, high]` (inclusive), optionally log-scaled or stepped. */
  suggestInt(name: string, low: number, high: number, options: IntOptions = {}): number {
    return this.suggest(name, intDistribution(low, high, options, this.#checkName(name))) as number;
  }

  /**
   * Suggest one of `choices`. With `as const` (or literal arguments) the return type is the union
   * of the choices: `trial.suggestCategorical('act', ['relu', 'tanh'])` is `'relu' | 'tanh'`.
   */
  suggestCategorical<const T extends JsonValue>(name: string, choices: readonly T[]): T {
    return this.suggest(name, categoricalDistribution(choices, this.#checkName(name))) as T;
  }

  /** Suggest a value from any distribution (what the typed `suggest*` methods call). */
  suggest(name: string, distribution: Distribution): ParamValue {
    this.#checkName(name);
    this.#checkOpen(`suggest '${name}'`);
    // Instant for what the factories built; anything else (a frozen hand-written object too) is checked.
    const dist = validateDistribution(distribution, name);
    const existing = this.#distributions[name];
    if (existing !== undefined) {
      if (!distributionsEqual(existing, dist)) {
        throw new ParamConflictError(name, this.number, `first ${JSON.stringify(existing)}, now ${JSON.stringify(dist)}`);
      }
      return this.#params[name] as ParamValue;
    }
    let value: ParamValue;
    if (Object.hasOwn(this.#fixed, name)) {
      value = this.#fixed[name] as ParamValue;
      if (!containsExternal(dist, value)) {
        process.emitWarning(`Enqueued value ${JSON.stringify(value)} for parameter '${name}' of trial ${this.number} lies outside ${JSON.stringify(dist)}; using it anyway.`, { code: 'TUNEKIT_FIXED_PARAM_OUTSIDE' });
      }
    } else if (Object.hasOwn(this.#relative, name) && containsExternal(dist, this.#relative[name] as ParamValue)) {
      value = this.#relative[name] as ParamValue;
    } else {
      value = this.#host.sampleIndependent(this.toFrozen(), name, dist);
    }
    const internal = toInternal(dist, value, name);
    this.#params[name] = value;
    this.#distributions[name] = dist;
    this.#snapshot = undefined;
    this.#enqueue((id) => this.#host.setParam(id, name, internal, dist));
    return value;
  }

  /**
   * Record the objective's value at `step` (epoch, fold, round): a number, or one number per
   * objective. Reporting a step again is ignored with a warning (the first value stands).
   */
  report(value: IntermediateValue, step: number): void {
    this.#checkOpen(`report step ${step}`);
    if (typeof value !== 'number' && !Array.isArray(value)) {
      throw new InvalidArgumentError(`trial ${this.number} report value`, value, 'a number or an array of numbers');
    }
    const checked = validateIntermediateValue('trial.report', step, value);
    if (this.#intermediate.has(step)) {
      process.emitWarning(`Trial ${this.number} already reported a value at step ${step}; the new value is ignored.`, { code: 'TUNEKIT_DUPLICATE_STEP' });
      return;
    }
    this.#intermediate.set(step, checked);
    this.#snapshot = undefined;
    this.#enqueue((id) => this.#host.report(id, step, checked));
  }

  /** Ask the study's pruner whether to stop. Flushes pending writes first. */
  async shouldPrune(): Promise<boolean> {
    this.#checkOpen('ask the pruner');
    await this.flush();
    return this.#host.shouldPrune(this);
  }

  /** Attach a JSON value to the trial. */
  setUserAttr(key: string, value: JsonValue): void {
    this.#checkOpen(`set user attr '${key}'`);
    if (typeof key !== 'string' || key.length === 0) throw new InvalidArgumentError('user attr key', key, 'a non-empty string');
    const checked = validateJsonValue('trial.setUserAttr', `user attr '${key}'`, value);
    this.#userAttrs[key] = checked;
    this.#snapshot = undefined;
    this.#enqueue((id) => this.#host.setUserAttr(id, key, checked));
  }

  /**
   * Record the trial's constraint values: the trial is feasible when every value is <= 0 (as in
   * Optuna, a positive value is the amount of violation). Stored as the `constraints` system
   * attribute, which `TPESampler`, `GPSampler` and `NSGAIISampler` honour and Python Optuna reads.
   * Call it before the objective returns; calling it again replaces the values.
   */
  setConstraint(values: readonly number[]): void {
    this.#checkOpen('set constraints');
    const checked = checkConstraintValues(values, 'constraint values', true, 'constraint value');
    this.#systemAttrs = Object.freeze({ ...this.#systemAttrs, [CONSTRAINTS_KEY]: checked });
    this.#snapshot = undefined;
    this.#enqueue((id) => this.#host.setSystemAttr(id, CONSTRAINTS_KEY, checked));
  }

  /** Wait until every queued write has reached the storage; rethrows the first write error. */
  async flush(): Promise<void> {
    await this.#pending;
    if (this.#writeError !== undefined) {
      const error = this.#writeError;
      this.#writeError = undefined;
      throw error;
    }
  }

  /** A frozen snapshot of this trial as it stands locally (what samplers and pruners see). */
  toFrozen(): FrozenTrial {
    if (this.#snapshot === undefined) {
      this.#snapshot = Object.freeze({
        ...this.#base,
        params: Object.freeze({ ...this.#params }),
        distributions: Object.freeze({ ...this.#distributions }),
        intermediateValues: this.#intermediate.size === this.#base.intermediateValues.size ? this.#base.intermediateValues : frozenMap(this.#intermediate),
        userAttrs: Object.freeze({ ...this.#userAttrs }),
        systemAttrs: this.#systemAttrs,
      });
    }
    return this.#snapshot;
  }

  /** @internal Marks the trial closed once the study has told its result (or found it finished). */
  markFinished(state: TrialState): void {
    this.#finishedState = state;
  }

  #enqueue(write: (trialId: number) => Promise<void>): void {
    this.#pending = this.#pending
      .then(() => write(this.trialId))
      .catch((error: unknown) => {
        if (this.#writeError === undefined) this.#writeError = error;
      });
  }

  #checkOpen(action: string): void {
    if (this.#finishedState !== undefined) {
      throw new UpdateFinishedTrialError(this.trialId, this.number, this.#finishedState, `${action} (the trial has already been told its result)`);
    }
  }

  #checkName(name: string): string {
    if (typeof name !== 'string' || name.length === 0) throw new InvalidArgumentError('parameter name', name, 'a non-empty string');
    return name;
  }
}

function frozenMap(source: Map<number, IntermediateValue>): ReadonlyMap<number, IntermediateValue> {
  return new FrozenMap([...source].sort((a, b) => a[0] - b[0]));
}
