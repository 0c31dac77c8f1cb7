import { deepFreeze, distributionsEqual, toExternal } from '../distributions/index.js';
import { DuplicatedStudyError } from '../errors/duplicated-study-error.js';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { ParamConflictError } from '../errors/param-conflict-error.js';
import { StorageError } from '../errors/storage-error.js';
import { StudyNotFoundError } from '../errors/study-not-found-error.js';
import { TrialNotFoundError } from '../errors/trial-not-found-error.js';
import { UpdateFinishedTrialError } from '../errors/update-finished-trial-error.js';
import type { Distribution, ParamValue } from '../protocol/distribution.js';
import type { FrozenTrial, IntermediateValue } from '../protocol/frozen-trial.js';
import type { JsonValue } from '../protocol/json-value.js';
import type { CreateTrialOptions, Storage, StudyRecord } from '../protocol/storage.js';
import { isFinishedState, type StudyDirection, type TrialState } from '../protocol/trial-state.js';
import { createFrozenTrial } from '../trial/create-frozen-trial.js';
import { freezeDate } from '../trial/frozen-values.js';
import {
  setOwnAttr,
  validateAttrKey,
  validateFinishState,
  validateGracePeriod,
  validateIntermediateValue,
  validateJsonValue,
  validateMaxTrials,
  validateParam,
  validateStudyDirections,
  validateTrialTemplate,
  validateTrialValues,
} from './storage-validation.js';

interface TrialRecord {
  readonly trialId: number;
  readonly studyId: number;
  readonly number: number;
  state: TrialState;
  values: readonly number[] | undefined;
  readonly params: Map<string, { internal: number; distribution: Distribution }>;
  readonly intermediate: Map<number, IntermediateValue>;
  readonly userAttrs: Record<string, JsonValue>;
  readonly systemAttrs: Record<string, JsonValue>;
  datetimeStart: number | undefined;
  datetimeComplete: number | undefined;
  heartbeat: number | undefined;
  /** Cached snapshot; dropped on every write. */
  frozen: FrozenTrial | undefined;
}

interface StudyEntry {
  readonly studyId: number;
  readonly studyName: string;
  readonly directions: readonly StudyDirection[];
  readonly userAttrs: Record<string, JsonValue>;
  readonly systemAttrs: Record<string, JsonValue>;
  readonly trials: TrialRecord[];
  waitingQueue: TrialRecord[];
  /** Frozen record per trial number, refreshed lazily for the records in `dirty`. */
  readonly frozenList: FrozenTrial[];
  readonly dirty: Set<TrialRecord>;
}

export interface InMemoryStorageOptions {
  /** Clock in ms since the epoch (injectable for tests). Default `Date.now`. */
  readonly now?: () => number;
}

const LABEL = 'memory:';

/**
 * The default storage: everything in this process's memory, gone when it exits. Fast enough that
 * the storage is never the bottleneck (snapshots are cached and rebuilt incrementally).
 */
export class InMemoryStorage implements Storage {
  private readonly studies = new Map<number, StudyEntry>();
  private readonly studyIdsByName = new Map<string, number>();
  private readonly trials = new Map<number, TrialRecord>();
  private nextStudyId = 1;
  private nextTrialId = 1;
  private readonly now: () => number;

  constructor(options: InMemoryStorageOptions = {}) {
    this.now = options.now ?? Date.now;
  }

  async createStudy(input: { readonly studyName: string; readonly directions: readonly StudyDirection[] }): Promise<StudyRecord> {
    if (typeof input.studyName !== 'string' || input.studyName.length === 0) {
      throw new InvalidArgumentError('studyName', input.studyName, 'a non-empty string');
    }
    const directions = validateStudyDirections(LABEL, input.directions);
    if (this.studyIdsByName.has(input.studyName)) throw new DuplicatedStudyError(input.studyName);
    const entry: StudyEntry = {
      studyId: this.nextStudyId++,
      studyName: input.studyName,
      directions,
      userAttrs: {},
      systemAttrs: {},
      trials: [],
      waitingQueue: [],
      frozenList: [],
      dirty: new Set(),
    };
    this.studies.set(entry.studyId, entry);
    this.studyIdsByName.set(entry.studyName, entry.studyId);
    return this.studyRecord(entry);
  }

  async deleteStudy(studyId: number): Promise<void> {
    const entry = this.study(studyId);
    for (const trial of entry.trials) this.trials.delete(trial.trialId);
    this.studies.delete(studyId);
    this.studyIdsByName.delete(entry.studyName);
  }

  async getStudy(studyId: number): Promise<StudyRecord> {
    return this.studyRecord(this.study(studyId));
  }

  async getStudyByName(studyName: string): Promise<StudyRecord> {
    const id = this.studyIdsByName.get(studyName);
    if (id === undefined) throw new StudyNotFoundError({ studyName });
    return this.studyRecord(this.study(id));
  }

