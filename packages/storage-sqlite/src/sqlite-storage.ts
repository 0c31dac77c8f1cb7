import { resolve } from 'node:path';
import {
  DistributionJsonCache,
  DuplicatedStudyError,
  InvalidArgumentError,
  OPTUNA_CAPPED_STATES,
  OPTUNA_SCHEMA_HEAD,
  ParamConflictError,
  StorageError,
  StudyNotFoundError,
  TrialNotFoundError,
  UpdateFinishedTrialError,
  attrsFromRows,
  createFrozenTrial,
  deepFreeze,
  directionFromOptuna,
  directionToOptuna,
  distributionsEqual,
  exactIntermediateAttr,
  exactValuesAttr,
  formatOptunaDatetime,
  formatOptunaUtcDatetime,
  isFinishedState,
  parseOptunaDatetime,
  parseOptunaUtcDatetime,
  prepareAttr,
  prepareFinishState,
  prepareFinishValues,
  prepareGracePeriod,
  prepareIntermediateValue,
  prepareMaxTrials,
  prepareParam,
  prepareStudy,
  prepareTrialSystemAttr,
  prepareTrialTemplate,
  trialStateFromOptuna,
  trialStateToOptuna,
  type OptunaAttrRow,
  type PreparedAttr,
  type EncodedTrialValues,
} from '@tunekit/core';
import type { Distribution, FrozenTrial, IntermediateValue, JsonValue, CreateTrialOptions, Storage, StudyDirection, StudyRecord, TrialState } from '@tunekit/core/protocol';
import Database from 'better-sqlite3';
import { SYNC_WAIT_MS, retryBusy, retryBusySync, wrapError } from './busy-retry.js';
import { MEMORY_PATH, parseSqliteUrl } from './parse-sqlite-url.js';
import { checkOpenable, createSchema, inspectSchema, migrateSchema } from './sqlite-schema-setup.js';
import { SqliteTrialReader, trialIdentity, type LoadedTrial } from './sqlite-trial-reader.js';

export interface SQLiteStorageOptions {
  /** The database file (created when missing; relative to the working directory), or `':memory:'`. */
  readonly path: string;
  /**
   * How long one call may wait, in total, for locks held by other connections before it fails
   * with a `StorageError` (code `STORAGE_BUSY`). Default 30 000 ms.
   */
  readonly busyTimeoutMs?: number;
  /** Clock for datetimes and heartbeats, in ms since the epoch (injectable for tests). Default `Date.now`. */
  readonly now?: () => number;
  /**
   * Use SQLite's write-ahead log (default true): readers never block the writer and commits are
   * cheap. Turn it off only for file systems without shared memory (network drives).
   */
  readonly wal?: boolean;
  /**
   * `'normal'` (default): with WAL, a commit survives a crash of the process but its last
   * transactions may be lost on power failure or an OS crash. `'full'`: fsync on every commit.
   */
  readonly synchronous?: 'normal' | 'full';
}

interface CachedTrial extends LoadedTrial {
  /** `PRAGMA data_version` when this record was last known to be current. */
  dataVersion: number;
}

interface StudyCache {
  readonly studyName: string;
  readonly trials: Map<number, CachedTrial>;
  readonly unfinished: Set<number>;
  /** Trial ids written by this connection since the last refresh. */
  readonly dirty: Set<number>;
  hasNew: boolean;
  /** Highest trial id cached: every trial of the study up to it is in `trials`. */
  maxTrialId: number;
  /** How many cached finished trials are `complete` or `pruned` (they count towards `maxTrials` forever). */
  finishedCapped: number;
  firstTrialId: number | undefined;
  dataVersion: number;
  list: FrozenTrial[] | undefined;
}

interface TrialHead {
  readonly trialId: number;
  readonly studyId: number;
  readonly number: number;
  readonly state: string;
}

const DEFAULT_BUSY_TIMEOUT_MS = 30_000;
const CAPPED = OPTUNA_CAPPED_STATES.map((state) => `'${state}'`).join(', ');

function isFinishedStored(state: string): boolean {
  return state === 'COMPLETE' || state === 'PRUNED' || state === 'FAIL';
}

