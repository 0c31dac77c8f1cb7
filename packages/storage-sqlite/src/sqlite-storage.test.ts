import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import {
  OPTUNA_SCHEMA_HEAD,
  StorageError,
  StudyNotFoundError,
  TrialNotFoundError,
  UpdateFinishedTrialError,
  categoricalDistribution,
  distributionToJson,
  floatDistribution,
  formatOptunaDatetime,
  intDistribution,
} from '@tunekit/core';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { tempDirectory } from './__fixtures__/temp-database.js';
import { openStorage } from './open-storage.js';
import { OPTUNA_SQLITE_SCHEMA } from './sqlite-schema.js';
import { SQLiteStorage } from './sqlite-storage.js';

let dir: ReturnType<typeof tempDirectory>;
const open: SQLiteStorage[] = [];

function storageAt(path: string, options: Partial<ConstructorParameters<typeof SQLiteStorage>[0]> = {}): SQLiteStorage {
  const storage = new SQLiteStorage({ path, ...options });
  open.push(storage);
  return storage;
}

function raw(path: string): Database.Database {
  return new Database(path);
}

function sha(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

beforeEach(() => {
  dir = tempDirectory();
});
afterEach(async () => {
  for (const storage of open.splice(0)) await storage.close();
  dir.remove();
});

describe('SQLiteStorage: the database file', () => {
  it("creates exactly Optuna 3.1's schema, stamped v3.0.0.d, in WAL mode", async () => {
    const path = dir.path('fresh.db');
    const storage = storageAt(path);
    await storage.close();
    const db = raw(path);
    const objects = db.prepare("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name").all();
    expect(objects).toEqual(OPTUNA_SQLITE_SCHEMA.map(({ type, name, sql }) => ({ type, name, sql })).sort((a, b) => (a.name < b.name ? -1 : 1)));
    expect(db.prepare('SELECT version_num FROM alembic_version').pluck().all()).toEqual([OPTUNA_SCHEMA_HEAD]);
    expect(db.prepare('SELECT * FROM version_info').get()).toEqual({ version_info_id: 1, schema_version: 12, library_version: '3.1.0+tunekit' });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('keeps everything across reopening, and a second open leaves the schema alone', async () => {
    const path = dir.path('persist.db');
    const first = storageAt(path);
    const study = await first.createStudy({ studyName: 'persist', directions: ['maximize', 'minimize'] });
    await first.setStudyUserAttr(study.studyId, 'note', { a: [1, 'b'] });
    const trial = await first.createTrial(study.studyId);
    await first.setTrialParam(trial!.trialId, 'x', 0.25, floatDistribution(0, 1));
    await first.setTrialState(trial!.trialId, 'complete', [1, Number.NEGATIVE_INFINITY]);
    await first.close();

    const second = storageAt(path);
    const again = await second.getStudyByName('persist');
    expect(again).toEqual({ studyId: study.studyId, studyName: 'persist', directions: ['maximize', 'minimize'], userAttrs: { note: { a: [1, 'b'] } }, systemAttrs: {} });
    const [stored] = await second.getAllTrials(study.studyId);
    expect(stored).toMatchObject({ number: 0, state: 'complete', values: [1, Number.NEGATIVE_INFINITY], params: { x: 0.25 } });
  });

  it("stores Optuna's representation: enum names, naive local datetimes, value types, distribution JSON", async () => {
    const path = dir.path('rows.db');
    let clock = Date.UTC(2024, 2, 3, 4, 5, 6, 789);
    const storage = storageAt(path, { now: () => clock });
    const study = await storage.createStudy({ studyName: 'rows', directions: ['maximize'] });
    const trial = (await storage.createTrial(study.studyId))!;
    const dist = intDistribution(1, 1024, { log: true });
    await storage.setTrialParam(trial.trialId, 'units', 64, dist);
    await storage.setTrialParam(trial.trialId, 'act', 1, categoricalDistribution(['relu', null]));
    await storage.setTrialIntermediateValue(trial.trialId, 0, Number.NaN);
    await storage.setTrialIntermediateValue(trial.trialId, 1, Number.POSITIVE_INFINITY);
    await storage.setTrialIntermediateValue(trial.trialId, 2, [0.5, 7]);
    await storage.setTrialUserAttr(trial.trialId, 'u', 'ü');
    clock += 1500;
    await storage.setTrialState(trial.trialId, 'complete', [Number.POSITIVE_INFINITY]);

    const db = raw(path);
    expect(db.prepare('SELECT direction FROM study_directions').pluck().all()).toEqual(['MAXIMIZE']);
    expect(db.prepare('SELECT number, state, datetime_start, datetime_complete FROM trials').get()).toEqual({
      number: 0,
      state: 'COMPLETE',
      datetime_start: formatOptunaDatetime(Date.UTC(2024, 2, 3, 4, 5, 6, 789)),
      datetime_complete: formatOptunaDatetime(clock),
    });
    expect(db.prepare('SELECT param_name, param_value, distribution_json FROM trial_params ORDER BY param_id').all()).toEqual([
      { param_name: 'units', param_value: 64, distribution_json: distributionToJson(dist) },
      { param_name: 'act', param_value: 1, distribution_json: '{"name":"CategoricalDistribution","attributes":{"choices":["relu",null]}}' },
    ]);
    expect(db.prepare('SELECT objective, value, value_type FROM trial_values').all()).toEqual([{ objective: 0, value: null, value_type: 'INF_POS' }]);
    expect(db.prepare('SELECT step, intermediate_value AS v, intermediate_value_type AS t FROM trial_intermediate_values ORDER BY step').all()).toEqual([
      { step: 0, v: null, t: 'NAN' },
      { step: 1, v: null, t: 'INF_POS' },
      { step: 2, v: 0.5, t: 'FINITE' },
    ]);
    expect(db.prepare('SELECT "key", value_json FROM trial_system_attributes').all()).toEqual([{ key: 'tunekit:intermediate_value:2', value_json: '[0.5,7]' }]);
    expect(db.prepare('SELECT "key", value_json FROM trial_user_attributes').all()).toEqual([{ key: 'u', value_json: '"ü"' }]);
    db.close();

    const read = await storage.getTrial(trial.trialId);
    expect([...read.intermediateValues]).toEqual([
      [0, Number.NaN],
      [1, Number.POSITIVE_INFINITY],
      [2, [0.5, 7]],
    ]);
    expect(read.systemAttrs).toEqual({});
    expect(read.datetimeComplete?.getTime()).toBe(clock);
  });

  it("refuses to let users write tunekit's reserved system attrs", async () => {
    const storage = storageAt(dir.path('reserved.db'));
    const study = await storage.createStudy({ studyName: 's', directions: ['minimize'] });
    const trial = (await storage.createTrial(study.studyId))!;
    await expect(storage.setTrialSystemAttr(trial.trialId, 'tunekit:values', [1])).rejects.toThrow(/reserved/);
    await expect(storage.setTrialSystemAttr(trial.trialId, 'tunekit:intermediate_value:0', 1)).rejects.toThrow(/reserved/);
    expect((await storage.getTrial(trial.trialId)).systemAttrs).toEqual({});
  });

  it('opens through openStorage and SQLiteStorage.fromUrl, resolving relative paths', async () => {
    const path = dir.path('url.db');
    const storage = (await openStorage(`sqlite://${path}`)) as SQLiteStorage;
    open.push(storage);
    expect(storage.path).toBe(path);
    expect(storage.label).toBe(`sqlite:${path}`);
    await storage.createStudy({ studyName: 'via-url', directions: ['minimize'] });
    const memory = SQLiteStorage.fromUrl('sqlite::memory:');
    open.push(memory);
    expect(memory.path).toBe(':memory:');
    expect(await memory.getAllStudies()).toEqual([]);
    const relative = SQLiteStorage.fromUrl('sqlite:./relative-test.db');
    expect(relative.path).toBe(`${process.cwd()}/relative-test.db`);
    await relative.close();
    (await import('node:fs')).rmSync(relative.path, { force: true });
    (await import('node:fs')).rmSync(`${relative.path}-wal`, { force: true });
    (await import('node:fs')).rmSync(`${relative.path}-shm`, { force: true });
  });
});

describe('SQLiteStorage: schema versions', () => {
  async function stamp(path: string, revision: string): Promise<void> {
    await new SQLiteStorage({ path, wal: false }).close();
    const db = raw(path);
    db.prepare('UPDATE alembic_version SET version_num = ?').run(revision);
    db.close();
  }

  it('refuses a database of a newer Optuna, naming its revision, and does not modify the file', async () => {
    const path = dir.path('newer.db');
    await stamp(path, 'v3.2.0.a');
    const before = sha(path);
    let error: unknown;
    try {
      new SQLiteStorage({ path });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(StorageError);
    expect(error).toMatchObject({ code: 'STORAGE_SCHEMA_VERSION', storage: `sqlite:${path}` });
    expect((error as Error).message).toContain("'v3.2.0.a'");
    expect((error as Error).message).toContain('v3.0.0.d');
    expect(sha(path)).toBe(before);
    expect(existsSync(`${path}-wal`)).toBe(false);
    const db = raw(path);
    expect(db.pragma('journal_mode', { simple: true })).toBe('delete');
    db.close();
  });

  it('refuses revisions too old to migrate and Optuna-like tables without a revision', async () => {
    const old = dir.path('old.db');
    await stamp(old, 'v1.3.0.a');
    expect(() => new SQLiteStorage({ path: old })).toThrow(/'v1\.3\.0\.a' \(Optuna 1\.3–2\.3\), too old.*optuna storage upgrade/);

    const bare = dir.path('bare.db');
    const db = raw(bare);
    db.exec('CREATE TABLE studies (study_id INTEGER PRIMARY KEY, study_name TEXT)');
    db.close();
    const before = sha(bare);
    expect(() => new SQLiteStorage({ path: bare })).toThrow(/no alembic_version revision/);
    expect(sha(bare)).toBe(before);
  });

  it('wraps driver failures in StorageError naming the path, with the cause', () => {
    const path = dir.path('missing/dir/x.db');
    let error: unknown;
    try {
      new SQLiteStorage({ path });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(StorageError);
    expect((error as Error).message).toContain(path);
    expect((error as Error).cause).toBeInstanceOf(Error);
  });
});

describe('SQLiteStorage: several connections on one file', () => {
  it('sees trials other connections create and change; finished trials come from the cache', async () => {
    const path = dir.path('shared.db');
    const a = storageAt(path);
    const b = storageAt(path);
    const study = await a.createStudy({ studyName: 'shared', directions: ['minimize'] });
    expect(await b.getAllTrials(study.studyId)).toEqual([]);
    const t0 = (await a.createTrial(study.studyId))!;
    const t1 = (await a.createTrial(study.studyId))!;
    expect((await b.getAllTrials(study.studyId)).map((t) => [t.number, t.state])).toEqual([
      [0, 'running'],
      [1, 'running'],
    ]);
    await a.setTrialParam(t0.trialId, 'x', 0.5, floatDistribution(0, 1));
    await a.setTrialState(t0.trialId, 'complete', [2]);
    await a.setTrialIntermediateValue(t1.trialId, 3, 0.75);
    const seen = await b.getAllTrials(study.studyId);
    expect(seen[0]).toMatchObject({ state: 'complete', values: [2], params: { x: 0.5 } });
    expect([...seen[1]!.intermediateValues]).toEqual([[3, 0.75]]);
    // Nothing changed: the same frozen records come back, and a returned array is the caller's.
    const again = await b.getAllTrials(study.studyId);
    expect(again[0]).toBe(seen[0]);
    (again as unknown[]).length = 0;
    expect(await b.getAllTrials(study.studyId)).toHaveLength(2);
    expect(await b.getTrial(t0.trialId)).toBe(seen[0]);
    expect(await b.getAllTrials(study.studyId, { states: ['running'] })).toEqual([seen[1]]);
    await b.setTrialState(t1.trialId, 'pruned');
    expect((await a.getAllTrials(study.studyId)).map((t) => t.state)).toEqual(['complete', 'pruned']);
    await expect(a.setTrialUserAttr(t1.trialId, 'k', 1)).rejects.toBeInstanceOf(UpdateFinishedTrialError);
  });

  it('numbers trials, hands out waiting trials oldest first and applies maxTrials exactly while two connections interleave writes and reads', async () => {
    const path = dir.path('interleave.db');
    const connections = [storageAt(path), storageAt(path)];
    const [a, b] = connections as [SQLiteStorage, SQLiteStorage];
    const study = await a.createStudy({ studyName: 'interleave', directions: ['minimize'] });
    // The cached path (count only the trials after the last cached one) must be the one exercised.
    const statements = (a as unknown as { s: Record<string, { get: () => unknown }> }).s;
    const anchored = vi.spyOn(statements.countForCreateAfter!, 'get');
    const anchoredWaiting = vi.spyOn(statements.oldestWaitingAmong!, 'get');
    let seed = 12345;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const cap = 60;
    let expectedNumber = 0;
    const open: number[] = [];
    const waiting: number[] = [];
    for (let step = 0; step < 600; step++) {
      const storage = connections[random() < 0.5 ? 0 : 1]!;
      const action = random();
      if (action < 0.1) {
        const trial = await storage.createTrial(study.studyId, { template: { state: 'waiting' } });
        expect(trial?.number).toBe(expectedNumber++);
        waiting.push(trial!.trialId);
      } else if (action < 0.2) {
        const capped = await storage.countTrials(study.studyId, ['running', 'complete', 'pruned']);
        const claimed = await storage.claimWaitingTrial(study.studyId, { maxTrials: cap });
        if (waiting.length === 0 || capped >= cap) expect(claimed).toBeUndefined();
        else {
          expect(claimed?.trialId).toBe(waiting.shift());
          open.push(claimed!.trialId);
        }
      } else if (action < 0.55) {
        const capped = await storage.countTrials(study.studyId, ['running', 'complete', 'pruned']);
        const trial = await storage.createTrial(study.studyId, { maxTrials: cap });
        if (capped >= cap) expect(trial).toBeUndefined();
        else {
          expect(trial?.number).toBe(expectedNumber++);
          open.push(trial!.trialId);
        }
      } else if (action < 0.8 && open.length > 0) {
        const [trialId] = open.splice(Math.floor(random() * open.length), 1) as [number];
        const state = (['complete', 'pruned', 'fail'] as const)[Math.floor(random() * 3)]!;
        await storage.setTrialState(trialId, state, state === 'complete' ? [1] : undefined);
      } else {
        const trials = await storage.getAllTrials(study.studyId);
        expect(trials.map((trial) => trial.number)).toEqual(trials.map((_, index) => index));
      }
    }
    expect(await a.countTrials(study.studyId, ['running', 'complete', 'pruned'])).toBe(cap);
    expect(await b.countTrials(study.studyId)).toBe(expectedNumber);
    expect(anchored).toHaveBeenCalled();
    expect(anchoredWaiting).toHaveBeenCalled();
  });

  it('does not serve stale cached trials when another connection deletes a study and SQLite reuses its ids', async () => {
    const path = dir.path('reuse.db');
    const a = storageAt(path);
    const b = storageAt(path);
    const old = await a.createStudy({ studyName: 'old', directions: ['minimize'] });
    const oldTrial = (await a.createTrial(old.studyId))!;
    await a.setTrialState(oldTrial.trialId, 'complete', [1]);
    expect((await b.getAllTrials(old.studyId))[0]?.values).toEqual([1]);
    expect((await b.getTrial(oldTrial.trialId)).values).toEqual([1]);

    await a.deleteStudy(old.studyId);
    const reborn = await a.createStudy({ studyName: 'new', directions: ['minimize'] });
    expect(reborn.studyId).toBe(old.studyId); // SQLite hands out max(id) + 1 again
    const newTrial = (await a.createTrial(reborn.studyId))!;
    expect(newTrial.trialId).toBe(oldTrial.trialId);
    await a.setTrialState(newTrial.trialId, 'fail');

    expect((await b.getAllTrials(reborn.studyId)).map((t) => [t.trialId, t.state])).toEqual([[newTrial.trialId, 'fail']]);
    expect((await b.getTrial(newTrial.trialId)).state).toBe('fail');
    await a.deleteStudy(reborn.studyId);
    await expect(b.getAllTrials(reborn.studyId)).rejects.toBeInstanceOf(StudyNotFoundError);
    await expect(b.getTrial(newTrial.trialId)).rejects.toBeInstanceOf(TrialNotFoundError);
  });

  it('waits for a lock held by another connection instead of failing with "database is locked"', async () => {
    const path = dir.path('busy.db');
    const storage = storageAt(path);
    const study = await storage.createStudy({ studyName: 'busy', directions: ['minimize'] });
    const other = raw(path);
    other.exec('BEGIN IMMEDIATE');
    const released = new Promise<void>((resolve) =>
      setTimeout(() => {
        other.exec('COMMIT');
        resolve();
      }, 300),
    );
    const start = performance.now();
    const trial = await storage.createTrial(study.studyId);
    expect(trial?.number).toBe(0);
    expect(performance.now() - start).toBeGreaterThanOrEqual(250);
    await released;
    other.close();
  });

  it('gives up after busyTimeoutMs with a StorageError (STORAGE_BUSY), having written nothing', async () => {
    const path = dir.path('stuck.db');
    const storage = storageAt(path, { busyTimeoutMs: 150 });
    const study = await storage.createStudy({ studyName: 'stuck', directions: ['minimize'] });
    const other = raw(path);
    other.exec('BEGIN IMMEDIATE');
    const error = await storage.createTrial(study.studyId).catch((caught: unknown) => caught);
    other.exec('COMMIT');
    other.close();
    expect(error).toBeInstanceOf(StorageError);
    expect(error).toMatchObject({ code: 'STORAGE_BUSY' });
    expect((error as Error).message).toContain(path);
    expect(await storage.countTrials(study.studyId)).toBe(0);
  });
});

describe('SQLiteStorage: heartbeats', () => {
  it("writes heartbeats in Optuna's trial_heartbeats table (UTC) and fails stale trials once, recording why", async () => {
    const path = dir.path('heartbeat.db');
    let clock = Date.UTC(2024, 5, 1, 10, 0, 0);
    const a = storageAt(path, { now: () => clock });
    const b = storageAt(path, { now: () => clock });
    const study = await a.createStudy({ studyName: 'hb', directions: ['minimize'] });
    const alive = (await a.createTrial(study.studyId))!;
    const dead = (await a.createTrial(study.studyId))!;
    const silent = (await a.createTrial(study.studyId))!;
    await a.recordHeartbeat(alive.trialId);
    await a.recordHeartbeat(dead.trialId);
    const db = raw(path);
    expect(db.prepare('SELECT heartbeat FROM trial_heartbeats WHERE trial_id = ?').pluck().get(dead.trialId)).toBe('2024-06-01 10:00:00.000000');
    db.close();

    clock += 5_000;
    await a.recordHeartbeat(alive.trialId);
    clock += 2_000;
    const [first, second] = await Promise.all([a.failStaleTrials(study.studyId, 3_000), b.failStaleTrials(study.studyId, 3_000)]);
    const failed = [...first!, ...second!];
    expect(failed.map((trial) => trial.trialId)).toEqual([dead.trialId]);
    expect(failed[0]).toMatchObject({ state: 'fail', systemAttrs: { fail_reason: 'Heartbeat stopped: no sign of life for 7000 ms (grace period 3000 ms)' } });
    expect(failed[0]?.datetimeComplete?.getTime()).toBe(clock);
    expect((await b.getTrial(alive.trialId)).state).toBe('running');
    expect((await b.getTrial(silent.trialId)).state).toBe('running');
    // Heartbeats of finished trials are ignored; unknown trials are an error.
    await a.recordHeartbeat(dead.trialId);
    await expect(a.recordHeartbeat(99_999)).rejects.toBeInstanceOf(TrialNotFoundError);
  });
});

describe('SQLiteStorage: closing', () => {
  it('is idempotent, and later calls reject with a StorageError', async () => {
    const storage = new SQLiteStorage({ path: dir.path('closed.db') });
    await storage.close();
    await storage.close();
    await expect(storage.getAllStudies()).rejects.toMatchObject({ name: 'StorageError', code: 'STORAGE_CLOSED' });
    await expect(storage.getTrial(1)).rejects.toMatchObject({ code: 'STORAGE_CLOSED' });
  });
});