  async getAllStudies(): Promise<readonly StudyRecord[]> {
    return Object.freeze([...this.studies.values()].map((entry) => this.studyRecord(entry, true)));
  }

  async setStudyUserAttr(studyId: number, key: string, value: JsonValue): Promise<void> {
    const entry = this.study(studyId);
    setOwnAttr(entry.userAttrs, validateAttrKey('key', key), validateJsonValue(LABEL, `study user attr '${key}'`, value));
  }

  async setStudySystemAttr(studyId: number, key: string, value: JsonValue): Promise<void> {
    const entry = this.study(studyId);
    setOwnAttr(entry.systemAttrs, validateAttrKey('key', key), validateJsonValue(LABEL, `study system attr '${key}'`, value));
  }

  async createTrial(studyId: number, options: CreateTrialOptions = {}): Promise<FrozenTrial | undefined> {
    const entry = this.study(studyId);
    const maxTrials = validateMaxTrials(options.maxTrials);
    // Everything is checked (and copied) before the first write, so a bad template stores nothing.
    const template = validateTrialTemplate(LABEL, options.template, entry.directions.length);
    const state = template.state;
    if (maxTrials !== undefined && state !== 'waiting' && this.countTowardsCap(entry) >= maxTrials) return undefined;
    const now = this.now();
    const record: TrialRecord = {
      trialId: this.nextTrialId++,
      studyId,
      number: entry.trials.length,
      state,
      values: template.values,
      params: new Map(template.params.map(({ name, internal, distribution }) => [name, { internal, distribution }])),
      intermediate: new Map(template.intermediateValues),
      userAttrs: { ...template.userAttrs },
      systemAttrs: { ...template.systemAttrs },
      datetimeStart: state === 'waiting' ? undefined : (template.datetimeStart ?? now),
      datetimeComplete: isFinishedState(state) ? (template.datetimeComplete ?? now) : undefined,
      heartbeat: undefined,
      frozen: undefined,
    };
    entry.trials.push(record);
    if (state === 'waiting') entry.waitingQueue.push(record);
    this.trials.set(record.trialId, record);
    const frozen = this.freeze(record);
    entry.frozenList.push(frozen);
    return frozen;
  }

  async claimWaitingTrial(studyId: number, options: Pick<CreateTrialOptions, 'maxTrials'> = {}): Promise<FrozenTrial | undefined> {
    const entry = this.study(studyId);
    const maxTrials = validateMaxTrials(options.maxTrials);
    // Drop queue entries that were finished directly (e.g. told as failed while still waiting).
    while (entry.waitingQueue.length > 0 && entry.waitingQueue[0]?.state !== 'waiting') entry.waitingQueue.shift();
    const record = entry.waitingQueue[0];
    if (record === undefined) return undefined;
    if (maxTrials !== undefined && this.countTowardsCap(entry) >= maxTrials) return undefined;
    entry.waitingQueue.shift();
    record.state = 'running';
    record.datetimeStart = this.now();
    this.touch(record);
    return this.freeze(record);
  }

  async setTrialParam(trialId: number, name: string, internal: number, distribution: Distribution): Promise<void> {
    const record = this.writable(trialId, `set parameter '${name}'`);
    // Validated and copied before the conflict check, so the comparison sees normalised ranges.
    const checked = validateParam(LABEL, name, internal, distribution);
    const existing = record.params.get(name);
    if (existing !== undefined && !distributionsEqual(existing.distribution, checked)) {
      throw new ParamConflictError(name, record.number, `stored ${JSON.stringify(existing.distribution)}, got ${JSON.stringify(checked)}`);
    }
    record.params.set(name, { internal, distribution: checked });
    this.touch(record);
  }

  async setTrialState(trialId: number, state: 'complete' | 'pruned' | 'fail', values?: readonly number[]): Promise<void> {
    const record = this.writable(trialId, `set state to '${state}'`);
    validateFinishState(state);
    if (record.state === 'waiting') {
      throw new StorageError(LABEL, `trial ${record.number} is waiting; claim it before finishing it`);
    }
    const entry = this.study(record.studyId);
    const checked = state === 'complete' || values !== undefined ? validateTrialValues(LABEL, values, entry.directions.length, state !== 'complete') : undefined;
    record.state = state;
    record.values = checked === undefined ? undefined : Object.freeze(checked.slice());
    record.datetimeComplete = this.now();
    this.touch(record);
  }

  async setTrialIntermediateValue(trialId: number, step: number, value: IntermediateValue): Promise<void> {
    const record = this.writable(trialId, `report step ${step}`);
    const checked = validateIntermediateValue(LABEL, step, value);
    if (record.intermediate.has(step)) return;
    record.intermediate.set(step, checked);
    this.touch(record);
  }

  async setTrialUserAttr(trialId: number, key: string, value: JsonValue): Promise<void> {
    const record = this.writable(trialId, `set user attr '${key}'`);
    setOwnAttr(record.userAttrs, validateAttrKey('key', key), validateJsonValue(LABEL, `trial user attr '${key}'`, value));
    this.touch(record);
  }

