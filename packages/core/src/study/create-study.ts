import { randomUUID } from 'node:crypto';
import { toInternal } from '../distributions/distribution-values.js';
import type { Distribution } from '../protocol/distribution.js';
import { DuplicatedStudyError } from '../errors/duplicated-study-error.js';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { Pruner } from '../protocol/pruner.js';
import type { Sampler } from '../protocol/sampler.js';
import type { Storage, StudyRecord } from '../protocol/storage.js';
import type { StudyDirection } from '../protocol/trial-state.js';
import { MedianPruner } from '../pruners/median-pruner.js';
import { NopPruner } from '../pruners/nop-pruner.js';
import { AutoSampler } from '../samplers/auto-sampler.js';
import { resolveStorage, type StorageInput } from './resolve-storage.js';
import { Study, type HeartbeatOptions } from './study.js';

interface StudyBehaviour {
  /**
   * Default: `AutoSampler()`: `GPSampler` for small numeric single-objective studies, `TPESampler`
   * otherwise; the choice is recorded in the study's `auto_sampler` system attribute.
   */
  readonly sampler?: Sampler;
  /** Default: `MedianPruner()` (`NopPruner` for multi-objective studies). */
  readonly pruner?: Pruner;
  /** Stamp running trials as alive; fail those whose worker died. Needs a storage with heartbeats. */
  readonly heartbeat?: HeartbeatOptions;
  /** With `heartbeat`: re-enqueue a trial failed by a dead worker, with the same params, up to `maxRetries` times. */
  readonly retryFailedTrials?: { readonly maxRetries: number };
}

export interface CreateStudyOptions extends StudyBehaviour {
  /** Unique within the storage; generated when absent. */
  readonly studyName?: string;
  /** A `Storage` or a URL (`sqlite:./tunekit.db`, `postgres://...`, `memory:`). Default: in memory. */
  readonly storage?: StorageInput;
  /** Single objective. Default `'minimize'`. */
  readonly direction?: StudyDirection;
  /** Several objectives (excludes `direction`). */
  readonly directions?: readonly StudyDirection[];
  /** Load the study when the name is taken instead of throwing `DuplicatedStudyError`. */
  readonly loadIfExists?: boolean;
}

export interface LoadStudyOptions extends StudyBehaviour {
  /** Optional when the storage holds exactly one study. */
  readonly studyName?: string;
  readonly storage: StorageInput;
}

function checkDirection(field: string, value: unknown): StudyDirection {
  if (value !== 'minimize' && value !== 'maximize') throw new InvalidArgumentError(field, value, "'minimize' or 'maximize'");
  return value;
}

function normalizeDirections(options: CreateStudyOptions): readonly StudyDirection[] {
  if (options.direction !== undefined && options.directions !== undefined) {
    throw new InvalidArgumentError('createStudy direction', options.direction, 'either direction or directions, not both');
  }
  if (options.directions !== undefined) {
    if (!Array.isArray(options.directions) || options.directions.length === 0) {
      throw new InvalidArgumentError('createStudy directions', options.directions, "a non-empty array of 'minimize' | 'maximize'");
    }
    return options.directions.map((direction, index) => checkDirection(`createStudy directions[${index}]`, direction));
  }
  return [checkDirection('createStudy direction', options.direction ?? 'minimize')];
}

function checkBehaviour(options: StudyBehaviour, where: string): void {
  const heartbeat = options.heartbeat;
  if (heartbeat !== undefined) {
    if (!(Number.isFinite(heartbeat.intervalMs) && heartbeat.intervalMs > 0)) throw new InvalidArgumentError(`${where} heartbeat.intervalMs`, heartbeat.intervalMs, 'a positive number of ms');
    if (!(Number.isFinite(heartbeat.gracePeriodMs) && heartbeat.gracePeriodMs > heartbeat.intervalMs)) {
      throw new InvalidArgumentError(`${where} heartbeat.gracePeriodMs`, heartbeat.gracePeriodMs, `a number of ms greater than intervalMs (${heartbeat.intervalMs})`);
    }
  }
  if (options.retryFailedTrials !== undefined) {
    if (heartbeat === undefined) throw new InvalidArgumentError(`${where} retryFailedTrials`, options.retryFailedTrials, 'to be combined with heartbeat (retries are for trials whose worker died)');
    const max = options.retryFailedTrials.maxRetries;
    if (!Number.isSafeInteger(max) || max < 0) throw new InvalidArgumentError(`${where} retryFailedTrials.maxRetries`, max, 'a non-negative integer');
  }
  if (options.sampler !== undefined && typeof options.sampler?.sampleIndependent !== 'function') {
    throw new InvalidArgumentError(`${where} sampler`, options.sampler, 'a Sampler (e.g. new RandomSampler())');
  }
  if (options.pruner !== undefined && typeof options.pruner?.prune !== 'function') {
    throw new InvalidArgumentError(`${where} pruner`, options.pruner, 'a Pruner (e.g. new MedianPruner())');
  }
}

