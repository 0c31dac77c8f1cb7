import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { TrialNotFoundError } from '../errors/trial-not-found-error.js';
import type { FrozenTrial, IntermediateValue } from '../protocol/frozen-trial.js';
import type { JsonValue } from '../protocol/json-value.js';
import type { StudyView } from '../protocol/study-view.js';
import { isFinishedState, type StudyDirection, type TrialState } from '../protocol/trial-state.js';
import { validateJsonValue, validateStudyDirections } from '../storages/storage-validation.js';
import { createFrozenTrial, type FrozenTrialInput } from '../trial/create-frozen-trial.js';

/** 2024-01-01T00:00:00.000Z: where `FixedClock` and hand-built trials start by default. */
const DEFAULT_EPOCH = Date.UTC(2024, 0, 1);

/**
 * A clock that moves only when told to. Pass `clock.now` wherever tunekit takes an injectable
 * clock (`new InMemoryStorage({ now: clock.now })`); `now` is bound, so it can be passed alone.
 */
export class FixedClock {
  #time: number;

  constructor(start: number | Date = DEFAULT_EPOCH) {
    this.#time = FixedClock.#check('start', start instanceof Date ? start.getTime() : start);
  }

  /** The current time in ms since the epoch. */
  readonly now = (): number => this.#time;

  /** Move forward by `ms` (>= 0) and return the new time. */
  advance(ms: number): number {
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) throw new InvalidArgumentError('ms', ms, 'a finite number >= 0');
    this.#time += ms;
    return this.#time;
  }

  /** Jump to `time` (forwards or backwards). */
  set(time: number | Date): void {
    this.#time = FixedClock.#check('time', time instanceof Date ? time.getTime() : time);
  }

  /** The current time as a new `Date`. */
  date(): Date {
    return new Date(this.#time);
  }

  static #check(field: string, time: number): number {
    if (typeof time !== 'number' || !Number.isFinite(time)) throw new InvalidArgumentError(field, time, 'a finite time in ms since the epoch');
    return time;
  }
}

/**
 * A hand-built trial: every field of `FrozenTrialInput` is optional. Defaults: `number` = its
 * position in the list, `trialId` = `number`, `state` = `'complete'`, datetimes on a fixed
 * timeline (start = 2024-01-01 + `number` s, complete 0.5 s later; none for waiting trials).
 * `value` is shorthand for `values: [value]`.
 */
export interface TestTrialInput extends Partial<Omit<FrozenTrialInput, 'intermediateValues'>> {
  readonly value?: number;
  /** A `Map`, `[step, value]` pairs, or an array of values for steps 0, 1, 2, ... */
  readonly intermediateValues?: ReadonlyMap<number, IntermediateValue> | Iterable<readonly [number, IntermediateValue]> | readonly number[];
}

/** Build one frozen trial for a sampler or pruner test. Throws when the trial breaks `FrozenTrial`'s rules. */
export function createTestTrial(input: TestTrialInput = {}, defaults: { readonly number?: number; readonly nObjectives?: number } = {}): FrozenTrial {
  const number = input.number ?? defaults.number ?? 0;
  const state: TrialState = input.state ?? 'complete';
  const where = `test trial ${number}`;
  if (input.value !== undefined && input.values !== undefined) throw new InvalidArgumentError(`${where}.value`, input.value, 'either value or values, not both');
  const values = input.value !== undefined ? [input.value] : input.values;
  if (state === 'complete' && values === undefined) throw new InvalidArgumentError(`${where}.values`, values, "values (or value) for a 'complete' trial");
  if ((state === 'running' || state === 'waiting') && values !== undefined) throw new InvalidArgumentError(`${where}.values`, values, `no values for a '${state}' trial`);
  if (values !== undefined && defaults.nObjectives !== undefined && values.length !== defaults.nObjectives) {
    throw new InvalidArgumentError(`${where}.values`, values, `${defaults.nObjectives} value(s), one per direction`);
  }
  const params = input.params ?? {};
  const distributions = input.distributions ?? {};
  const paramNames = Object.keys(params).sort();
  const distributionNames = Object.keys(distributions).sort();
  if (paramNames.join('\u0000') !== distributionNames.join('\u0000')) {
    throw new InvalidArgumentError(`${where}.distributions`, distributionNames, `one distribution per param (${paramNames.join(', ') || 'none'})`);
  }
  const intermediate = input.intermediateValues;
  const steps: (readonly [number, IntermediateValue])[] =
    intermediate === undefined
      ? []
      : Array.isArray(intermediate) && intermediate.every((item) => typeof item === 'number')
        ? (intermediate as readonly number[]).map((value, step) => [step, value] as const)
        : Array.from(intermediate as Iterable<readonly [number, IntermediateValue]>);
  const start = state === 'waiting' ? undefined : (input.datetimeStart ?? DEFAULT_EPOCH + number * 1000);
  return createFrozenTrial({
    ...input,
    trialId: input.trialId ?? number,
    number,
    state,
    values,
    intermediateValues: steps,
    datetimeStart: start,
    datetimeComplete: isFinishedState(state) ? (input.datetimeComplete ?? DEFAULT_EPOCH + number * 1000 + 500) : undefined,
  });
}