function statements(db: Database.Database) {
  const s = (sql: string) => db.prepare(sql);
  return {
    begin: s('BEGIN'),
    beginImmediate: s('BEGIN IMMEDIATE'),
    commit: s('COMMIT'),
    rollback: s('ROLLBACK'),
    dataVersion: s('PRAGMA data_version').pluck(),

    studyById: s('SELECT study_id AS studyId, study_name AS studyName FROM studies WHERE study_id = ?'),
    studyByName: s('SELECT study_id AS studyId, study_name AS studyName FROM studies WHERE study_name = ?'),
    allStudies: s('SELECT study_id AS studyId, study_name AS studyName FROM studies ORDER BY study_id'),
    insertStudy: s('INSERT INTO studies (study_name) VALUES (?)'),
    directions: s('SELECT direction FROM study_directions WHERE study_id = ? ORDER BY objective').pluck(),
    allDirections: s('SELECT study_id AS studyId, direction FROM study_directions ORDER BY study_id, objective'),
    countDirections: s('SELECT count(*) FROM study_directions WHERE study_id = ?').pluck(),
    insertDirection: s('INSERT INTO study_directions (direction, study_id, objective) VALUES (?, ?, ?)'),
    studyUserAttrs: s('SELECT "key" AS key, value_json AS valueJson FROM study_user_attributes WHERE study_id = ? ORDER BY study_user_attribute_id'),
    studySystemAttrs: s('SELECT "key" AS key, value_json AS valueJson FROM study_system_attributes WHERE study_id = ? ORDER BY study_system_attribute_id'),
    allStudyUserAttrs: s('SELECT study_id AS studyId, "key" AS key, value_json AS valueJson FROM study_user_attributes ORDER BY study_user_attribute_id'),
    allStudySystemAttrs: s('SELECT study_id AS studyId, "key" AS key, value_json AS valueJson FROM study_system_attributes ORDER BY study_system_attribute_id'),
    upsertStudyUserAttr: s('INSERT INTO study_user_attributes (study_id, "key", value_json) VALUES (?, ?, ?) ON CONFLICT (study_id, "key") DO UPDATE SET value_json = excluded.value_json'),
    upsertStudySystemAttr: s('INSERT INTO study_system_attributes (study_id, "key", value_json) VALUES (?, ?, ?) ON CONFLICT (study_id, "key") DO UPDATE SET value_json = excluded.value_json'),
    studySummaries: s('SELECT study_id AS studyId, count(*) AS nTrials, min(datetime_start) AS datetimeStart FROM trials GROUP BY study_id'),
    deleteStudy: [
      'DELETE FROM trial_params WHERE trial_id IN (SELECT trial_id FROM trials WHERE study_id = ?)',
      'DELETE FROM trial_values WHERE trial_id IN (SELECT trial_id FROM trials WHERE study_id = ?)',
      'DELETE FROM trial_intermediate_values WHERE trial_id IN (SELECT trial_id FROM trials WHERE study_id = ?)',
      'DELETE FROM trial_user_attributes WHERE trial_id IN (SELECT trial_id FROM trials WHERE study_id = ?)',
      'DELETE FROM trial_system_attributes WHERE trial_id IN (SELECT trial_id FROM trials WHERE study_id = ?)',
      'DELETE FROM trial_heartbeats WHERE trial_id IN (SELECT trial_id FROM trials WHERE study_id = ?)',
      'DELETE FROM trials WHERE study_id = ?',
      'DELETE FROM study_directions WHERE study_id = ?',
      'DELETE FROM study_user_attributes WHERE study_id = ?',
      'DELETE FROM study_system_attributes WHERE study_id = ?',
      'DELETE FROM studies WHERE study_id = ?',
    ].map(s),

    // `trials` has no index on study_id (Optuna's schema): counting scans the table once.
    countForCreate: s(`SELECT count(*) AS total, coalesce(sum(state IN (${CAPPED})), 0) AS capped FROM trials WHERE study_id = ?`),
    countForCreateAfter: s(`SELECT count(*) AS total, coalesce(sum(state IN (${CAPPED})), 0) AS capped FROM trials WHERE trial_id > ? AND study_id = ?`),
    countCappedAmong: s(`SELECT count(*) FROM trials WHERE trial_id IN (SELECT value FROM json_each(?)) AND state IN (${CAPPED})`).pluck(),
    countAll: s('SELECT count(*) FROM trials WHERE study_id = ?').pluck(),
    countInStates: s('SELECT count(*) FROM trials WHERE study_id = ? AND state IN (SELECT value FROM json_each(?))').pluck(),
    oldestWaiting: s("SELECT trial_id FROM trials WHERE study_id = ? AND state = 'WAITING' ORDER BY trial_id LIMIT 1").pluck(),
    oldestWaitingAmong: s("SELECT trial_id FROM trials WHERE trial_id IN (SELECT value FROM json_each(?)) AND state = 'WAITING' ORDER BY trial_id LIMIT 1").pluck(),
    oldestWaitingAfter: s("SELECT trial_id FROM trials WHERE trial_id > ? AND study_id = ? AND state = 'WAITING' ORDER BY trial_id LIMIT 1").pluck(),
    // A range of the rowid: cheap however large the table.
    newTrialIds: s('SELECT trial_id FROM trials WHERE trial_id > ? AND study_id = ?').pluck(),
    trialHead: s('SELECT trial_id AS trialId, study_id AS studyId, number, state FROM trials WHERE trial_id = ?'),
    trialIdentity: s('SELECT study_id AS studyId, number, state, datetime_start AS datetimeStart FROM trials WHERE trial_id = ?'),
    insertTrial: s('INSERT INTO trials (number, study_id, state, datetime_start, datetime_complete) VALUES (?, ?, ?, ?, ?)'),
    claimTrial: s("UPDATE trials SET state = 'RUNNING', datetime_start = ? WHERE trial_id = ? AND state = 'WAITING'"),
    finishTrial: s('UPDATE trials SET state = ?, datetime_complete = ? WHERE trial_id = ?'),
    paramDistribution: s('SELECT distribution_json FROM trial_params WHERE trial_id = ? AND param_name = ?').pluck(),
    insertParam: s('INSERT INTO trial_params (trial_id, param_name, param_value, distribution_json) VALUES (?, ?, ?, ?)'),
    updateParam: s('UPDATE trial_params SET param_value = ?, distribution_json = ? WHERE trial_id = ? AND param_name = ?'),
    upsertValue: s('INSERT INTO trial_values (trial_id, objective, value, value_type) VALUES (?, ?, ?, ?) ON CONFLICT (trial_id, objective) DO UPDATE SET value = excluded.value, value_type = excluded.value_type'),
    insertIntermediate: s('INSERT INTO trial_intermediate_values (trial_id, step, intermediate_value, intermediate_value_type) VALUES (?, ?, ?, ?) ON CONFLICT (trial_id, step) DO NOTHING'),
    upsertTrialUserAttr: s('INSERT INTO trial_user_attributes (trial_id, "key", value_json) VALUES (?, ?, ?) ON CONFLICT (trial_id, "key") DO UPDATE SET value_json = excluded.value_json'),
    upsertTrialSystemAttr: s('INSERT INTO trial_system_attributes (trial_id, "key", value_json) VALUES (?, ?, ?) ON CONFLICT (trial_id, "key") DO UPDATE SET value_json = excluded.value_json'),
    upsertHeartbeat: s('INSERT INTO trial_heartbeats (trial_id, heartbeat) VALUES (?, ?) ON CONFLICT (trial_id) DO UPDATE SET heartbeat = excluded.heartbeat'),
    // Heartbeat rows exist only for trials that sent one: start from them, look trials up by id.
    heartbeatsOfRunning: s(
      "SELECT t.trial_id AS trialId, t.number AS number, h.heartbeat AS heartbeat FROM trial_heartbeats h CROSS JOIN trials t ON t.trial_id = h.trial_id WHERE t.study_id = ? AND t.state = 'RUNNING' ORDER BY t.trial_id",
    ),
  };
}

