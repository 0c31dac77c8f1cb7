import {
  InvalidArgumentError,
  ParamConflictError,
  StorageError,
  StudyNotFoundError,
  TunekitError,
  floatDistribution,
  intDistribution,
} from '@tunekit/core';
import type { FrozenTrial } from '@tunekit/core/protocol';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { databaseError, instrumentPool } from './__fixtures__/instrumented-pool.js';
import { TEST_POSTGRES_URL, adminQuery, randomSuffix, testSchema } from './__fixtures__/postgres-test-database.js';
import { openStorage } from './open-storage.js';
import { PostgresStorage } from './postgres-storage.js';

const schema = testSchema('storage');
const q = (table: string): string => `${pg.escapeIdentifier(schema.schema)}.${table}`;
const opened: PostgresStorage[] = [];
const pools: pg.Pool[] = [];

function storage(options: { maxRetries?: number } = {}): PostgresStorage {
  const created = new PostgresStorage({ connectionString: schema.connectionString, poolConfig: { max: 4 } }, { schema: schema.schema, ...options });
  opened.push(created);
  return created;
}

function userPool(): pg.Pool {
  const pool = new pg.Pool({ connectionString: schema.connectionString, max: 4 });
  pools.push(pool);
  return pool;
}

function defined<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('expected a value');
  return value;
}

async function rejection(promise: Promise<unknown>): Promise<TunekitError> {
  try {
    await promise;
  } catch (error) {
    if (TunekitError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});
afterAll(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.end()));
  await schema.drop();
});

