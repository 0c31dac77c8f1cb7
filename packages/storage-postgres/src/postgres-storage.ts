import { createHash } from 'node:crypto';
import {
  DistributionJsonCache,
  DuplicatedStudyError,
  InvalidArgumentError,
  ParamConflictError,
  StorageError,
  StudyNotFoundError,
  TrialNotFoundError,
  UpdateFinishedTrialError,
  attrsFromRows,
  buildFrozenTrialFromRows,
  deepFreeze,
  directionFromOptuna,
  directionToOptuna,
  distributionsEqual,
  exactIntermediateAttr,
  exactValuesAttr,
  formatOptunaDatetime,
  parseOptunaDatetime,
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
  type OptunaTrialRows,
  type PreparedAttr,
  type PreparedTrialTemplate,
} from '@tunekit/core';
import type {
  CreateTrialOptions,
  Distribution,
  FrozenTrial,
  IntermediateValue,
  JsonValue,
  Storage,
  StudyDirection,
  StudyRecord,
  TrialState,
} from '@tunekit/core/protocol';
import type { Pool, PoolClient, QueryConfig, QueryResult, QueryResultRow } from 'pg';
import { resolveConnection, type PostgresConnection } from './postgres-connection.js';
import { backoffMs, hasSqlState, isRetryable, wrapError } from './postgres-errors.js';
import { schemaNames, type SchemaNames } from './postgres-schema.js';
import { ensureSchema } from './postgres-schema-setup.js';
import { buildStatements, type Statements } from './postgres-statements.js';
import { groupTrialRows, type TrialRow } from './postgres-trial-rows.js';
import { MAX_INT4, TYPES, floatParam, isRowId } from './postgres-values.js';
import { StudyTrialCache } from './study-trial-cache.js';

export interface PostgresStorageOptions {
  /**
   * The PostgreSQL schema (namespace) that holds Optuna's tables; created on first use when
   * missing. Default: the connection's `search_path` (normally `public`), which is where Python
   * Optuna looks. Also settable as the URL query parameter `?schema=name`.
   */
  readonly schema?: string;
  /** How often a transaction is retried after a deadlock or serialization failure (default 8). */
  readonly maxRetries?: number;
  /**
   * Use named prepared statements (default true: each statement is parsed once per connection).
   * Turn off behind a connection pooler in transaction mode (PgBouncer) that cannot keep them.
   */
  readonly preparedStatements?: boolean;
}

/** Where `openStorage` connects: a URL, or the `{ connectionString, schema }` handle the conformance workers pass. */
export type PostgresStorageInput = string | { readonly connectionString: string; readonly schema?: string };

type Query = <R extends QueryResultRow = QueryResultRow>(text: string, values: unknown[]) => Promise<R[]>;
type QueryArrays = (text: string, values: unknown[]) => Promise<TrialRow[]>;
interface Querier {
  readonly rows: Query;
  readonly arrays: QueryArrays;
}

const DEFAULT_MAX_RETRIES = 8;
/** Optuna's `VARCHAR(512)` for study names, param names and attribute keys. */
const MAX_NAME_LENGTH = 512;

function isFinishedStored(state: string): boolean {
  return state === 'COMPLETE' || state === 'PRUNED' || state === 'FAIL';
}