type Statements = ReturnType<typeof statements>;

/**
 * A `Storage` in a SQLite file, in exactly the schema Python Optuna 3.0–3.1 uses: Python
 * `optuna.load_study(storage='sqlite:///...')` and optuna-dashboard open a tunekit database, and
 * tunekit opens Optuna's (older Optuna 2.4+ databases are migrated on open; newer ones are refused
 * untouched). Several processes may share one file: writes are short `BEGIN IMMEDIATE`
 * transactions in WAL mode, retried on SQLITE_BUSY. Finished trials are cached in memory (they
 * never change); `getAllTrials` reads only trials that are new or unfinished, and nothing at all
 * when no connection wrote since the last call (`PRAGMA data_version`).
 *
 * All work is synchronous inside better-sqlite3; the methods are async to fit `Storage`.
 */
export class SQLiteStorage implements Storage {
  /** The resolved file path, or `':memory:'`. */
  readonly path: string;
  /** `sqlite:<path>`: what errors name. */
  readonly label: string;
  private readonly db: Database.Database;
  private readonly s: Statements;
  private readonly reader: SqliteTrialReader;
  private readonly distributions = new DistributionJsonCache();
  private readonly now: () => number;
  private readonly busyTimeoutMs: number;
  private readonly trialCache = new Map<number, CachedTrial>();
  private readonly studyCaches = new Map<number, StudyCache>();
  private closed = false;

  constructor(options: SQLiteStorageOptions) {
    if (typeof options !== 'object' || options === null || typeof options.path !== 'string' || options.path.length === 0) {
      throw new InvalidArgumentError('options.path', options?.path, "a file path or ':memory:'");
    }
    const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
    if (typeof busyTimeoutMs !== 'number' || !(busyTimeoutMs >= 0)) throw new InvalidArgumentError('options.busyTimeoutMs', busyTimeoutMs, 'a number of milliseconds >= 0');
    this.busyTimeoutMs = busyTimeoutMs;
    this.now = options.now ?? Date.now;
    this.path = options.path === MEMORY_PATH ? MEMORY_PATH : resolve(options.path);
    this.label = `sqlite:${this.path}`;
    try {
      this.db = new Database(this.path, { timeout: Math.min(busyTimeoutMs, SYNC_WAIT_MS) });
    } catch (error) {
      throw wrapError(this.label, 'opening the database', error);
    }
    try {
      this.initialise(options);
      this.s = statements(this.db);
      this.reader = new SqliteTrialReader(this.db, this.label, this.distributions);
    } catch (error) {
      this.db.close();
      this.closed = true;
      throw wrapError(this.label, 'opening the database', error);
    }
  }

  /** `new SQLiteStorage({ path })` for a `sqlite:` URL (see `parseSqliteUrl`). */
  static fromUrl(url: string, options: Omit<SQLiteStorageOptions, 'path'> = {}): SQLiteStorage {
    return new SQLiteStorage({ ...options, path: parseSqliteUrl(url) });
  }