  async setTrialSystemAttr(trialId: number, key: string, value: JsonValue): Promise<void> {
    const record = this.writable(trialId, `set system attr '${key}'`);
    setOwnAttr(record.systemAttrs, validateAttrKey('key', key), validateJsonValue(LABEL, `trial system attr '${key}'`, value));
    this.touch(record);
  }

  async getTrial(trialId: number): Promise<FrozenTrial> {
    return this.freeze(this.trial(trialId));
  }

  async getAllTrials(studyId: number, options: { readonly states?: readonly TrialState[] } = {}): Promise<readonly FrozenTrial[]> {
    const entry = this.study(studyId);
    // Only the records written since the last call are re-frozen; the returned array is a fresh
    // pointer copy (never shared, so callers cannot disturb the storage), cheap even at 10,000 trials.
    for (const record of entry.dirty) entry.frozenList[record.number] = this.freeze(record);
    entry.dirty.clear();
    const states = options.states;
    if (states === undefined) return entry.frozenList.slice();
    return entry.frozenList.filter((trial) => states.includes(trial.state));
  }

  async countTrials(studyId: number, states?: readonly TrialState[]): Promise<number> {
    const entry = this.study(studyId);
    if (states === undefined) return entry.trials.length;
    let count = 0;
    for (const record of entry.trials) if (states.includes(record.state)) count++;
    return count;
  }

  async recordHeartbeat(trialId: number): Promise<void> {
    const record = this.trial(trialId);
    if (record.state === 'running') record.heartbeat = this.now();
  }

  async failStaleTrials(studyId: number, gracePeriodMs: number): Promise<readonly FrozenTrial[]> {
    const entry = this.study(studyId);
    validateGracePeriod(gracePeriodMs);
    const now = this.now();
    const failed: FrozenTrial[] = [];
    for (const record of entry.trials) {
      if (record.state !== 'running' || record.heartbeat === undefined) continue;
      if (now - record.heartbeat <= gracePeriodMs) continue;
      record.state = 'fail';
      record.datetimeComplete = now;
      setOwnAttr(record.systemAttrs, 'fail_reason', `Heartbeat stopped: no sign of life for ${now - record.heartbeat} ms (grace period ${gracePeriodMs} ms)`);
      this.touch(record);
      failed.push(this.freeze(record));
    }
    return Object.freeze(failed);
  }

  async close(): Promise<void> {}

  private countTowardsCap(entry: StudyEntry): number {
    let count = 0;
    for (const record of entry.trials) {
      if (record.state === 'running' || record.state === 'complete' || record.state === 'pruned') count++;
    }
    return count;
  }

  private study(studyId: number): StudyEntry {
    const entry = this.studies.get(studyId);
    if (entry === undefined) throw new StudyNotFoundError({ studyId });
    return entry;
  }

  private trial(trialId: number): TrialRecord {
    const record = this.trials.get(trialId);
    if (record === undefined) throw new TrialNotFoundError({ trialId });
    return record;
  }

  private writable(trialId: number, action: string): TrialRecord {
    const record = this.trial(trialId);
    if (isFinishedState(record.state)) throw new UpdateFinishedTrialError(trialId, record.number, record.state, action);
    return record;
  }

  private touch(record: TrialRecord): void {
    record.frozen = undefined;
    const entry = this.studies.get(record.studyId);
    entry?.dirty.add(record);
  }

  private freeze(record: TrialRecord): FrozenTrial {
    if (record.frozen !== undefined) return record.frozen;
    // fromEntries, not assignment: a parameter may be named '__proto__'.
    const params: Record<string, ParamValue> = Object.fromEntries(Array.from(record.params, ([name, { internal, distribution }]) => [name, toExternal(distribution, internal)]));
    const distributions: Record<string, Distribution> = Object.fromEntries(Array.from(record.params, ([name, { distribution }]) => [name, distribution]));
    record.frozen = createFrozenTrial({
      trialId: record.trialId,
      number: record.number,
      state: record.state,
      values: record.values,
      params,
      distributions,
      intermediateValues: record.intermediate,
      userAttrs: record.userAttrs,
      systemAttrs: record.systemAttrs,
      datetimeStart: record.datetimeStart,
      datetimeComplete: record.datetimeComplete,
    });
    return record.frozen;
  }

  private studyRecord(entry: StudyEntry, withSummary = false): StudyRecord {
    const first = entry.trials.find((trial) => trial.datetimeStart !== undefined);
    return Object.freeze({
      studyId: entry.studyId,
      studyName: entry.studyName,
      directions: entry.directions,
      userAttrs: deepFreeze(structuredClone(entry.userAttrs)),
      systemAttrs: deepFreeze(structuredClone(entry.systemAttrs)),
      ...(withSummary ? { nTrials: entry.trials.length, datetimeStart: freezeDate(first?.datetimeStart) } : {}),
    });
  }
}