export interface TestStudyViewOptions {
  /** Hand-built trials (or real `FrozenTrial`s); numbered by position unless they say otherwise. */
  readonly trials?: readonly (TestTrialInput)[];
  /** Default `['minimize']`. */
  readonly directions?: readonly StudyDirection[];
  /** Default `'test-study'`. */
  readonly studyName?: string;
  /** Default 1. */
  readonly studyId?: number;
  readonly systemAttrs?: Readonly<Record<string, JsonValue>>;
}

/** A `StudyView` over fixed trials that records what samplers and pruners do to it. */
export interface TestStudyView extends StudyView {
  /** Whether `stop()` was called. */
  readonly stopped: boolean;
  /** Every `setTrialSystemAttr` call, in order. */
  readonly systemAttrWrites: readonly { readonly trialId: number; readonly key: string; readonly value: JsonValue }[];
  /** Append (or replace, by number) a trial; returns the frozen record. */
  addTrial(trial: TestTrialInput): FrozenTrial;
}

/**
 * A deterministic `StudyView` for sampler and pruner tests, no storage or study needed.
 * `getTrials` returns the trials ordered by number (filtered by `states`); `setTrialSystemAttr`
 * updates the trial in place (so `beforeTrial` bookkeeping is visible to later calls) and logs
 * the write; `stop()` sets `stopped`.
 */
export function createTestStudyView(options: TestStudyViewOptions = {}): TestStudyView {
  const directions = validateStudyDirections('createTestStudyView', options.directions ?? ['minimize']);
  const nObjectives = directions.length;
  let trials: FrozenTrial[] = [];
  const writes: { trialId: number; key: string; value: JsonValue }[] = [];
  let stopped = false;
  let snapshot: readonly FrozenTrial[] | undefined;

  const add = (input: TestTrialInput, position: number): FrozenTrial => {
    const trial = createTestTrial(input, { number: position, nObjectives });
    const sameId = trials.find((t) => t.trialId === trial.trialId && t.number !== trial.number);
    if (sameId !== undefined) throw new InvalidArgumentError('trialId', trial.trialId, `a trialId not already used by trial ${sameId.number}`);
    trials = [...trials.filter((t) => t.number !== trial.number), trial].sort((a, b) => a.number - b.number);
    snapshot = undefined;
    return trial;
  };
  (options.trials ?? []).forEach((trial, index) => {
    if (trials.some((t) => t.number === (trial.number ?? index))) throw new InvalidArgumentError('trials', trial.number ?? index, 'unique trial numbers');
    add(trial, index);
  });

  return {
    studyId: options.studyId ?? 1,
    studyName: options.studyName ?? 'test-study',
    directions,
    systemAttrs: Object.freeze({ ...(options.systemAttrs ?? {}) }),
    get stopped() {
      return stopped;
    },
    get systemAttrWrites() {
      return Object.freeze(writes.slice());
    },
    getTrials(query = {}) {
      snapshot ??= Object.freeze(trials.slice());
      const states = query.states;
      return states === undefined ? snapshot : Object.freeze(snapshot.filter((trial) => states.includes(trial.state)));
    },
    async setTrialSystemAttr(trialId, key, value) {
      const index = trials.findIndex((trial) => trial.trialId === trialId);
      const trial = trials[index];
      if (trial === undefined) throw new TrialNotFoundError({ trialId });
      const checked = validateJsonValue('createTestStudyView', `trial system attr '${key}'`, value);
      writes.push({ trialId, key, value: checked });
      trials = trials.slice();
      trials[index] = createFrozenTrial({ ...trial, systemAttrs: { ...trial.systemAttrs, [key]: checked } });
      snapshot = undefined;
    },
    stop() {
      stopped = true;
    },
    addTrial(trial) {
      return add(trial, trial.number ?? (trials.length === 0 ? 0 : Math.max(...trials.map((t) => t.number)) + 1));
    },
  };
}