  private initialise(options: SQLiteStorageOptions): void {
    const sync = <T>(action: string, body: () => T): T => retryBusySync(this.label, action, this.busyTimeoutMs, body);
    // Look before writing anything: a database of a newer Optuna is refused unmodified.
    const state = sync('reading the schema version', () => inspectSchema(this.db, this.label));
    checkOpenable(state, this.label);
    if (state.kind !== 'versioned' || !checkIsCurrent(state.revision)) {
      // better-sqlite3 enforces foreign keys by default; rebuilding tables needs them off (as in
      // SQLite's documented ALTER TABLE procedure), and the pragma only works outside a transaction.
      this.db.pragma('foreign_keys = OFF');
      sync('setting up the schema', () => {
        this.db.prepare('BEGIN IMMEDIATE').run();
        try {
          // Re-read under the write lock: another process may have done it meanwhile.
          const locked = inspectSchema(this.db, this.label);
          checkOpenable(locked, this.label);
          if (locked.kind === 'empty') createSchema(this.db);
          else if (locked.kind === 'versioned' && !checkIsCurrent(locked.revision)) migrateSchema(this.db, locked.revision, this.label);
          this.db.prepare('COMMIT').run();
        } catch (error) {
          if (this.db.inTransaction) this.db.prepare('ROLLBACK').run();
          throw error;
        }
      });
      this.db.pragma('foreign_keys = ON');
    }
    // Only now, so that a refused or failed upgrade leaves the file exactly as it was. (On file
    // systems without shared memory SQLite stays in rollback-journal mode, which still works.)
    if (this.path !== MEMORY_PATH && options.wal !== false) sync('switching to WAL', () => this.db.pragma('journal_mode = WAL', { simple: true }));
    this.db.pragma(`synchronous = ${options.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
  }

  // ---------------------------------------------------------------- transactions

  private open(): void {
    if (this.closed) throw new StorageError(this.label, 'the storage is closed', { code: 'STORAGE_CLOSED' });
  }

  /** One write transaction (`BEGIN IMMEDIATE`: the write lock is taken up front, so no deadlock). */
  private write<T>(action: string, body: () => T): Promise<T> {
    this.open();
    return retryBusy(this.label, action, this.busyTimeoutMs, () => this.transaction(this.s.beginImmediate, body));
  }

  /** One read transaction: a consistent snapshot across several statements. */
  private read<T>(action: string, body: () => T): Promise<T> {
    this.open();
    return retryBusy(this.label, action, this.busyTimeoutMs, () => this.transaction(this.s.begin, body));
  }

  private transaction<T>(begin: Database.Statement, body: () => T): T {
    begin.run();
    try {
      const result = body();
      this.s.commit.run();
      return result;
    } catch (error) {
      if (this.db.inTransaction) this.s.rollback.run();
      throw error;
    }
  }

  private dataVersion(): number {
    return this.s.dataVersion.get() as number;
  }

  // ---------------------------------------------------------------- studies

  async createStudy(input: { readonly studyName: string; readonly directions: readonly StudyDirection[] }): Promise<StudyRecord> {
    const { studyName, directions } = prepareStudy(this.label, input);
    const record = await this.write(`create study '${studyName}'`, () => {
      if (this.s.studyByName.get(studyName) !== undefined) throw new DuplicatedStudyError(studyName);
      const studyId = Number(this.s.insertStudy.run(studyName).lastInsertRowid);
      directions.forEach((direction, objective) => this.s.insertDirection.run(directionToOptuna(direction), studyId, objective));
      return Object.freeze({ studyId, studyName, directions, userAttrs: Object.freeze({}), systemAttrs: Object.freeze({}) });
    });
    // SQLite may hand out the id of a deleted study again.
    this.forgetStudy(record.studyId);
    return record;
  }

  async deleteStudy(studyId: number): Promise<void> {
    await this.write(`delete study ${studyId}`, () => {
      this.requireStudy(studyId);
      for (const statement of this.s.deleteStudy) statement.run(studyId);
    });
    this.forgetStudy(studyId);
  }

  async getStudy(studyId: number): Promise<StudyRecord> {
    return this.read(`read study ${studyId}`, () => this.studyRecord(this.requireStudy(studyId)));
  }

  async getStudyByName(studyName: string): Promise<StudyRecord> {
    return this.read(`read study '${studyName}'`, () => {
      const row = this.s.studyByName.get(studyName) as { studyId: number; studyName: string } | undefined;
      if (row === undefined) throw new StudyNotFoundError({ studyName });
      return this.studyRecord(row);
    });
  }

  async getAllStudies(): Promise<readonly StudyRecord[]> {
    return this.read('list studies', () => {
      const directions = new Map<number, StudyDirection[]>();
      for (const row of this.s.allDirections.all() as { studyId: number; direction: string }[]) {
        const list = directions.get(row.studyId) ?? [];
        list.push(directionFromOptuna(row.direction));
        directions.set(row.studyId, list);
      }
      const userAttrs = groupAttrs(this.s.allStudyUserAttrs.all() as (OptunaAttrRow & { studyId: number })[]);
      const systemAttrs = groupAttrs(this.s.allStudySystemAttrs.all() as (OptunaAttrRow & { studyId: number })[]);
      const summaries = new Map<number, { nTrials: number; datetimeStart: string | null }>();
      for (const row of this.s.studySummaries.all() as { studyId: number; nTrials: number; datetimeStart: string | null }[]) summaries.set(row.studyId, row);
      const studies = (this.s.allStudies.all() as { studyId: number; studyName: string }[]).map((row) => {
        const summary = summaries.get(row.studyId);
        const start = parseOptunaDatetime(summary?.datetimeStart ?? null);
        return Object.freeze({
          studyId: row.studyId,
          studyName: row.studyName,
          directions: Object.freeze(directions.get(row.studyId) ?? []),
          userAttrs: deepFreeze(attrsFromRows(userAttrs.get(row.studyId) ?? [])),
          systemAttrs: deepFreeze(attrsFromRows(systemAttrs.get(row.studyId) ?? [])),
          nTrials: summary?.nTrials ?? 0,
          datetimeStart: start === undefined ? undefined : new Date(start),
        });
      });
      return Object.freeze(studies);
    });
  }

  async setStudyUserAttr(studyId: number, key: string, value: JsonValue): Promise<void> {
    const attr = prepareAttr(this.label, `study user attr '${key}'`, key, value);
    await this.write(`set study user attr '${key}'`, () => {
      this.requireStudy(studyId);
      this.s.upsertStudyUserAttr.run(studyId, attr.key, attr.valueJson);
    });
  }

  async setStudySystemAttr(studyId: number, key: string, value: JsonValue): Promise<void> {
    const attr = prepareAttr(this.label, `study system attr '${key}'`, key, value);
    await this.write(`set study system attr '${key}'`, () => {
      this.requireStudy(studyId);
      this.s.upsertStudySystemAttr.run(studyId, attr.key, attr.valueJson);
    });
  }

  private requireStudy(studyId: number): { studyId: number; studyName: string } {
    const row = this.s.studyById.get(studyId) as { studyId: number; studyName: string } | undefined;
    if (row === undefined) throw new StudyNotFoundError({ studyId });
    return row;
  }

  private studyRecord(row: { studyId: number; studyName: string }): StudyRecord {
    return Object.freeze({
      studyId: row.studyId,
      studyName: row.studyName,
      directions: Object.freeze((this.s.directions.all(row.studyId) as string[]).map(directionFromOptuna)),
      userAttrs: deepFreeze(attrsFromRows(this.s.studyUserAttrs.all(row.studyId) as OptunaAttrRow[])),
      systemAttrs: deepFreeze(attrsFromRows(this.s.studySystemAttrs.all(row.studyId) as OptunaAttrRow[])),
    });
  }

  // ---------------------------------------------------------------- creating trials

  async createTrial(studyId: number, options: CreateTrialOptions = {}): Promise<FrozenTrial | undefined> {
    const maxTrials = prepareMaxTrials(options?.maxTrials);
    const trial = await this.write(`create a trial in study ${studyId}`, () => {
      this.requireStudy(studyId);
      const template = options.template === undefined ? undefined : prepareTrialTemplate(this.label, options.template, this.s.countDirections.get(studyId) as number);
      const state: TrialState = template?.state ?? 'running';
      const counts = this.countForCreate(studyId);
      if (maxTrials !== undefined && state !== 'waiting' && counts.capped >= maxTrials) return undefined;
      const now = this.now();
      const start = state === 'waiting' ? undefined : (template?.datetimeStart ?? now);
      const complete = isFinishedState(state) ? (template?.datetimeComplete ?? now) : undefined;
      const trialId = Number(
        this.s.insertTrial.run(counts.total, studyId, trialStateToOptuna(state), start === undefined ? null : formatOptunaDatetime(start), complete === undefined ? null : formatOptunaDatetime(complete)).lastInsertRowid,
      );
      if (template === undefined) {
        // The common `ask()` path: nothing else was written, no need to read it back.
        return createFrozenTrial({ trialId, number: counts.total, state, datetimeStart: start });
      }
      for (const param of template.params) this.s.insertParam.run(trialId, param.name, param.internal, param.distributionJson);
      this.insertValues(trialId, template.values);
      for (const { step, stored } of template.intermediateValues) this.s.insertIntermediate.run(trialId, step, stored.value, stored.valueType);
      for (const attr of template.userAttrs) this.s.upsertTrialUserAttr.run(trialId, attr.key, attr.valueJson);
      for (const attr of template.systemAttrs) this.s.upsertTrialSystemAttr.run(trialId, attr.key, attr.valueJson);
      return this.loadOne(trialId);
    });
    if (trial !== undefined) this.markNew(studyId);
    return trial;
  }

  /**
   * This connection's cache of the study, if it can stand in for scanning `trials` inside the
   * current write transaction. Optuna's schema has no index on `trials.study_id`, so counting or
   * finding a study's trials scans the whole table. But when the study is cached up to trial id K
   * (checked to still be the same trial), every trial with an id <= K is either cached finished
   * (final forever) or among the cached unfinished ids (re-read by id); and since numbers are dense
   * in trial-id order, exactly `number(K) + 1` trials have ids <= K. Only ids > K need a scan, of
   * the rowid range after K.
   */
  private anchoredCache(studyId: number): { cache: StudyCache; anchorId: number } | undefined {
    const cache = this.studyCaches.get(studyId);
    const anchor = cache?.trials.get(cache.maxTrialId);
    if (cache === undefined || anchor === undefined || cache.trials.size !== anchor.trial.number + 1) return undefined;
    const row = this.s.trialIdentity.get(anchor.trial.trialId) as { studyId: number; number: number; datetimeStart: string | null } | undefined;
    if (row === undefined || trialIdentity(row.studyId, row.number, row.datetimeStart) !== anchor.identity) return undefined;
    return { cache, anchorId: anchor.trial.trialId };
  }

  /** The study's trial count (the next trial's number) and how many count towards `maxTrials`. In a write transaction. */
  private countForCreate(studyId: number): { total: number; capped: number } {
    const anchored = this.anchoredCache(studyId);
    if (anchored === undefined) return this.s.countForCreate.get(studyId) as { total: number; capped: number };
    const { cache, anchorId } = anchored;
    const after = this.s.countForCreateAfter.get(anchorId, studyId) as { total: number; capped: number };
    const unfinishedCapped = cache.unfinished.size === 0 ? 0 : (this.s.countCappedAmong.get(JSON.stringify([...cache.unfinished])) as number);
    return { total: cache.trials.size + after.total, capped: cache.finishedCapped + unfinishedCapped + after.capped };
  }

  /** The id of the study's oldest waiting trial, if any. In a write transaction. */
  private oldestWaiting(studyId: number): number | undefined {
    const anchored = this.anchoredCache(studyId);
    if (anchored === undefined) return this.s.oldestWaiting.get(studyId) as number | undefined;
    const { cache, anchorId } = anchored;
    // Cached ids are all <= K, so a waiting one among them is older than any after K.
    const cached = cache.unfinished.size === 0 ? undefined : (this.s.oldestWaitingAmong.get(JSON.stringify([...cache.unfinished])) as number | undefined);
    return cached ?? (this.s.oldestWaitingAfter.get(anchorId, studyId) as number | undefined);
  }

  async claimWaitingTrial(studyId: number, options: Pick<CreateTrialOptions, 'maxTrials'> = {}): Promise<FrozenTrial | undefined> {
    const maxTrials = prepareMaxTrials(options?.maxTrials);
    const trial = await this.write(`claim a waiting trial of study ${studyId}`, () => {
      this.requireStudy(studyId);
      const trialId = this.oldestWaiting(studyId);
      if (trialId === undefined) return undefined;
      if (maxTrials !== undefined && this.countForCreate(studyId).capped >= maxTrials) return undefined;
      this.s.claimTrial.run(formatOptunaDatetime(this.now()), trialId);
      return this.loadOne(trialId);
    });
    if (trial !== undefined) this.markDirty(trial.trialId, studyId);
    return trial;
  }

  // ---------------------------------------------------------------- writing trials

  /** The trial's row, checked to exist and to be unfinished. */
  private writableTrial(trialId: number, action: string): TrialHead {
    const head = this.s.trialHead.get(trialId) as TrialHead | undefined;
    if (head === undefined) throw new TrialNotFoundError({ trialId });
    if (isFinishedStored(head.state)) throw new UpdateFinishedTrialError(trialId, head.number, trialStateFromOptuna(head.state), action);
    return head;
  }

  /** Run one write to an unfinished trial, then drop what this process cached about it. */
  private async writeTrial<T>(trialId: number, action: string, body: (head: TrialHead) => T): Promise<T> {
    let studyId: number | undefined;
    try {
      return await this.write(action, () => {
        const head = this.writableTrial(trialId, action);
        studyId = head.studyId;
        return body(head);
      });
    } finally {
      if (studyId !== undefined) this.markDirty(trialId, studyId);
    }
  }

  async setTrialParam(trialId: number, name: string, internal: number, distribution: Distribution): Promise<void> {
    await this.writeTrial(trialId, `set parameter '${name}'`, (head) => {
      const param = prepareParam(this.label, name, internal, distribution);
      const stored = this.s.paramDistribution.get(trialId, name) as string | undefined;
      if (stored === undefined) {
        this.s.insertParam.run(trialId, name, param.internal, param.distributionJson);
        return;
      }
      if (stored !== param.distributionJson) {
        const existing = this.distributions.parse(stored, name);
        if (!distributionsEqual(existing, param.distribution)) {
          throw new ParamConflictError(name, head.number, `stored ${JSON.stringify(existing)}, got ${JSON.stringify(param.distribution)}`);
        }
      }
      this.s.updateParam.run(param.internal, param.distributionJson, trialId, name);
    });
  }

  async setTrialState(trialId: number, state: 'complete' | 'pruned' | 'fail', values?: readonly number[]): Promise<void> {
    await this.writeTrial(trialId, `set state to '${state}'`, (head) => {
      prepareFinishState(state);
      if (head.state === 'WAITING') throw new StorageError(this.label, `trial ${head.number} is waiting; claim it before finishing it`);
      const encoded = prepareFinishValues(this.label, state, values, this.s.countDirections.get(head.studyId) as number);
      this.insertValues(trialId, encoded);
      this.s.finishTrial.run(trialStateToOptuna(state), formatOptunaDatetime(this.now()), trialId);
    });
  }

  private insertValues(trialId: number, values: EncodedTrialValues | undefined): void {
    if (values === undefined) return;
    for (const row of values.rows) this.s.upsertValue.run(trialId, row.objective, row.value, row.valueType);
    this.upsertSystemAttr(trialId, exactValuesAttr(values));
  }

  private upsertSystemAttr(trialId: number, attr: PreparedAttr | undefined): void {
    if (attr !== undefined) this.s.upsertTrialSystemAttr.run(trialId, attr.key, attr.valueJson);
  }

  async setTrialIntermediateValue(trialId: number, step: number, value: IntermediateValue): Promise<void> {
    await this.writeTrial(trialId, `report step ${step}`, () => {
      const prepared = prepareIntermediateValue(this.label, step, value);
      const { stored } = prepared;
      // A step already recorded keeps its first value (and its exact attr).
      if (this.s.insertIntermediate.run(trialId, step, stored.value, stored.valueType).changes === 0) return;
      this.upsertSystemAttr(trialId, exactIntermediateAttr(prepared));
    });
  }

  async setTrialUserAttr(trialId: number, key: string, value: JsonValue): Promise<void> {
    await this.writeTrial(trialId, `set user attr '${key}'`, () => {
      const attr = prepareAttr(this.label, `trial user attr '${key}'`, key, value);
      this.s.upsertTrialUserAttr.run(trialId, attr.key, attr.valueJson);
    });
  }

  async setTrialSystemAttr(trialId: number, key: string, value: JsonValue): Promise<void> {
    await this.writeTrial(trialId, `set system attr '${key}'`, () => {
      this.upsertSystemAttr(trialId, prepareTrialSystemAttr(this.label, key, value));
    });
  }

  // ---------------------------------------------------------------- reading trials

  private loadOne(trialId: number): FrozenTrial {
    const [loaded] = this.reader.load([trialId]);
    if (loaded === undefined) throw new TrialNotFoundError({ trialId });
    return loaded.trial;
  }

  async getTrial(trialId: number): Promise<FrozenTrial> {
    this.open();
    const version = this.dataVersion();
    const cached = this.trialCache.get(trialId);
    if (cached !== undefined && cached.dataVersion === version) return cached.trial;
    return this.read(`read trial ${trialId}`, () => {
      if (cached !== undefined && isFinishedState(cached.trial.state)) {
        // Finished trials never change; only check the id still names the same trial.
        const row = this.s.trialIdentity.get(trialId) as { studyId: number; number: number; state: string; datetimeStart: string | null } | undefined;
        if (row !== undefined && trialIdentity(row.studyId, row.number, row.datetimeStart) === cached.identity && isFinishedStored(row.state)) {
          cached.dataVersion = version;
          return cached.trial;
        }
        this.forgetStudy(cached.studyId);
      }
      const [loaded] = this.reader.load([trialId]);
      if (loaded === undefined) throw new TrialNotFoundError({ trialId });
      this.trialCache.set(trialId, { ...loaded, dataVersion: version });
      return loaded.trial;
    });
  }

  async getAllTrials(studyId: number, options: { readonly states?: readonly TrialState[] } = {}): Promise<readonly FrozenTrial[]> {
    this.open();
    const states = options?.states;
    const version = this.dataVersion();
    const cache = this.studyCaches.get(studyId);
    if (cache !== undefined && cache.list !== undefined && cache.dataVersion === version && cache.dirty.size === 0 && !cache.hasNew) return filterStates(cache.list, states);
    const list = await this.read(`read the trials of study ${studyId}`, () => this.refreshStudy(studyId, version));
    return filterStates(list, states);
  }

  /**
   * Bring the study's cached trials up to date, reading only what may have changed: trials
   * created since the last refresh (ids above the highest seen), unfinished trials (when another
   * connection wrote), and trials this connection wrote to.
   */
  private refreshStudy(studyId: number, version: number): FrozenTrial[] {
    const study = this.s.studyById.get(studyId) as { studyName: string } | undefined;
    if (study === undefined) {
      this.forgetStudy(studyId);
      throw new StudyNotFoundError({ studyId });
    }
    let cache = this.studyCaches.get(studyId);
    if (cache !== undefined && !this.stillSameStudy(cache, study.studyName)) {
      this.forgetStudy(studyId);
      cache = undefined;
    }
    if (cache === undefined) {
      cache = { studyName: study.studyName, trials: new Map(), unfinished: new Set(), dirty: new Set(), hasNew: true, maxTrialId: 0, finishedCapped: 0, firstTrialId: undefined, dataVersion: -1, list: undefined };
      this.studyCaches.set(studyId, cache);
    }
    const external = cache.dataVersion !== version;
    const ids = new Set<number>(cache.dirty);
    if (external || cache.hasNew) for (const id of this.s.newTrialIds.all(cache.maxTrialId, studyId) as number[]) ids.add(id);
    if (external) for (const id of cache.unfinished) ids.add(id);
    // Trials read by getTrial since this connection's last write to them (tell() reads the finished
    // trial back) and with no other connection writing since are current: no need to read them again.
    const current: LoadedTrial[] = [];
    const toRead: number[] = [];
    for (const id of ids) {
      const cached = this.trialCache.get(id);
      if (cached !== undefined && cached.dataVersion === version && cached.studyId === studyId) current.push(cached);
      else toRead.push(id);
    }
    const loaded = [...current, ...this.reader.load(toRead)];
    if (loaded.length !== ids.size || loaded.some((entry) => entry.studyId !== studyId)) {
      // A trial this cache knew vanished or moved: the study was deleted and ids reused. Start over.
      this.forgetStudy(studyId);
      return this.refreshStudy(studyId, version);
    }
    for (const entry of loaded) {
      const id = entry.trial.trialId;
      const cached: CachedTrial = { ...entry, dataVersion: version };
      const previous = cache.trials.get(id);
      const state = entry.trial.state;
      if ((state === 'complete' || state === 'pruned') && (previous === undefined || !isFinishedState(previous.trial.state))) cache.finishedCapped++;
      cache.trials.set(id, cached);
      this.trialCache.set(id, cached);
      if (isFinishedState(entry.trial.state)) cache.unfinished.delete(id);
      else cache.unfinished.add(id);
      if (id > cache.maxTrialId) cache.maxTrialId = id;
      if (cache.firstTrialId === undefined || id < cache.firstTrialId) cache.firstTrialId = id;
    }
    cache.dirty.clear();
    cache.hasNew = false;
    cache.dataVersion = version;
    if (cache.list === undefined || !patchList(cache.list, loaded)) cache.list = orderByNumber(cache.trials);
    return cache.list;
  }

  /** Whether a study id still names the study this process cached (SQLite reuses deleted ids). */
  private stillSameStudy(cache: StudyCache, studyName: string): boolean {
    if (cache.studyName !== studyName) return false;
    if (cache.firstTrialId === undefined) return true;
    const first = cache.trials.get(cache.firstTrialId);
    const row = this.s.trialIdentity.get(cache.firstTrialId) as { studyId: number; number: number; datetimeStart: string | null } | undefined;
    return first !== undefined && row !== undefined && trialIdentity(row.studyId, row.number, row.datetimeStart) === first.identity;
  }

  async countTrials(studyId: number, states?: readonly TrialState[]): Promise<number> {
    const stored = states === undefined ? undefined : JSON.stringify(states.map(trialStateToOptuna));
    return this.read(`count the trials of study ${studyId}`, () => {
      this.requireStudy(studyId);
      return (stored === undefined ? this.s.countAll.get(studyId) : this.s.countInStates.get(studyId, stored)) as number;
    });
  }

  // ---------------------------------------------------------------- heartbeats

  /** Stamp a running trial as alive, in Optuna's `trial_heartbeats` table (UTC). Other states: no-op. */
  async recordHeartbeat(trialId: number): Promise<void> {
    await this.write(`record a heartbeat of trial ${trialId}`, () => {
      const head = this.s.trialHead.get(trialId) as TrialHead | undefined;
      if (head === undefined) throw new TrialNotFoundError({ trialId });
      if (head.state === 'RUNNING') this.s.upsertHeartbeat.run(trialId, formatOptunaUtcDatetime(this.now()));
    });
  }

  /**
   * Fail the study's running trials whose heartbeat is older than `gracePeriodMs`. Runs under
   * the write lock, so of several processes racing to do it each stale trial is failed once.
   */
  async failStaleTrials(studyId: number, gracePeriodMs: number): Promise<readonly FrozenTrial[]> {
    const grace = prepareGracePeriod(gracePeriodMs);
    const failed = await this.write(`fail stale trials of study ${studyId}`, () => {
      this.requireStudy(studyId);
      const now = this.now();
      const ids: number[] = [];
      for (const row of this.s.heartbeatsOfRunning.all(studyId) as { trialId: number; number: number; heartbeat: string }[]) {
        const beat = parseOptunaUtcDatetime(row.heartbeat);
        if (beat === undefined || now - beat <= grace) continue;
        this.s.finishTrial.run('FAIL', formatOptunaDatetime(now), row.trialId);
        const reason = prepareAttr(this.label, 'fail_reason', 'fail_reason', `Heartbeat stopped: no sign of life for ${now - beat} ms (grace period ${grace} ms)`);
        this.s.upsertTrialSystemAttr.run(row.trialId, reason.key, reason.valueJson);
        ids.push(row.trialId);
      }
      return ids.map((id) => this.loadOne(id));
    });
    for (const trial of failed) this.markDirty(trial.trialId, studyId);
    return Object.freeze(failed);
  }

  /** Close the connection (the last one checkpoints and removes the WAL file). Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.trialCache.clear();
    this.studyCaches.clear();
    try {
      this.db.close();
    } catch (error) {
      throw wrapError(this.label, 'closing the database', error);
    }
  }

  // ---------------------------------------------------------------- cache bookkeeping

  private markDirty(trialId: number, studyId: number): void {
    this.trialCache.delete(trialId);
    this.studyCaches.get(studyId)?.dirty.add(trialId);
  }

  private markNew(studyId: number): void {
    const cache = this.studyCaches.get(studyId);
    if (cache !== undefined) cache.hasNew = true;
  }

  private forgetStudy(studyId: number): void {
    const cache = this.studyCaches.get(studyId);
    if (cache !== undefined) for (const id of cache.trials.keys()) this.trialCache.delete(id);
    this.studyCaches.delete(studyId);
    for (const [id, entry] of this.trialCache) if (entry.studyId === studyId) this.trialCache.delete(id);
  }
}

function checkIsCurrent(revision: string): boolean {
  return revision === OPTUNA_SCHEMA_HEAD;
}

function filterStates(list: readonly FrozenTrial[], states: readonly TrialState[] | undefined): FrozenTrial[] {
  return states === undefined ? list.slice() : list.filter((trial) => states.includes(trial.state));
}

/**
 * Put re-read trials into a dense list in place (replacing the same trial, appending the next
 * number); false when that is not possible and the list must be rebuilt. The list itself is never
 * handed out, only copies of it.
 */
function patchList(list: FrozenTrial[], loaded: readonly LoadedTrial[]): boolean {
  const fresh = [...loaded].sort((a, b) => a.trial.number - b.trial.number);
  for (const { trial } of fresh) {
    if (trial.number < list.length && list[trial.number]?.trialId === trial.trialId) list[trial.number] = trial;
    else if (trial.number === list.length) list.push(trial);
    else return false;
  }
  return true;
}

/** Trials by number (dense from 0 in a well-formed study; sorted otherwise). */
function orderByNumber(trials: ReadonlyMap<number, LoadedTrial>): FrozenTrial[] {
  const list: FrozenTrial[] = new Array(trials.size);
  let dense = true;
  for (const { trial } of trials.values()) {
    if (trial.number < list.length && list[trial.number] === undefined) list[trial.number] = trial;
    else dense = false;
  }
  if (dense) return list;
  return [...trials.values()].map((entry) => entry.trial).sort((a, b) => a.number - b.number || a.trialId - b.trialId);
}

function groupAttrs<T extends { studyId: number }>(rows: readonly T[]): Map<number, T[]> {
  const grouped = new Map<number, T[]>();
  for (const row of rows) {
    const list = grouped.get(row.studyId) ?? [];
    list.push(row);
    grouped.set(row.studyId, list);
  }
  return grouped;
}