function build(storage: Storage, owned: boolean, record: StudyRecord, options: StudyBehaviour): Study {
  if (options.heartbeat !== undefined && (storage.recordHeartbeat === undefined || storage.failStaleTrials === undefined)) {
    throw new InvalidArgumentError('heartbeat', options.heartbeat, 'a storage that supports heartbeats (recordHeartbeat and failStaleTrials)');
  }
  return new Study({
    storage,
    ownsStorage: owned,
    record,
    sampler: options.sampler ?? new AutoSampler(),
    // MedianPruner needs one objective; a multi-objective study gets no pruning unless asked.
    pruner: options.pruner ?? (record.directions.length > 1 ? new NopPruner() : new MedianPruner()),
    heartbeat: options.heartbeat,
    retryFailedTrials: options.retryFailedTrials,
  });
}

/** Create a study (or load it with `loadIfExists`). */
export async function createStudy(options: CreateStudyOptions = {}): Promise<Study> {
  const directions = normalizeDirections(options);
  checkBehaviour(options, 'createStudy');
  if (options.studyName !== undefined && (typeof options.studyName !== 'string' || options.studyName.length === 0)) {
    throw new InvalidArgumentError('createStudy studyName', options.studyName, 'a non-empty string');
  }
  const { storage, owned } = await resolveStorage(options.storage);
  try {
    const studyName = options.studyName ?? `no-name-${randomUUID()}`;
    let record: StudyRecord;
    try {
      record = await storage.createStudy({ studyName, directions });
    } catch (error) {
      if (!(options.loadIfExists && DuplicatedStudyError.isInstance(error) && (error as DuplicatedStudyError).code === 'DUPLICATED_STUDY')) throw error;
      record = await storage.getStudyByName(studyName);
      if (record.directions.join() !== directions.join()) {
        throw new InvalidArgumentError('createStudy directions', directions, `the directions of the existing study '${studyName}' (${record.directions.join(', ')})`);
      }
    }
    const study = build(storage, owned, record, options);
    await study.refresh();
    return study;
  } catch (error) {
    if (owned) await storage.close();
    throw error;
  }
}

/** Open an existing study. */
export async function loadStudy(options: LoadStudyOptions): Promise<Study> {
  if (typeof options !== 'object' || options === null) throw new InvalidArgumentError('loadStudy options', options, '{ studyName, storage }');
  checkBehaviour(options, 'loadStudy');
  const { storage, owned } = await resolveStorage(options.storage);
  try {
    let record: StudyRecord;
    if (options.studyName === undefined) {
      const all = await storage.getAllStudies();
      if (all.length !== 1) {
        throw new InvalidArgumentError('loadStudy studyName', undefined, `a study name (the storage holds ${all.length} studies${all.length > 0 ? `: ${all.slice(0, 5).map((s) => s.studyName).join(', ')}` : ''})`);
      }
      record = all[0] as StudyRecord;
    } else {
      record = await storage.getStudyByName(options.studyName);
    }
    const study = build(storage, owned, record, options);
    await study.refresh();
    return study;
  } catch (error) {
    if (owned) await storage.close();
    throw error;
  }
}

/** Delete a study and its trials. Throws `StudyNotFoundError`. */
export async function deleteStudy(options: { readonly studyName: string; readonly storage: StorageInput }): Promise<void> {
  const { storage, owned } = await resolveStorage(options.storage);
  try {
    const record = await storage.getStudyByName(options.studyName);
    await storage.deleteStudy(record.studyId);
  } finally {
    if (owned) await storage.close();
  }
}

/** Every study in a storage, with trial counts where the backend provides them. */
export async function getAllStudies(storageInput: StorageInput): Promise<readonly StudyRecord[]> {
  const { storage, owned } = await resolveStorage(storageInput);
  try {
    return await storage.getAllStudies();
  } finally {
    if (owned) await storage.close();
  }
}

/** Copy a study (attributes and every trial) to another name and/or storage. */
export async function copyStudy(options: { readonly fromStudyName: string; readonly fromStorage: StorageInput; readonly toStorage?: StorageInput; readonly toStudyName?: string }): Promise<void> {
  const from = await resolveStorage(options.fromStorage);
  const to = options.toStorage === undefined ? { storage: from.storage, owned: false } : await resolveStorage(options.toStorage);
  try {
    const source = await from.storage.getStudyByName(options.fromStudyName);
    const toName = options.toStudyName ?? options.fromStudyName;
    if (to.storage === from.storage && toName === source.studyName) {
      throw new InvalidArgumentError('copyStudy toStudyName', toName, 'a different name or a different storage');
    }
    const target = await to.storage.createStudy({ studyName: toName, directions: source.directions });
    for (const [key, value] of Object.entries(source.userAttrs)) await to.storage.setStudyUserAttr(target.studyId, key, value);
    for (const [key, value] of Object.entries(source.systemAttrs)) await to.storage.setStudySystemAttr(target.studyId, key, value);
    for (const trial of await from.storage.getAllTrials(source.studyId)) {
      const params: Record<string, { internal: number; distribution: Distribution }> = {};
      for (const [name, value] of Object.entries(trial.params)) {
        const distribution = trial.distributions[name];
        if (distribution !== undefined) params[name] = { internal: toInternal(distribution, value, name), distribution };
      }
      await to.storage.createTrial(target.studyId, {
        template: {
          state: trial.state,
          params,
          values: trial.values,
          intermediateValues: trial.intermediateValues,
          userAttrs: trial.userAttrs,
          systemAttrs: trial.systemAttrs,
          datetimeStart: trial.datetimeStart,
          datetimeComplete: trial.datetimeComplete,
        },
      });
    }
  } finally {
    if (from.owned) await from.storage.close();
    if (to.owned) await to.storage.close();
  }
}