/** Names and keys go into `VARCHAR(512)` columns, which count characters and cannot hold NUL. */
function checkName(field: string, value: string): void {
  if (value.includes('\u0000')) throw new InvalidArgumentError(field, value, 'text without NUL characters (PostgreSQL cannot store them)');
  if (value.length > MAX_NAME_LENGTH && [...value].length > MAX_NAME_LENGTH) {
    throw new InvalidArgumentError(field, value, `at most ${MAX_NAME_LENGTH} characters (the column size in Optuna's schema)`);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

const statementNames = new Map<string, string>();

/** A stable name per statement text, so that each connection parses a statement once. */
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `tunekit_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    statementNames.set(text, name);
  }
  return name;
}

interface StudyRow {
  study_id: number;
  study_name: string;
  directions: string[] | null;
  user_attrs: [string, string][] | null;
  system_attrs: [string, string][] | null;
  n_trials?: number;
  datetime_start?: string | null;
}

/**
 * A `Storage` in PostgreSQL, in Optuna 3.1's schema: tunekit workers on many machines, Python
 * Optuna and optuna-dashboard can share one database. See the package README for URL forms,
 * pool sharing and the concurrency guarantees.
 *
 * ```ts
 * const storage = new PostgresStorage({ connectionString: 'postgres://user:pw@db:5432/tuning' });
 * const study = await createStudy({ storage, studyName: 'search', loadIfExists: true });
 * ```
 */
export class PostgresStorage implements Storage {
  /** The connection URL without its password (or a description of the borrowed pool). */
  readonly label: string;
  readonly #pool: Pool;
  readonly #ownsPool: boolean;
  readonly #address: string;
  readonly #names: SchemaNames;
  readonly #sql: Statements;
  readonly #maxRetries: number;
  readonly #prepared: boolean;
  readonly #distributions = new DistributionJsonCache();
  readonly #studyCaches = new Map<number, StudyTrialCache>();
  #ready: Promise<void> | undefined;
  #closing: Promise<void> | undefined;

  constructor(connection: PostgresConnection, options: PostgresStorageOptions = {}) {
    const resolved = resolveConnection(connection);
    const schema = options.schema ?? resolved.schemaFromUrl;
    if (schema !== undefined && (typeof schema !== 'string' || schema.length === 0 || schema.includes('\u0000'))) {
      throw new InvalidArgumentError('schema', schema, 'a non-empty schema name');
    }
    const maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
    if (!Number.isInteger(maxRetries) || maxRetries < 0) throw new InvalidArgumentError('maxRetries', maxRetries, 'an integer >= 0');
    this.#pool = resolved.pool;
    this.#ownsPool = resolved.ownsPool;
    this.label = resolved.label;
    this.#address = resolved.address;
    this.#names = schemaNames(schema);
    this.#sql = buildStatements(this.#names);
    this.#maxRetries = maxRetries;
    this.#prepared = options.preparedStatements ?? true;
  }

  /** `new PostgresStorage({ connectionString: url }, options)`. */
  static fromUrl(url: string, options: PostgresStorageOptions = {}): PostgresStorage {
    return new PostgresStorage({ connectionString: url }, options);
  }

  /**
   * Connect and check the schema now (creating Optuna's tables in an empty database or schema).
   * Optional: the first operation does it otherwise. Rejects with a `StorageError` when the
   * server is unreachable or the schema is one tunekit must not touch.
   */
  async open(): Promise<void> {
    await this.#open('open the storage');
  }

  // ------------------------------------------------------------------ studies

  async createStudy(input: { readonly studyName: string; readonly directions: readonly StudyDirection[] }): Promise<StudyRecord> {
    const { studyName, directions } = prepareStudy(this.label, input);
    checkName('studyName', studyName);
    const rows = await this.#run(`create study '${studyName}'`, (q) => q.rows<{ study_id: number }>(this.#sql.createStudy, [studyName, directions.map(directionToOptuna)]), (error) =>
      hasSqlState(error, '23505') ? new DuplicatedStudyError(studyName) : undefined,
    );
    const studyId = (rows[0] as { study_id: number }).study_id;
    return Object.freeze({ studyId, studyName, directions, userAttrs: Object.freeze({}), systemAttrs: Object.freeze({}) });
  }

  async deleteStudy(studyId: number): Promise<void> {
    if (!isRowId(studyId)) throw new StudyNotFoundError({ studyId });
    await this.#transaction(`delete study ${studyId}`, async (q) => {
      if ((await q.rows(this.#sql.lockStudyForDelete, [studyId])).length === 0) throw new StudyNotFoundError({ studyId });
      // With the study and its trials locked, no new trial or child row can appear before the delete.
      await q.rows(this.#sql.lockTrialsForDelete, [studyId]);
      await q.rows(this.#sql.deleteStudy, [studyId]);
    });
    this.#studyCaches.delete(studyId);
  }

  async getStudy(studyId: number): Promise<StudyRecord> {
    if (!isRowId(studyId)) throw new StudyNotFoundError({ studyId });
    const rows = await this.#run(`read study ${studyId}`, (q) => q.rows<StudyRow>(this.#sql.studyById, [studyId]));
    if (rows[0] === undefined) throw new StudyNotFoundError({ studyId });
    return this.#studyRecord(rows[0], false);
  }

  async getStudyByName(studyName: string): Promise<StudyRecord> {
    if (typeof studyName !== 'string' || studyName.includes('\u0000')) throw new StudyNotFoundError({ studyName });
    const rows = await this.#run(`read study '${studyName}'`, (q) => q.rows<StudyRow>(this.#sql.studyByName, [studyName]));
    if (rows[0] === undefined) throw new StudyNotFoundError({ studyName });
    return this.#studyRecord(rows[0], false);
  }

  async getAllStudies(): Promise<readonly StudyRecord[]> {
    const rows = await this.#run('list studies', (q) => q.rows<StudyRow>(this.#sql.allStudies, []));
    return Object.freeze(rows.map((row) => this.#studyRecord(row, true)));
  }

  async setStudyUserAttr(studyId: number, key: string, value: JsonValue): Promise<void> {
    await this.#setStudyAttr(studyId, prepareAttr(this.label, `study user attr '${key}'`, key, value), this.#sql.setStudyUserAttr, 'user');
  }

  async setStudySystemAttr(studyId: number, key: string, value: JsonValue): Promise<void> {
    await this.#setStudyAttr(studyId, prepareAttr(this.label, `study system attr '${key}'`, key, value), this.#sql.setStudySystemAttr, 'system');
  }

  async #setStudyAttr(studyId: number, attr: PreparedAttr, statement: string, kind: string): Promise<void> {
    if (!isRowId(studyId)) throw new StudyNotFoundError({ studyId });
    checkName('key', attr.key);
    const rows = await this.#run(`set ${kind} attr '${attr.key}' of study ${studyId}`, (q) => q.rows<{ found: number }>(statement, [studyId, attr.key, attr.valueJson]));
    if (rows[0]?.found !== 1) throw new StudyNotFoundError({ studyId });
  }

  #studyRecord(row: StudyRow, summary: boolean): StudyRecord {
    try {
      const attrs = (pairs: [string, string][] | null) => deepFreeze(attrsFromRows((pairs ?? []).map(([key, valueJson]) => ({ key, valueJson }))));
      const start = summary ? parseOptunaDatetime(row.datetime_start ?? null) : undefined;
      return Object.freeze({
        studyId: row.study_id,
        studyName: row.study_name,
        directions: Object.freeze((row.directions ?? []).map(directionFromOptuna)),
        userAttrs: attrs(row.user_attrs),
        systemAttrs: attrs(row.system_attrs),
        ...(summary ? { nTrials: row.n_trials, datetimeStart: start === undefined ? undefined : Object.freeze(new Date(start)) } : {}),
      });
    } catch (error) {
      throw new StorageError(this.label, `study '${row.study_name}' (id ${row.study_id}) holds data tunekit cannot read: ${(error as Error).message}`, { cause: error, code: 'STORAGE_CORRUPT_STUDY' });
    }
  }

  // ------------------------------------------------------------------ trial creation

  async createTrial(studyId: number, options: CreateTrialOptions = {}): Promise<FrozenTrial | undefined> {
    if (!isRowId(studyId)) throw new StudyNotFoundError({ studyId });
    const maxTrials = prepareMaxTrials(options?.maxTrials);
    const now = Date.now();
    const created = await this.#transaction(`create a trial in study ${studyId}`, async (q) => {
      // The study row lock makes creations in one study take turns, so that the count below
      // (a new snapshot, taken after the lock) includes every trial committed before: numbers stay
      // dense and unique and the cap exact, across connections and machines.
      const lock = await q.rows<{ n_objectives: number }>(this.#sql.lockStudy, [studyId]);
      if (lock[0] === undefined) throw new StudyNotFoundError({ studyId });
      const template = prepareTrialTemplate(this.label, options?.template, lock[0].n_objectives);
      checkTemplateNames(template);
      const start = template.state === 'waiting' ? null : formatOptunaDatetime(template.datetimeStart ?? now);
      const complete = isFinishedStored(template.optunaState) ? formatOptunaDatetime(template.datetimeComplete ?? now) : null;
      const cap = template.state === 'waiting' || maxTrials === undefined || maxTrials === Number.POSITIVE_INFINITY ? null : maxTrials;
      const values = template.values?.rows ?? [];
      const inserted = await q.rows<{ trial_id: number; number: number }>(this.#sql.insertTrial, [
        studyId,
        template.optunaState,
        start,
        complete,
        cap,
        template.params.map((p) => p.name),
        template.params.map((p) => floatParam(p.internal)),
        template.params.map((p) => p.distributionJson),
        values.map((v) => v.objective),
        values.map((v) => floatParam(v.value)),
        values.map((v) => v.valueType),
        template.intermediateValues.map((v) => v.step),
        template.intermediateValues.map((v) => floatParam(v.stored.value)),
        template.intermediateValues.map((v) => v.stored.valueType),
        template.userAttrs.map((a) => a.key),
        template.userAttrs.map((a) => a.valueJson),
        template.systemAttrs.map((a) => a.key),
        template.systemAttrs.map((a) => a.valueJson),
      ]);
      const row = inserted[0];
      return row === undefined ? undefined : { template, trialId: row.trial_id, number: row.number, start, complete };
    });
    if (created === undefined) return undefined;
    return this.#build(rowsOfTemplate(created.template, created.trialId, created.number, created.start, created.complete));
  }

  async claimWaitingTrial(studyId: number, options: Pick<CreateTrialOptions, 'maxTrials'> = {}): Promise<FrozenTrial | undefined> {
    if (!isRowId(studyId)) throw new StudyNotFoundError({ studyId });
    const maxTrials = prepareMaxTrials(options?.maxTrials);
    const cap = maxTrials === undefined || maxTrials === Number.POSITIVE_INFINITY ? undefined : maxTrials;
    // `ask` tries a claim before every createTrial: answer the usual "nothing waiting" without locks.
    const probe = await this.#run(`claim a waiting trial of study ${studyId}`, (q) => q.rows<{ study: boolean; waiting: boolean }>(this.#sql.hasWaiting, [studyId]));
    if (probe[0]?.study !== true) throw new StudyNotFoundError({ studyId });
    if (probe[0].waiting !== true) return undefined;
    const now = formatOptunaDatetime(Date.now());
    const rows = await this.#transaction(`claim a waiting trial of study ${studyId}`, async (q) => {
      if (cap !== undefined) {
        // Claims start trials too, so they take the same turn as createTrial under a cap.
        if ((await q.rows(this.#sql.lockStudy, [studyId])).length === 0) throw new StudyNotFoundError({ studyId });
        const counted = await q.rows<{ capped: number }>(this.#sql.countCapped, [studyId]);
        if ((counted[0]?.capped ?? 0) >= cap) return undefined;
      }
      const claimed = await q.rows<{ trial_id: number }>(this.#sql.claimWaiting, [studyId, now]);
      const trialId = claimed[0]?.trial_id;
      return trialId === undefined ? undefined : { trialId, rows: await q.arrays(this.#sql.trialsById, [[trialId]]) };
    });
    if (rows === undefined) return undefined;
    const trial = groupTrialRows(rows.rows).rows.get(rows.trialId);
    if (trial === undefined) throw new StorageError(this.label, `claimed trial ${rows.trialId} vanished`);
    return this.#build(trial);
  }

  // ------------------------------------------------------------------ trial writes

  async setTrialParam(trialId: number, name: string, internal: number, distribution: Distribution): Promise<void> {
    if (!isRowId(trialId)) throw new TrialNotFoundError({ trialId });
    const param = prepareParam(this.label, name, internal, distribution);
    checkName('param name', name);
    let json = param.distributionJson;
    // Distribution JSON is compared as text in SQL; text written by another client (Python) may
    // differ for an equal distribution, which the second pass writes with the stored text.
    for (let pass = 0; pass < 4; pass++) {
      const rows = await this.#run(`set parameter '${name}' of trial ${trialId}`, (q) =>
        q.rows<{ number: number; state: string; existing: string | null; written: number }>(this.#sql.setTrialParam, [trialId, name, floatParam(internal), json]),
      );
      const row = this.#writableRow(trialId, rows[0], `set parameter '${name}'`);
      if (row.written > 0) return;
      if (row.existing === null) continue; // another call inserted this name just now: look again
      const stored = this.#distributions.parse(row.existing, name);
      if (!distributionsEqual(stored, param.distribution)) {
        throw new ParamConflictError(name, row.number, `stored ${row.existing}, got ${param.distributionJson}`);
      }
      json = row.existing;
    }
    throw new StorageError(this.label, `set parameter '${name}' of trial ${trialId}: the stored parameter kept changing under concurrent writes`);
  }

  async setTrialState(trialId: number, state: 'complete' | 'pruned' | 'fail', values?: readonly number[]): Promise<void> {
    if (!isRowId(trialId)) throw new TrialNotFoundError({ trialId });
    const target = prepareFinishState(state);
    const now = formatOptunaDatetime(Date.now());
    await this.#transaction(`set state of trial ${trialId} to '${target}'`, async (q) => {
      // FOR UPDATE: concurrent finishers and writers (which hold FOR SHARE) wait; the first
      // finisher wins and every later one sees the finished state.
      const row = (await q.rows<{ number: number; state: string; n_objectives: number }>(this.#sql.lockTrial, [trialId]))[0];
      if (row === undefined) throw new TrialNotFoundError({ trialId });
      if (isFinishedStored(row.state)) throw new UpdateFinishedTrialError(trialId, row.number, trialStateFromOptuna(row.state), `set state to '${target}'`);
      if (row.state === 'WAITING') throw new StorageError(this.label, `trial ${row.number} is waiting; claim it before finishing it`);
      const encoded = prepareFinishValues(this.label, target, values, row.n_objectives);
      const exact = exactValuesAttr(encoded);
      const stored = encoded?.rows ?? [];
      await q.rows(this.#sql.finishTrial, [
        trialId,
        trialStateToOptuna(target),
        now,
        stored.map((v) => v.objective),
        stored.map((v) => floatParam(v.value)),
        stored.map((v) => v.valueType),
        exact?.key ?? null,
        exact?.valueJson ?? null,
      ]);
    });
  }

  async setTrialIntermediateValue(trialId: number, step: number, value: IntermediateValue): Promise<void> {
    if (!isRowId(trialId)) throw new TrialNotFoundError({ trialId });
    const prepared = prepareIntermediateValue(this.label, step, value);
    if (step > MAX_INT4) throw new InvalidArgumentError('step', step, `a non-negative integer up to ${MAX_INT4} (Optuna's integer column)`);
    const exact = exactIntermediateAttr(prepared);
    const rows = await this.#run(`report step ${step} of trial ${trialId}`, (q) =>
      q.rows<{ number: number; state: string }>(this.#sql.setTrialIntermediateValue, [
        trialId,
        step,
        floatParam(prepared.stored.value),
        prepared.stored.valueType,
        exact?.key ?? null,
        exact?.valueJson ?? null,
      ]),
    );
    this.#writableRow(trialId, rows[0], `report step ${step}`);
  }

  async setTrialUserAttr(trialId: number, key: string, value: JsonValue): Promise<void> {
    if (!isRowId(trialId)) throw new TrialNotFoundError({ trialId });
    const attr = prepareAttr(this.label, `trial user attr '${key}'`, key, value);
    await this.#setTrialAttr(trialId, attr, this.#sql.setTrialUserAttr, `set user attr '${key}'`);
  }

  async setTrialSystemAttr(trialId: number, key: string, value: JsonValue): Promise<void> {
    if (!isRowId(trialId)) throw new TrialNotFoundError({ trialId });
    const attr = prepareTrialSystemAttr(this.label, key, value);
    await this.#setTrialAttr(trialId, attr, this.#sql.setTrialSystemAttr, `set system attr '${key}'`);
  }

  async #setTrialAttr(trialId: number, attr: PreparedAttr, statement: string, action: string): Promise<void> {
    checkName('key', attr.key);
    const rows = await this.#run(`${action} of trial ${trialId}`, (q) => q.rows<{ number: number; state: string }>(statement, [trialId, attr.key, attr.valueJson]));
    this.#writableRow(trialId, rows[0], action);
  }

  /** The result row of a guarded trial write: the trial exists and was not finished. */
  #writableRow<R extends { number: number; state: string }>(trialId: number, row: R | undefined, action: string): R {
    if (row === undefined) throw new TrialNotFoundError({ trialId });
    if (isFinishedStored(row.state)) throw new UpdateFinishedTrialError(trialId, row.number, trialStateFromOptuna(row.state), action);
    return row;
  }

  // ------------------------------------------------------------------ reads

  async getTrial(trialId: number): Promise<FrozenTrial> {
    if (!isRowId(trialId)) throw new TrialNotFoundError({ trialId });
    const rows = await this.#run(`read trial ${trialId}`, (q) => q.arrays(this.#sql.trialsById, [[trialId]]));
    const trial = groupTrialRows(rows).rows.get(trialId);
    if (trial === undefined || trial.trial.number < 0) throw new TrialNotFoundError({ trialId });
    return this.#build(trial);
  }

  async getAllTrials(studyId: number, options: { readonly states?: readonly TrialState[] } = {}): Promise<readonly FrozenTrial[]> {
    if (!isRowId(studyId)) throw new StudyNotFoundError({ studyId });
    const states = options?.states;
    let cache = this.#studyCaches.get(studyId);
    if (cache === undefined) {
      cache = new StudyTrialCache();
      this.#studyCaches.set(studyId, cache);
    }
    const action = `read the trials of study ${studyId}`;
    const study = async (statement: string, watermark: number, pending: readonly number[]) => {
      const grouped = groupTrialRows(await this.#run(action, (q) => q.arrays(statement, [studyId, watermark, pending])));
      return grouped.studyFound ? grouped : undefined;
    };
    const trials = await cache.read({
      changed: (watermark, pending) => study(this.#sql.studyTrialsChanged, watermark, pending),
      all: (watermark, pending) => study(this.#sql.studyTrials, watermark, pending),
      byIds: async (trialIds) => groupTrialRows(await this.#run(action, (q) => q.arrays(this.#sql.trialsById, [trialIds]))).rows,
      build: (rows) => this.#build(rows),
    });
    if (trials === undefined) {
      this.#studyCaches.delete(studyId);
      throw new StudyNotFoundError({ studyId });
    }
    return Object.freeze(states === undefined ? trials : trials.filter((trial) => states.includes(trial.state)));
  }

  async countTrials(studyId: number, states?: readonly TrialState[]): Promise<number> {
    if (!isRowId(studyId)) throw new StudyNotFoundError({ studyId });
    const stored = states === undefined ? null : states.map(trialStateToOptuna);
    const rows = await this.#run(`count the trials of study ${studyId}`, (q) => q.rows<{ n: number; study: boolean }>(this.#sql.countTrials, [studyId, stored]));
    if (rows[0]?.study !== true) throw new StudyNotFoundError({ studyId });
    return rows[0].n;
  }

  #build(rows: OptunaTrialRows): FrozenTrial {
    return buildFrozenTrialFromRows(this.label, rows, this.#distributions);
  }

  // ------------------------------------------------------------------ heartbeats

  /**
   * Stamp a running trial as alive in Optuna's `trial_heartbeats` table, with the *database
   * server's* clock (as Optuna does), so that workers whose clocks disagree still agree on who is
   * stale. Other states: nothing happens.
   */
  async recordHeartbeat(trialId: number): Promise<void> {
    if (!isRowId(trialId)) throw new TrialNotFoundError({ trialId });
    const rows = await this.#run(`record a heartbeat of trial ${trialId}`, (q) => q.rows<{ state: string }>(this.#sql.recordHeartbeat, [trialId]));
    if (rows[0] === undefined) throw new TrialNotFoundError({ trialId });
  }

  /**
   * Fail the study's running trials whose last heartbeat is older than `gracePeriodMs` by the
   * server's clock, recording `fail_reason`. Stale trials are locked `FOR UPDATE SKIP LOCKED`, so
   * when several workers run this at once each stale trial is failed (and returned) exactly once.
   */
  async failStaleTrials(studyId: number, gracePeriodMs: number): Promise<readonly FrozenTrial[]> {
    if (!isRowId(studyId)) throw new StudyNotFoundError({ studyId });
    const grace = prepareGracePeriod(gracePeriodMs);
    const now = formatOptunaDatetime(Date.now());
    const failed = await this.#transaction(`fail stale trials of study ${studyId}`, async (q) => {
      if ((await q.rows(this.#sql.studyExists, [studyId])).length === 0) throw new StudyNotFoundError({ studyId });
      const stale = await q.rows<{ trial_id: number; age_ms: number }>(this.#sql.lockStaleTrials, [studyId, grace]);
      if (stale.length === 0) return undefined;
      const ids = stale.map((row) => row.trial_id);
      const reasons = stale.map(
        (row) => prepareAttr(this.label, 'fail_reason', 'fail_reason', `Heartbeat stopped: no sign of life for ${Math.round(row.age_ms)} ms (grace period ${grace} ms)`).valueJson,
      );
      await q.rows(this.#sql.failTrials, [ids, reasons, now]);
      return { ids, rows: await q.arrays(this.#sql.trialsById, [ids]) };
    });
    if (failed === undefined) return Object.freeze([]);
    const grouped = groupTrialRows(failed.rows).rows;
    return Object.freeze(failed.ids.flatMap((id) => {
      const rows = grouped.get(id);
      return rows === undefined ? [] : [this.#build(rows)];
    }));
  }

  // ------------------------------------------------------------------ lifecycle

  /** End the pool if the storage made it (a pool you passed in stays open). Idempotent. */
  close(): Promise<void> {
    this.#closing ??= this.#ownsPool ? this.#pool.end().catch((error: unknown) => {
      throw wrapError(this.label, this.#address, 'close the connection pool', error);
    }) : Promise.resolve();
    return this.#closing;
  }

  #open(action: string): Promise<void> {
    if (this.#closing !== undefined) {
      return Promise.reject(new StorageError(this.label, `cannot ${action}: the storage is closed`, { code: 'STORAGE_CLOSED' }));
    }
    this.#ready ??= this.#initialize().catch((error: unknown) => {
      this.#ready = undefined; // a later call may find the server back
      throw error;
    });
    return this.#ready;
  }

  async #initialize(): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      let client: PoolClient;
      try {
        client = await this.#pool.connect();
      } catch (error) {
        throw wrapError(this.label, this.#address, 'connect', error);
      }
      try {
        await ensureSchema(client, this.#names, this.label);
        return;
      } catch (error) {
        // Another tool (Python Optuna) creating the same tables at this moment: look again.
        const raced = ['42P07', '42710', '23505'].some((code) => hasSqlState(error, code));
        if (!raced || attempt >= 2) throw wrapError(this.label, this.#address, "open Optuna's schema", error);
      } finally {
        client.release();
      }
    }
  }

  #config(text: string, values: unknown[], arrays: boolean): QueryConfig {
    return { text, values, types: TYPES, ...(this.#prepared ? { name: statementName(text) } : {}), ...(arrays ? { rowMode: 'array' } : {}) };
  }

  #querier(client: Pool | PoolClient): Querier {
    return {
      rows: async <R extends QueryResultRow>(text: string, values: unknown[]) => (await client.query<R>(this.#config(text, values, false))).rows,
      arrays: async (text: string, values: unknown[]) => (await client.query(this.#config(text, values, true) as QueryConfig)).rows as unknown as TrialRow[],
    };
  }

  /**
   * One statement outside an explicit transaction (atomic by itself), retried after a deadlock.
   * `mapError` turns a driver error into the tunekit error it means (e.g. a unique violation).
   */
  async #run<T>(action: string, body: (q: Querier) => Promise<T>, mapError?: (error: unknown) => Error | undefined): Promise<T> {
    await this.#open(action);
    const q = this.#querier(this.#pool);
    for (let attempt = 0; ; attempt++) {
      try {
        return await body(q);
      } catch (error) {
        if (isRetryable(error) && attempt < this.#maxRetries) {
          await sleep(backoffMs(attempt));
          continue;
        }
        throw mapError?.(error) ?? wrapError(this.label, this.#address, action, error);
      }
    }
  }

  /** `body` in one READ COMMITTED transaction on one connection, retried as a whole after a deadlock. */
  async #transaction<T>(action: string, body: (q: Querier) => Promise<T>): Promise<T> {
    await this.#open(action);
    for (let attempt = 0; ; attempt++) {
      let client: PoolClient;
      try {
        client = await this.#pool.connect();
      } catch (error) {
        throw wrapError(this.label, this.#address, action, error);
      }
      let broken: Error | undefined;
      const transaction = { begun: false };
      try {
        const result = await body(this.#transactionQuerier(client, transaction));
        if (transaction.begun) await client.query('COMMIT');
        return result;
      } catch (error) {
        if (transaction.begun) {
          try {
            await client.query('ROLLBACK');
          } catch (rollbackError) {
            broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
          }
        }
        if (isRetryable(error) && attempt < this.#maxRetries) {
          await sleep(backoffMs(attempt));
          continue;
        }
        throw wrapError(this.label, this.#address, action, error);
      } finally {
        // A connection whose ROLLBACK failed is in an unknown state: destroy it rather than reuse it.
        client.release(broken);
      }
    }
  }

  /**
   * A querier that opens the transaction with its first statement. When that statement's
   * parameters are all integers (the lock statements: ids only), they are inlined and `BEGIN` is
   * sent in the same round trip (a multi-statement simple query).
   */
  #transactionQuerier(client: PoolClient, transaction: { begun: boolean }): Querier {
    const inner = this.#querier(client);
    const begin = async (text: string, values: unknown[]): Promise<unknown[] | undefined> => {
      transaction.begun = true;
      if (!values.every((value) => Number.isSafeInteger(value))) {
        await client.query('BEGIN');
        return undefined;
      }
      const inlined = text.replace(/\$(\d+)/g, (_, index: string) => String(values[Number(index) - 1]));
      const results = (await client.query({ text: `BEGIN; ${inlined}`, types: TYPES })) as unknown as QueryResult[];
      return (results[1] as QueryResult).rows;
    };
    return {
      rows: async <R extends QueryResultRow>(text: string, values: unknown[]) => {
        if (!transaction.begun) {
          const rows = await begin(text, values);
          if (rows !== undefined) return rows as R[];
        }
        return inner.rows<R>(text, values);
      },
      arrays: async (text: string, values: unknown[]) => {
        if (!transaction.begun) await begin('SELECT 1', [Number.NaN]);
        return inner.arrays(text, values);
      },
    };
  }
}

function checkTemplateNames(template: PreparedTrialTemplate): void {
  for (const param of template.params) checkName('param name', param.name);
  for (const attr of template.userAttrs) checkName('key', attr.key);
  for (const attr of template.systemAttrs) checkName('key', attr.key);
}

/** The rows a just-inserted template became, so that `createTrial` needs no read back. */
function rowsOfTemplate(template: PreparedTrialTemplate, trialId: number, number: number, start: string | null, complete: string | null): OptunaTrialRows {
  return {
    trial: { trialId, number, state: template.optunaState, datetimeStart: start, datetimeComplete: complete },
    params: template.params.map((p) => ({ name: p.name, value: p.internal, distributionJson: p.distributionJson })),
    values: template.values?.rows ?? [],
    intermediateValues: template.intermediateValues.map((v) => ({ step: v.step, value: v.stored.value, valueType: v.stored.valueType })),
    userAttrs: template.userAttrs,
    systemAttrs: template.systemAttrs,
  };
}
