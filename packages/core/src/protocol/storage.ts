import type { Distribution } from './distribution.js';
import type { FrozenTrial, IntermediateValue } from './frozen-trial.js';
import type { JsonValue } from './json-value.js';
import type { StudyDirection, TrialState } from './trial-state.js';

/** A study as a storage returns it (immutable). */
export interface StudyRecord {
  /** Storage-wide identifier. */
  readonly studyId: number;
  /** Unique within a storage. */
  readonly studyName: string;
  readonly directions: readonly StudyDirection[];
  readonly userAttrs: Readonly<Record<string, JsonValue>>;
  readonly systemAttrs: Readonly<Record<string, JsonValue>>;
  /** When the first trial was started, if any (computed by `getAllStudies` only; may be undefined). */
  readonly datetimeStart?: Date | undefined;
  /** Number of trials, if the backend counted them cheaply (computed by `getAllStudies`). */
  readonly nTrials?: number | undefined;
}

/**
 * The contents of a trial to create in one atomic step. Params are given in their *internal*
 * representation (see `Distribution`), with a distribution each.
 */
export interface TrialTemplate {
  /** Default `'running'`. `'waiting'` enqueues; a finished state records an `addTrial`. */
  readonly state?: TrialState;
  readonly params?: Readonly<Record<string, { readonly internal: number; readonly distribution: Distribution }>>;
  readonly values?: readonly number[] | undefined;
  readonly intermediateValues?: ReadonlyMap<number, IntermediateValue>;
  readonly userAttrs?: Readonly<Record<string, JsonValue>>;
  readonly systemAttrs?: Readonly<Record<string, JsonValue>>;
  /** Default: now, unless `state === 'waiting'`. */
  readonly datetimeStart?: Date | undefined;
  /** Default: now when `state` is finished. */
  readonly datetimeComplete?: Date | undefined;
}

/** Options of `Storage.createTrial` and `Storage.claimWaitingTrial`. */
export interface CreateTrialOptions {
  readonly template?: TrialTemplate;
  /**
   * Study-wide cap. When set, the storage atomically counts the study's trials in the states
   * `running`, `complete` and `pruned`, and creates (or claims) nothing when the count is
   * `>= maxTrials`. This is what makes `optimize({ maxTrials })` exact across concurrent
   * callers and processes: failed trials do not count, so they are replaced.
   */
  readonly maxTrials?: number;
}

/**
 * Where studies live. Every method is async so that database backends fit; the in-memory
 * backend resolves immediately. Backends must pass `describeStorageConformance` from
 * `@tunekit/core/testing`.
 *
 * Contract for every implementation:
 * - **Atomicity.** `createTrial` assigns `number = count of the study's trials` inside one
 *   transaction: numbers are dense and unique even with many concurrent callers (in one
 *   process or many). `claimWaitingTrial` hands each waiting trial to exactly one caller.
 * - **Finished is final.** Any write to a finished trial throws `UpdateFinishedTrialError`
 *   and changes nothing.
 * - **Immutability.** Returned records are frozen (see `FrozenTrial`); mutating input objects
 *   after a call never changes what was stored.
 * - **Values.** Objective values and intermediate values may be any double, including ±0,
 *   subnormals, ±Infinity and NaN (intermediate only); they round-trip exactly.
 * - **Errors.** Unknown ids throw `StudyNotFoundError` / `TrialNotFoundError`; a taken name
 *   throws `DuplicatedStudyError`; conflicting param distributions throw `ParamConflictError`.
 *   Backend failures are wrapped in `StorageError` with the original as `cause`.
 */
export interface Storage {
  /** Create an empty study. Throws `DuplicatedStudyError` when `studyName` is taken. */
  createStudy(input: { readonly studyName: string; readonly directions: readonly StudyDirection[] }): Promise<StudyRecord>;
  /** Delete a study and all its trials. Throws `StudyNotFoundError`. */
  deleteStudy(studyId: number): Promise<void>;
  /** Throws `StudyNotFoundError`. */
  getStudy(studyId: number): Promise<StudyRecord>;
  /** Throws `StudyNotFoundError`. */
  getStudyByName(studyName: string): Promise<StudyRecord>;
  /** All studies, ordered by id. */
  getAllStudies(): Promise<readonly StudyRecord[]>;
  setStudyUserAttr(studyId: number, key: string, value: JsonValue): Promise<void>;
  setStudySystemAttr(studyId: number, key: string, value: JsonValue): Promise<void>;

  /**
   * Create a trial (default state `running`). Returns `undefined` only when `options.maxTrials`
   * is reached. Throws `StudyNotFoundError`.
   */
  createTrial(studyId: number, options?: CreateTrialOptions): Promise<FrozenTrial | undefined>;
  /**
   * Atomically move the study's oldest `waiting` trial to `running` (setting `datetimeStart`)
   * and return it; `undefined` when none is waiting or `options.maxTrials` is reached.
   */
  claimWaitingTrial(studyId: number, options?: Pick<CreateTrialOptions, 'maxTrials'>): Promise<FrozenTrial | undefined>;
  /**
   * Set a parameter of a running trial. Setting the same name again with an equal distribution
   * overwrites the value; with a different distribution throws `ParamConflictError`.
   */
  setTrialParam(trialId: number, name: string, internal: number, distribution: Distribution): Promise<void>;
  /**
   * Move a running trial to a finished state, with `values` for `complete` (optional for
   * `pruned` / `fail`). Sets `datetimeComplete`. Throws `UpdateFinishedTrialError` when the trial is
   * already finished, `StorageError` when it is `waiting`.
   */
  setTrialState(trialId: number, state: 'complete' | 'pruned' | 'fail', values?: readonly number[]): Promise<void>;
  /** Record an intermediate value. A step already recorded keeps its first value. */
  setTrialIntermediateValue(trialId: number, step: number, value: IntermediateValue): Promise<void>;
  setTrialUserAttr(trialId: number, key: string, value: JsonValue): Promise<void>;
  setTrialSystemAttr(trialId: number, key: string, value: JsonValue): Promise<void>;
  /** Throws `TrialNotFoundError`. */
  getTrial(trialId: number): Promise<FrozenTrial>;
  /** The study's trials ordered by number, optionally only those in `states`. */
  getAllTrials(studyId: number, options?: { readonly states?: readonly TrialState[] }): Promise<readonly FrozenTrial[]>;
  /** How many trials the study has, optionally only in `states`. */
  countTrials(studyId: number, states?: readonly TrialState[]): Promise<number>;

  /**
   * Heartbeats (persistent backends). `recordHeartbeat` stamps a running trial as alive;
   * `failStaleTrials` marks `fail` every running trial of the study whose last heartbeat is older
   * than `gracePeriodMs` (by the storage's clock), records `fail_reason`, and returns them.
   */
  recordHeartbeat?(trialId: number): Promise<void>;
  failStaleTrials?(studyId: number, gracePeriodMs: number): Promise<readonly FrozenTrial[]>;

  /** Release connections and file handles. Idempotent. */
  close(): Promise<void>;
}