describe('connections and pools', () => {
  it('borrows a pool you pass and never ends it', async () => {
    const pool = userPool();
    const borrowed = new PostgresStorage({ pool }, { schema: schema.schema });
    const study = await borrowed.createStudy({ studyName: `borrowed-${randomSuffix()}`, directions: ['minimize'] });
    await borrowed.close();
    await borrowed.close();
    expect((await pool.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    const again = new PostgresStorage({ pool }, { schema: schema.schema });
    expect((await again.getStudy(study.studyId)).studyName).toBe(study.studyName);
    await again.close();
  });

  it('ends the pool it made on close; later calls fail with a StorageError (STORAGE_CLOSED)', async () => {
    const own = storage();
    await own.createStudy({ studyName: `own-${randomSuffix()}`, directions: ['minimize'] });
    await own.close();
    const error = await rejection(own.getAllStudies());
    expect(error).toBeInstanceOf(StorageError);
    expect(error.code).toBe('STORAGE_CLOSED');
  });

  it('openStorage, fromUrl and the ?schema= URL parameter open the same schema', async () => {
    const name = `url-${randomSuffix()}`;
    const viaUrl = await openStorage(`${schema.connectionString}?schema=${schema.schema}&application_name=tunekit-test`);
    try {
      await viaUrl.createStudy({ studyName: name, directions: ['maximize'] });
    } finally {
      await viaUrl.close();
    }
    const viaHandle = await openStorage({ connectionString: schema.connectionString, schema: schema.schema });
    const viaFromUrl = PostgresStorage.fromUrl(schema.connectionString, { schema: schema.schema });
    try {
      expect((await viaHandle.getStudyByName(name)).directions).toEqual(['maximize']);
      expect((await viaFromUrl.getStudyByName(name)).directions).toEqual(['maximize']);
    } finally {
      await viaHandle.close();
      await viaFromUrl.close();
    }
    // Nothing landed in the default schema.
    const [row] = await adminQuery<{ found: boolean }>("SELECT to_regclass('public.tunekit_nonexistent') IS NULL AS found");
    expect(row?.found).toBe(true);
  });

  it('follows a search_path set with the options URL parameter, as Python Optuna would', async () => {
    const other = testSchema('search_path');
    await adminQuery(`CREATE SCHEMA ${pg.escapeIdentifier(other.schema)}`);
    try {
      const viaOptions = await openStorage(`${other.connectionString}?options=${encodeURIComponent(`-c search_path=${other.schema}`)}`);
      try {
        await viaOptions.createStudy({ studyName: 'in-search-path', directions: ['minimize'] });
      } finally {
        await viaOptions.close();
      }
      const rows = await adminQuery(`SELECT study_name FROM ${pg.escapeIdentifier(other.schema)}.studies`);
      expect(rows).toEqual([{ study_name: 'in-search-path' }]);
    } finally {
      await other.drop();
    }
  });

  it('an unreachable server gives a StorageError naming host:port, without the password', async () => {
    const url = 'postgres://postgres:s3cret-pw@127.0.0.1:1/test';
    const unreachable = new PostgresStorage({ connectionString: url });
    const error = await rejection(unreachable.createStudy({ studyName: 'x', directions: ['minimize'] }));
    await unreachable.close();
    expect(error).toBeInstanceOf(StorageError);
    expect(error.code).toBe('STORAGE_UNREACHABLE');
    expect(error.message).toContain('127.0.0.1:1');
    expect(error.message).toContain('connection refused');
    expect(error.message).not.toContain('s3cret-pw');
    expect((error as StorageError).storage).toBe('postgres://postgres:***@127.0.0.1:1/test');
    expect(error.cause).toBeDefined();
    const fromOpen = await rejection(openStorage(url));
    expect(fromOpen.code).toBe('STORAGE_UNREACHABLE');
  });

  it('a missing database gives a StorageError with its SQLSTATE and the driver error as cause', async () => {
    const url = new URL(TEST_POSTGRES_URL);
    url.pathname = `/tunekit_missing_${randomSuffix()}`;
    const missing = new PostgresStorage({ connectionString: url.toString() });
    const error = await rejection(missing.getAllStudies());
    await missing.close();
    expect(error).toBeInstanceOf(StorageError);
    expect(error.message).toContain('3D000');
    expect(error.message).toContain('does not exist');
    expect((error.cause as { code?: string }).code).toBe('3D000');
  });

  it('refuses connection strings that are not postgres URLs and bad options (InvalidArgumentError)', () => {
    expect(() => new PostgresStorage({ connectionString: 'mysql://localhost/db' })).toThrow(InvalidArgumentError);
    expect(() => new PostgresStorage({ connectionString: 42 as unknown as string })).toThrow(InvalidArgumentError);
    expect(() => new PostgresStorage({ pool: {} as pg.Pool })).toThrow(InvalidArgumentError);
    expect(() => new PostgresStorage({ connectionString: TEST_POSTGRES_URL }, { schema: '' })).toThrow(InvalidArgumentError);
    expect(() => new PostgresStorage({ connectionString: TEST_POSTGRES_URL }, { maxRetries: -1 })).toThrow(InvalidArgumentError);
  });
});

describe('reading trials', () => {
  const trialsStatement = 'AND (trial_id > $2 OR state IN';
  const fullStatement = 'THEN 1 ELSE 0 END';

  /** Rows of kind 0 (trial heads) and 1–5 (child rows) in the logged answers to `fragment`. */
  function transferred(log: { text: string; rows: readonly unknown[] }[], fragment: string): { heads: number; children: number } {
    const rows = log.filter((entry) => entry.text.includes(fragment)).flatMap((entry) => entry.rows as unknown[][]);
    return { heads: rows.filter((row) => row[0] === 0).length, children: rows.filter((row) => (row[0] as number) >= 1 && (row[0] as number) <= 5).length };
  }

  it('keeps finished records and transfers only new or unfinished trials', async () => {
    const instrumented = instrumentPool(userPool());
    const reader = new PostgresStorage({ pool: instrumented.pool }, { schema: schema.schema });
    opened.push(reader);
    const study = await reader.createStudy({ studyName: `cache-${randomSuffix()}`, directions: ['minimize'] });
    for (let i = 0; i < 20; i++) {
      const trial = defined(await reader.createTrial(study.studyId));
      for (const name of ['a', 'b', 'c']) await reader.setTrialParam(trial.trialId, name, i, intDistribution(0, 100));
      await reader.setTrialState(trial.trialId, 'complete', [i]);
    }
    const first = await reader.getAllTrials(study.studyId);
    expect(first).toHaveLength(20);

    instrumented.log.length = 0;
    const second = await reader.getAllTrials(study.studyId);
    expect(transferred(instrumented.log, trialsStatement)).toEqual({ heads: 0, children: 0 });
    expect(second.every((trial, index) => trial === first[index]), 'finished records are reused').toBe(true);

    const running = defined(await reader.createTrial(study.studyId));
    await reader.setTrialParam(running.trialId, 'a', 1, intDistribution(0, 100));
    instrumented.log.length = 0;
    const third = await reader.getAllTrials(study.studyId);
    expect(transferred(instrumented.log, trialsStatement)).toEqual({ heads: 1, children: 1 });
    expect(third.slice(0, 20).every((trial, index) => trial === first[index])).toBe(true);
    expect(third[20]?.params).toEqual({ a: 1 });

    await reader.setTrialState(running.trialId, 'pruned');
    instrumented.log.length = 0;
    expect((await reader.getAllTrials(study.studyId))[20]?.state).toBe('pruned');
    expect(transferred(instrumented.log, trialsStatement).heads, 'the trial unfinished at the last read is read once more').toBe(1);
    instrumented.log.length = 0;
    await reader.getAllTrials(study.studyId);
    expect(transferred(instrumented.log, trialsStatement)).toEqual({ heads: 0, children: 0 });
    expect(instrumented.log.some((entry) => entry.text.includes(fullStatement)), 'no fallback to the full head scan').toBe(false);
  });

  it('finds a finished trial that another writer committed after a trial with a higher id was read', async () => {
    const instrumented = instrumentPool(userPool());
    const reader = new PostgresStorage({ pool: instrumented.pool }, { schema: schema.schema });
    opened.push(reader);
    const study = await reader.createStudy({ studyName: `out-of-order-${randomSuffix()}`, directions: ['minimize'] });
    // An id handed out before the trials below, committed after them (as a writer that does not
    // lock the study, such as Python Optuna, can do).
    const [reserved] = await adminQuery<{ id: number }>(`SELECT nextval(pg_get_serial_sequence($1, 'trial_id'))::int AS id`, [q('trials')]);
    for (let i = 0; i < 2; i++) await reader.setTrialState(defined(await reader.createTrial(study.studyId)).trialId, 'complete', [i]);
    expect(await reader.getAllTrials(study.studyId)).toHaveLength(2);
    const lateId = defined(reserved).id;
    await adminQuery(
      `WITH t AS (INSERT INTO ${q('trials')} (trial_id, number, study_id, state, datetime_start, datetime_complete) VALUES ($1, 2, $2, 'COMPLETE', '2024-01-01 00:00:00', '2024-01-01 00:00:01') RETURNING trial_id)
       INSERT INTO ${q('trial_values')} (trial_id, objective, value, value_type) SELECT trial_id, 0, 42.5, 'FINITE' FROM t`,
      [lateId, study.studyId],
    );
    instrumented.log.length = 0;
    const all = await reader.getAllTrials(study.studyId);
    expect(all.map((trial) => trial.number)).toEqual([0, 1, 2]);
    expect(all[2]).toMatchObject({ trialId: lateId, state: 'complete', values: [42.5] });
    expect(instrumented.log.some((entry) => entry.text.includes(fullStatement)), 'the count mismatch triggers the full head scan').toBe(true);
    instrumented.log.length = 0;
    expect(await reader.getAllTrials(study.studyId)).toEqual(all);
    expect(instrumented.log.some((entry) => entry.text.includes(fullStatement)), 'and the cache is whole again').toBe(false);
  });

  it('sees what other storage instances (other pools) write, and a study they delete', async () => {
    const writer = storage();
    const reader = storage();
    const study = await writer.createStudy({ studyName: `two-pools-${randomSuffix()}`, directions: ['minimize'] });
    const trial = defined(await writer.createTrial(study.studyId));
    expect((await reader.getAllTrials(study.studyId)).map((t) => t.state)).toEqual(['running']);
    await writer.setTrialUserAttr(trial.trialId, 'k', 'v');
    await writer.setTrialIntermediateValue(trial.trialId, 3, 0.5);
    expect((await reader.getAllTrials(study.studyId))[0]).toMatchObject({ userAttrs: { k: 'v' } });
    await writer.setTrialState(trial.trialId, 'complete', [1]);
    await writer.createTrial(study.studyId, { template: { state: 'waiting' } });
    const seen = await reader.getAllTrials(study.studyId);
    expect(seen.map((t) => t.state)).toEqual(['complete', 'waiting']);
    expect(seen[0]?.intermediateValues.get(3)).toBe(0.5);
    await writer.deleteStudy(study.studyId);
    await expect(reader.getAllTrials(study.studyId)).rejects.toBeInstanceOf(StudyNotFoundError);
  });
});

describe('finished is final under races', () => {
  it('writes racing a finish either land before it or fail with UpdateFinishedTrialError; none lands after', async () => {
    const [a, b, finisher] = [storage(), storage(), storage()];
    const study = await a.createStudy({ studyName: `finish-race-${randomSuffix()}`, directions: ['minimize'] });
    await finisher.getStudy(study.studyId); // connected, so that the finish is not slowed by opening
    const outcomes = { landed: 0, refused: 0 };
    for (let round = 0; round < 6; round++) {
      const trial = defined(await a.createTrial(study.studyId));
      const writes = Array.from({ length: 40 }, (_, i) => {
        const writer = i % 2 === 0 ? a : b;
        const write =
          i % 4 === 0
            ? writer.setTrialParam(trial.trialId, `p${i}`, i, intDistribution(0, 100))
            : i % 4 === 1
              ? writer.setTrialIntermediateValue(trial.trialId, i, i)
              : writer.setTrialUserAttr(trial.trialId, `u${i}`, i);
        return write.then(
          () => ({ i, ok: true }),
          (error: unknown) => ({ i, ok: false, name: (error as Error).name }),
        );
      });
      await new Promise((resolve) => setTimeout(resolve, round * 2));
      await finisher.setTrialState(trial.trialId, 'complete', [round]);
      const rightAfter = await a.getTrial(trial.trialId);
      const results = await Promise.all(writes);
      const final = await b.getTrial(trial.trialId);
      expect(final, 'nothing changed after the finish').toEqual(rightAfter);
      for (const result of results) {
        const present = `p${result.i}` in final.params || final.intermediateValues.has(result.i) || `u${result.i}` in final.userAttrs;
        expect(present, `write ${result.i} (${result.ok ? 'resolved' : 'rejected'}) is ${present ? '' : 'not '}stored`).toBe(result.ok);
        if (!result.ok) expect((result as { name?: string }).name).toBe('UpdateFinishedTrialError');
        outcomes[result.ok ? 'landed' : 'refused']++;
      }
    }
    expect(outcomes.landed, 'some writes landed before a finish').toBeGreaterThan(0);
    expect(outcomes.refused, 'some writes came after a finish').toBeGreaterThan(0);
  });
});

describe('deleteStudy', () => {
  it('removes the study and every row of its trials in all of Optuna’s tables, and nothing of other studies', async () => {
    const s = storage();
    const [doomed, kept] = [
      await s.createStudy({ studyName: `doomed-${randomSuffix()}`, directions: ['minimize', 'maximize'] }),
      await s.createStudy({ studyName: `kept-${randomSuffix()}`, directions: ['minimize'] }),
    ];
    for (const study of [doomed, kept]) {
      await s.setStudyUserAttr(study.studyId, 'u', 1);
      await s.setStudySystemAttr(study.studyId, 's', 2);
      for (let i = 0; i < 3; i++) {
        const trial = defined(await s.createTrial(study.studyId));
        await s.setTrialParam(trial.trialId, 'x', 0.5, floatDistribution(0, 1));
        await s.setTrialIntermediateValue(trial.trialId, 0, [1, 2]);
        await s.setTrialUserAttr(trial.trialId, 'k', 'v');
        await s.recordHeartbeat(trial.trialId);
        const objectives = study.directions.length;
        if (i === 0) await s.setTrialState(trial.trialId, 'complete', Array.from({ length: objectives }, () => 1));
        if (i === 1) await s.setTrialState(trial.trialId, 'pruned', Array.from({ length: objectives }, () => Number.NaN));
      }
    }
    const count = async (studyId: number): Promise<number[]> => {
      const tables = ['trial_params', 'trial_values', 'trial_intermediate_values', 'trial_user_attributes', 'trial_system_attributes', 'trial_heartbeats'];
      const perTrial = tables.map((table) => `(SELECT count(*)::int FROM ${q(table)} WHERE trial_id IN (SELECT trial_id FROM ${q('trials')} WHERE study_id = $1))`);
      const perStudy = ['trials', 'study_directions', 'study_user_attributes', 'study_system_attributes', 'studies'].map((table) => `(SELECT count(*)::int FROM ${q(table)} WHERE study_id = $1)`);
      const [row] = await adminQuery<{ counts: number[] }>(`SELECT ARRAY[${[...perTrial, ...perStudy].join(', ')}] AS counts`, [studyId]);
      return row?.counts ?? [];
    };
    const before = await count(kept.studyId);
    expect((await count(doomed.studyId)).every((n) => n > 0), 'every table had rows of the doomed study').toBe(true);
    await s.deleteStudy(doomed.studyId);
    expect(await count(doomed.studyId)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(await count(kept.studyId)).toEqual(before);
  });
});

describe('driver errors and retries', () => {
  it('retries deadlocks and serialization failures transparently, in transactions and single statements', async () => {
    const instrumented = instrumentPool(userPool());
    const retrying = new PostgresStorage({ pool: instrumented.pool }, { schema: schema.schema });
    opened.push(retrying);
    const study = await retrying.createStudy({ studyName: `retry-${randomSuffix()}`, directions: ['minimize'] });
    instrumented.failNext('WITH c AS (SELECT count(*) AS total', databaseError('40P01', 'deadlock detected'));
    instrumented.failNext('WITH c AS (SELECT count(*) AS total', databaseError('40001', 'could not serialize access'));
    const trial = defined(await retrying.createTrial(study.studyId));
    expect(trial.number).toBe(0);
    expect(instrumented.pendingFailures()).toBe(0);
    instrumented.failNext('AS p (trial_id, param_name', databaseError('40P01', 'deadlock detected'));
    await retrying.setTrialParam(trial.trialId, 'x', 0.5, floatDistribution(0, 1));
    instrumented.failNext('UPDATE', databaseError('40001', 'could not serialize access'));
    await retrying.setTrialState(trial.trialId, 'complete', [2]);
    expect(instrumented.pendingFailures()).toBe(0);
    expect(await retrying.getAllTrials(study.studyId)).toMatchObject([{ number: 0, state: 'complete', values: [2], params: { x: 0.5 } }]);
    expect(await retrying.countTrials(study.studyId)).toBe(1);
  });

  it('gives up after maxRetries, and wraps other driver errors in StorageError with the cause and SQLSTATE', async () => {
    const instrumented = instrumentPool(userPool());
    const failing = new PostgresStorage({ pool: instrumented.pool }, { schema: schema.schema, maxRetries: 1 });
    opened.push(failing);
    const study = await failing.createStudy({ studyName: `wrap-${randomSuffix()}`, directions: ['minimize'] });
    for (let i = 0; i < 2; i++) instrumented.failNext('WITH c AS (SELECT count(*) AS total', databaseError('40P01', 'deadlock detected'));
    const deadlock = await rejection(failing.createTrial(study.studyId));
    expect(instrumented.pendingFailures()).toBe(0);
    expect(deadlock).toBeInstanceOf(StorageError);
    expect(deadlock.message).toContain('40P01');
    const cause = databaseError('XX000', 'internal error from the driver');
    instrumented.failNext('json_agg', cause);
    const wrapped = await rejection(failing.getStudy(study.studyId));
    expect(wrapped).toBeInstanceOf(StorageError);
    expect(wrapped.cause).toBe(cause);
    expect(wrapped.message).toContain(`read study ${study.studyId}`);
    expect(wrapped.message).toContain('XX000');
    expect(await failing.countTrials(study.studyId)).toBe(0);
  });
});

describe('what Optuna’s columns can hold', () => {
  it('compares a stored distribution by value, not by its JSON text (Python writes other spacing and 0.0)', async () => {
    const s = storage();
    const study = await s.createStudy({ studyName: `py-json-${randomSuffix()}`, directions: ['minimize'] });
    const trial = defined(await s.createTrial(study.studyId));
    const pythonJson = '{"name": "FloatDistribution", "attributes": {"step": null, "low": 0.0, "high": 1.0, "log": false}}';
    await adminQuery(`INSERT INTO ${q('trial_params')} (trial_id, param_name, param_value, distribution_json) VALUES ($1, 'x', 0.1, $2)`, [trial.trialId, pythonJson]);
    await s.setTrialParam(trial.trialId, 'x', 0.25, floatDistribution(0, 1));
    const [row] = await adminQuery<{ param_value: number; distribution_json: string }>(`SELECT param_value, distribution_json FROM ${q('trial_params')} WHERE trial_id = $1`, [trial.trialId]);
    expect(row).toEqual({ param_value: 0.25, distribution_json: pythonJson });
    await expect(s.setTrialParam(trial.trialId, 'x', 0.25, floatDistribution(0, 2))).rejects.toBeInstanceOf(ParamConflictError);
    expect((await s.getTrial(trial.trialId)).params).toEqual({ x: 0.25 });
  });

  it('refuses names and keys longer than 512 characters or containing NUL, and steps beyond integer, before writing', async () => {
    const s = storage();
    const long = 'é'.repeat(513);
    await expect(s.createStudy({ studyName: long, directions: ['minimize'] })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(s.createStudy({ studyName: 'nul\u0000name', directions: ['minimize'] })).rejects.toBeInstanceOf(InvalidArgumentError);
    const exact = `${'🎉'.repeat(500)}${randomSuffix()}`; // 512 characters, 1012 UTF-16 units
    const study = await s.createStudy({ studyName: exact, directions: ['minimize'] });
    expect((await s.getStudyByName(exact)).studyId).toBe(study.studyId);
    const trial = defined(await s.createTrial(study.studyId));
    await expect(s.setTrialParam(trial.trialId, long, 1, intDistribution(0, 1))).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(s.setTrialUserAttr(trial.trialId, long, 1)).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(s.setStudySystemAttr(study.studyId, 'a\u0000b', 1)).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(s.createTrial(study.studyId, { template: { userAttrs: { [long]: 1 } } })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(s.setTrialIntermediateValue(trial.trialId, 2 ** 31, 1)).rejects.toBeInstanceOf(InvalidArgumentError);
    await s.setTrialIntermediateValue(trial.trialId, 2 ** 31 - 1, 1);
    const stored = await s.getTrial(trial.trialId);
    expect(stored.params).toEqual({});
    expect(stored.userAttrs).toEqual({});
    expect([...stored.intermediateValues.keys()]).toEqual([2 ** 31 - 1]);
    expect(await s.countTrials(study.studyId)).toBe(1);
  });
});

describe('heartbeats', () => {
  it('stamp heartbeats with the server clock: a worker whose clock is an hour behind is not failed', async () => {
    const s = storage();
    const study = await s.createStudy({ studyName: `skew-${randomSuffix()}`, directions: ['minimize'] });
    const trial = defined(await s.createTrial(study.studyId));
    const now = vi.spyOn(Date, 'now').mockReturnValue(Date.now() - 3_600_000);
    try {
      await s.recordHeartbeat(trial.trialId);
      expect(await s.failStaleTrials(study.studyId, 60_000)).toEqual([]);
    } finally {
      now.mockRestore();
    }
    const [beat] = await adminQuery<{ fresh: boolean }>(`SELECT LOCALTIMESTAMP - heartbeat < interval '1 minute' AS fresh FROM ${q('trial_heartbeats')} WHERE trial_id = $1`, [trial.trialId]);
    expect(beat?.fresh).toBe(true);
    // A heartbeat an hour old by the server's clock is stale, whatever the workers' clocks say.
    await adminQuery(`UPDATE ${q('trial_heartbeats')} SET heartbeat = LOCALTIMESTAMP - interval '1 hour' WHERE trial_id = $1`, [trial.trialId]);
    const [failed] = await s.failStaleTrials(study.studyId, 60_000);
    expect(failed).toMatchObject({ trialId: trial.trialId, state: 'fail' });
    expect(failed?.systemAttrs.fail_reason).toMatch(/^Heartbeat stopped: no sign of life for 36\d{5} ms \(grace period 60000 ms\)$/);
  });

  it('two storage instances (separate pools) failing stale trials at once fail each exactly once', async () => {
    const [a, b] = [storage(), storage()];
    const study = await a.createStudy({ studyName: `stale-race-${randomSuffix()}`, directions: ['minimize'] });
    const trials: FrozenTrial[] = [];
    for (let i = 0; i < 10; i++) trials.push(defined(await a.createTrial(study.studyId)));
    for (const trial of trials) await a.recordHeartbeat(trial.trialId);
    await adminQuery(`UPDATE ${q('trial_heartbeats')} SET heartbeat = heartbeat - interval '10 minutes' WHERE trial_id = ANY($1::int[])`, [trials.map((t) => t.trialId)]);
    const results = await Promise.all([a.failStaleTrials(study.studyId, 1000), b.failStaleTrials(study.studyId, 1000), a.failStaleTrials(study.studyId, 1000), b.failStaleTrials(study.studyId, 1000)]);
    const ids = results.flat().map((t) => t.trialId);
    expect(ids.sort((x, y) => x - y)).toEqual(trials.map((t) => t.trialId).sort((x, y) => x - y));
    const [reasons] = await adminQuery<{ n: number }>(`SELECT count(*)::int AS n FROM ${q('trial_system_attributes')} WHERE key = 'fail_reason' AND trial_id = ANY($1::int[])`, [ids]);
    expect(reasons?.n).toBe(10);
  });
});

describe('schema creation', () => {
  it('many storages opening an empty schema at once create Optuna’s tables exactly once', async () => {
    const fresh = testSchema('race');
    const racers = Array.from({ length: 6 }, () => new PostgresStorage({ connectionString: fresh.connectionString, poolConfig: { max: 1 } }, { schema: fresh.schema }));
    try {
      await Promise.all(racers.map((racer) => racer.open()));
      const name = `after-race-${randomSuffix()}`;
      await defined(racers[0]).createStudy({ studyName: name, directions: ['minimize'] });
      expect((await defined(racers[5]).getStudyByName(name)).studyName).toBe(name);
      const rows = await adminQuery<{ version_num: string }>(`SELECT version_num FROM ${pg.escapeIdentifier(fresh.schema)}.alembic_version`);
      expect(rows).toEqual([{ version_num: 'v3.0.0.d' }]);
      const info = await adminQuery(`SELECT version_info_id, schema_version, library_version FROM ${pg.escapeIdentifier(fresh.schema)}.version_info`);
      expect(info).toEqual([{ version_info_id: 1, schema_version: 12, library_version: '3.1.0+tunekit' }]);
    } finally {
      await Promise.all(racers.map((racer) => racer.close()));
      await fresh.drop();
    }
  });
});
