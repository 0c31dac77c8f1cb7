import { execFileSync, spawnSync } from 'node:child_process';
import { categoricalDistribution, distributionToJson, floatDistribution, intDistribution } from '@tunekit/core';
import type { FrozenTrial, StudyRecord } from '@tunekit/core/protocol';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixturePath, tempDirectory } from './__fixtures__/temp-database.js';
import { SQLiteStorage } from './sqlite-storage.js';

/**
 * Interop with the real Python Optuna 3.1 (Debian's python3-optuna, `/usr/bin/python3`): Python
 * reads what tunekit writes, tunekit reads what Python writes, and both agree on migrated
 * databases. The Python side lives in `__fixtures__/*.py`.
 */
const PYTHON = '/usr/bin/python3';
const probe = spawnSync(PYTHON, ['-c', 'import optuna, alembic; print(optuna.__version__)'], { encoding: 'utf8' });
const optunaVersion = probe.status === 0 ? probe.stdout.trim() : undefined;
const reason = optunaVersion === undefined ? ` (SKIPPED: ${PYTHON} cannot import optuna and alembic: ${(probe.stderr ?? String(probe.error)).trim().split('\n').pop()})` : ` (Python Optuna ${optunaVersion})`;

function python(script: string, args: string[], env: NodeJS.ProcessEnv = {}): string {
  return execFileSync(PYTHON, [fixturePath(script), ...args], { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
}

type PyFloat = { $float: 'nan' | 'inf' | '-inf' | '-0' };

/** Undo `optuna_dump.num`: `{ "$float": ... }` → the number, recursively. */
function fromPy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromPy);
  if (typeof value === 'object' && value !== null) {
    if ('$float' in value) return { nan: Number.NaN, inf: Number.POSITIVE_INFINITY, '-inf': Number.NEGATIVE_INFINITY, '-0': -0 }[(value as PyFloat).$float];
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fromPy(item)]));
  }
  return value;
}

interface PyTrial {
  number: number;
  state: string;
  values: number[] | null;
  params: Record<string, unknown>;
  distributions: Record<string, unknown>;
  intermediate_values: [number, number][];
  user_attrs: Record<string, unknown>;
  system_attrs: Record<string, unknown>;
  datetime_start: number | null;
  datetime_complete: number | null;
}

interface PyStudy {
  study_name: string;
  directions: string[];
  user_attrs: Record<string, unknown>;
  system_attrs: Record<string, unknown>;
  schema_version: string;
  trials: PyTrial[];
}

function dump(path: string, study: string, env?: NodeJS.ProcessEnv): PyStudy {
  return fromPy(JSON.parse(python('optuna-dump-study.py', [path, study], env))) as PyStudy;
}

/** What Python should see of a tunekit trial (minus system attrs, checked separately). */
function asOptunaSees(trial: FrozenTrial): Omit<PyTrial, 'system_attrs' | 'datetime_start' | 'datetime_complete'> & { datetime_start: number | null; datetime_complete: number | null } {
  return {
    number: trial.number,
    state: trial.state.toUpperCase(),
    values: trial.values?.some((value) => Number.isNaN(value)) ? null : (trial.values?.map((value) => (Object.is(value, -0) ? 0 : value)) ?? null),
    params: { ...trial.params },
    distributions: Object.fromEntries(Object.entries(trial.distributions).map(([name, dist]) => [name, JSON.parse(distributionToJson(dist))])),
    intermediate_values: [...trial.intermediateValues].map(([step, value]) => {
      const first = typeof value === 'number' ? value : (value[0] as number);
      return [step, Object.is(first, -0) ? 0 : first];
    }),
    user_attrs: { ...trial.userAttrs },
    datetime_start: trial.datetimeStart?.getTime() ?? null,
    datetime_complete: trial.datetimeComplete?.getTime() ?? null,
  };
}

/** Python's view with its microsecond datetimes truncated to tunekit's milliseconds. */
function comparable(trial: PyTrial): ReturnType<typeof asOptunaSees> {
  const { system_attrs: _, ...rest } = trial;
  const ms = (us: number | null) => (us === null ? null : Math.floor(us / 1000));
  return { ...rest, datetime_start: ms(trial.datetime_start), datetime_complete: ms(trial.datetime_complete) };
}

function schemaOf(path: string): unknown[] {
  const db = new Database(path, { readonly: true });
  const rows = db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name').all();
  db.close();
  return rows;
}

let dir: ReturnType<typeof tempDirectory>;
beforeEach(() => {
  dir = tempDirectory();
});
afterEach(() => dir.remove());

describe.skipIf(optunaVersion === undefined)(`interop with Python Optuna${reason}`, () => {
  it("tunekit's fresh database has exactly the schema Optuna creates (tables, indexes, autoindexes)", async () => {
    const ours = dir.path('tunekit.db');
    await new SQLiteStorage({ path: ours }).close();
    const theirs = dir.path('optuna.db');
    execFileSync(PYTHON, ['-c', `import optuna, logging; optuna.logging.set_verbosity(logging.WARNING); optuna.create_study(storage='sqlite:///${theirs}')`]);
    expect(schemaOf(ours)).toEqual(schemaOf(theirs));
  }, 60_000);

  it('Python optuna.load_study reads a study tunekit wrote: every distribution type, states, values, intermediate values, attrs, local datetimes', async () => {
    const zone = 'America/New_York';
    const originalTz = process.env.TZ;
    process.env.TZ = zone;
    try {
      const path = dir.path('from-tunekit.db');
      const storage = new SQLiteStorage({ path });
      const study = await storage.createStudy({ studyName: 'ts-single', directions: ['minimize'] });
      await storage.setStudyUserAttr(study.studyId, 'dataset', { name: 'iris', split: [0.8, 0.2], 'ü': null });
      await storage.setStudySystemAttr(study.studyId, 'tunekit', true);
      const space = {
        uniform: floatDistribution(-5, 5),
        log: floatDistribution(1e-5, 1e-1, { log: true }),
        stepped: floatDistribution(0, 1, { step: 0.125 }),
        int: intDistribution(-3, 7),
        intStep: intDistribution(0, 100, { step: 5 }),
        intLog: intDistribution(1, 1024, { log: true }),
        cat: categoricalDistribution([null, true, 1, 2.5, 'relu']),
      };
      const internals = { uniform: -0.8297799529742598, log: 0.007608481233714793, stepped: 0.375, int: -2, intStep: 15, intLog: 64, cat: 4 };
      const suggestAll = async (trialId: number) => {
        for (const [name, dist] of Object.entries(space)) await storage.setTrialParam(trialId, name, internals[name as keyof typeof internals], dist);
      };

      const complete = (await storage.createTrial(study.studyId))!;
      await suggestAll(complete.trialId);
      const reported = [0.5, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN, 1e300, -1e-300];
      for (const [step, value] of reported.entries()) await storage.setTrialIntermediateValue(complete.trialId, step, value);
      await storage.setTrialIntermediateValue(complete.trialId, 10, [0.25, 9, Number.NaN]);
      await storage.setTrialUserAttr(complete.trialId, 'nested', { a: [1, 2.5, null, { b: 'ü✓' }], empty: {} });
      await storage.setTrialUserAttr(complete.trialId, 'unicode', '日本語 🎉');
      await storage.setTrialSystemAttr(complete.trialId, 'sys_key', [1, 'two']);
      await storage.setTrialState(complete.trialId, 'complete', [0.125]);

      const pruned = (await storage.createTrial(study.studyId))!;
      await suggestAll(pruned.trialId);
      await storage.setTrialIntermediateValue(pruned.trialId, 0, 3);
      await storage.setTrialState(pruned.trialId, 'pruned', [3]);
      const prunedNaN = (await storage.createTrial(study.studyId))!;
      await storage.setTrialState(prunedNaN.trialId, 'pruned', [Number.NaN]);
      const failed = (await storage.createTrial(study.studyId))!;
      await storage.setTrialSystemAttr(failed.trialId, 'fail_reason', 'RangeError: boom');
      await storage.setTrialState(failed.trialId, 'fail');
      const infinite = (await storage.createTrial(study.studyId))!;
      await storage.setTrialState(infinite.trialId, 'complete', [Number.POSITIVE_INFINITY]);
      const running = (await storage.createTrial(study.studyId))!;
      await suggestAll(running.trialId);
      await storage.setTrialIntermediateValue(running.trialId, 0, 1);
      await storage.createTrial(study.studyId, { template: { state: 'waiting', systemAttrs: { fixed_params: { uniform: 1 } } } });
      await storage.createTrial(study.studyId, {
        template: {
          state: 'complete',
          values: [7],
          params: { uniform: { internal: 2, distribution: space.uniform } },
          datetimeStart: new Date(Date.UTC(2024, 0, 1, 12, 0, 0, 1)),
          datetimeComplete: new Date(Date.UTC(2024, 6, 1, 12, 0, 0, 999)),
        },
      });

      const multi = await storage.createStudy({ studyName: 'ts-multi', directions: ['minimize', 'maximize'] });
      const m0 = (await storage.createTrial(multi.studyId))!;
      await storage.setTrialParam(m0.trialId, 'x', 0.5, floatDistribution(0, 1, { step: 0.25 }));
      await storage.setTrialState(m0.trialId, 'complete', [Number.NEGATIVE_INFINITY, 2]);

      const ours = await storage.getAllTrials(study.studyId);
      const oursMulti = await storage.getAllTrials(multi.studyId);

      // Python opens the file while tunekit still holds it (WAL mode).
      const py = dump(path, 'ts-single', { TZ: zone });
      expect(py.schema_version).toBe('v3.0.0.d');
      expect(py.directions).toEqual(['MINIMIZE']);
      expect(py.user_attrs).toEqual({ dataset: { name: 'iris', split: [0.8, 0.2], 'ü': null } });
      expect(py.system_attrs).toEqual({ tunekit: true });
      expect(py.trials.map(comparable)).toEqual(ours.map(asOptunaSees));
      // Spot checks against the inputs rather than tunekit's own reading.
      expect(py.trials[0]?.params).toEqual({ uniform: internals.uniform, log: internals.log, stepped: 0.375, int: -2, intStep: 15, intLog: 64, cat: 'relu' });
      expect(py.trials[0]?.intermediate_values).toEqual([...reported.map((value, step) => [step, value]), [10, 0.25]]);
      expect(py.trials[0]?.system_attrs).toEqual({ sys_key: [1, 'two'], 'tunekit:intermediate_value:10': [0.25, 9, 'NaN'] });
      expect(py.trials.map((trial) => trial.state)).toEqual(['COMPLETE', 'PRUNED', 'PRUNED', 'FAIL', 'COMPLETE', 'RUNNING', 'WAITING', 'COMPLETE']);
      expect(py.trials[2]).toMatchObject({ values: null, system_attrs: { 'tunekit:values': ['NaN'] } });
      expect(py.trials[4]?.values).toEqual([Number.POSITIVE_INFINITY]);
      expect(py.trials[7]?.datetime_start).toBe(Date.UTC(2024, 0, 1, 12, 0, 0, 1) * 1000);
      expect(py.trials[7]?.datetime_complete).toBe(Date.UTC(2024, 6, 1, 12, 0, 0, 999) * 1000);
      expect(py.trials[0]?.datetime_start).toBe(complete.datetimeStart!.getTime() * 1000);

      const pyMulti = dump(path, 'ts-multi', { TZ: zone });
      expect(pyMulti.directions).toEqual(['MINIMIZE', 'MAXIMIZE']);
      expect(pyMulti.trials.map(comparable)).toEqual(oursMulti.map(asOptunaSees));
      expect(pyMulti.trials[0]?.values).toEqual([Number.NEGATIVE_INFINITY, 2]);
      await storage.close();
    } finally {
      if (originalTz === undefined) delete process.env.TZ;
      else process.env.TZ = originalTz;
    }
  }, 60_000);

  it('tunekit reads studies Python Optuna wrote (multi-objective, stepped/log/int/categorical spaces), and Python reads what tunekit adds', async () => {
    const path = dir.path('from-optuna.db');
    const reference = fromPy(JSON.parse(python('optuna-write-studies.py', [path]))) as { single: PyStudy; multi: PyStudy };
    const storage = new SQLiteStorage({ path });
    for (const py of [reference.single, reference.multi]) {
      const study: StudyRecord = await storage.getStudyByName(py.study_name);
      expect(study.directions.map((d) => d.toUpperCase())).toEqual(py.directions);
      expect(study.userAttrs).toEqual(py.user_attrs);
      expect(study.systemAttrs).toEqual(py.system_attrs);
      const trials = await storage.getAllTrials(study.studyId);
      expect(trials.map(asOptunaSees)).toEqual(py.trials.map(comparable));
      trials.forEach((trial, index) => expect(trial.systemAttrs).toEqual(py.trials[index]?.system_attrs));
    }
    const single = await storage.getStudyByName('py-single');
    const trials = await storage.getAllTrials(single.studyId);
    expect(trials.map((trial) => trial.state)).toEqual(['complete', 'pruned', 'fail', 'complete', 'running', 'waiting']);
    expect([...trials[0]!.intermediateValues.values()]).toEqual([0.5, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN, 0, 1e300]);
    expect(trials[0]!.distributions).toMatchObject({ stepped: floatDistribution(0, 1, { step: 0.125 }), int_log: intDistribution(1, 1024, { log: true }), int_step: intDistribution(0, 100, { step: 5 }) });
    expect(trials[3]!.values).toEqual([Number.POSITIVE_INFINITY]);
    expect(trials[5]!.systemAttrs).toEqual({ fixed_params: { uniform: 1, int: 2, cat: 'relu' } });

    // tunekit continues Python's study: claims the enqueued trial and finishes the running one.
    const claimed = await storage.claimWaitingTrial(single.studyId);
    expect(claimed?.number).toBe(5);
    await storage.setTrialParam(claimed!.trialId, 'uniform', 1, floatDistribution(-5, 5));
    await storage.setTrialState(claimed!.trialId, 'complete', [0.5]);
    await storage.setTrialState(trials[4]!.trialId, 'fail');
    const after = dump(path, 'py-single');
    expect(after.trials.slice(4).map((trial) => [trial.state, trial.values, trial.params])).toEqual([
      ['FAIL', null, trials[4]!.params],
      ['COMPLETE', [0.5], { uniform: 1 }],
    ]);
    await storage.close();
  }, 60_000);

  it("heartbeats are shared with Optuna's heartbeat logic, both ways (UTC in trial_heartbeats)", async () => {
    const path = dir.path('heartbeats.db');
    const hourAgo = Date.now() - 3_600_000;
    const storage = new SQLiteStorage({ path, now: () => hourAgo });
    const study = await storage.createStudy({ studyName: 'hb', directions: ['minimize'] });
    const stale = (await storage.createTrial(study.studyId))!;
    const quiet = (await storage.createTrial(study.studyId))!;
    await storage.recordHeartbeat(stale.trialId);
    await storage.close();
    // Optuna compares our heartbeat with the database's CURRENT_TIMESTAMP: an hour old is stale.
    expect(JSON.parse(python('optuna-heartbeat.py', [path, 'hb', 'fail-stale']))).toEqual(['FAIL', 'RUNNING']);

    // Optuna stamps a heartbeat (CURRENT_TIMESTAMP, no fraction); tunekit ten minutes later finds it stale.
    python('optuna-heartbeat.py', [path, 'hb', 'record', String(quiet.number)]);
    const later = new SQLiteStorage({ path, now: () => Date.now() + 600_000 });
    const recent = new SQLiteStorage({ path });
    expect(await recent.failStaleTrials(study.studyId, 60_000)).toEqual([]);
    const failed = await later.failStaleTrials(study.studyId, 60_000);
    expect(failed.map((trial) => trial.number)).toEqual([quiet.number]);
    await recent.close();
    await later.close();
  }, 60_000);

  it("migrating the Optuna 2.x fixture gives what Optuna's own upgrade gives, and Optuna then opens it without migrating", async () => {
    const ours = dir.copyFixture('optuna-v2.6.0.a.db', 'tunekit-upgraded.db');
    await new SQLiteStorage({ path: ours }).close();
    const theirs = dir.copyFixture('optuna-v2.6.0.a.db', 'optuna-upgraded.db');
    python('optuna-alembic.py', [theirs, 'upgrade', 'head']);
    const fresh = dir.path('fresh.db');
    await new SQLiteStorage({ path: fresh }).close();
    expect(schemaOf(ours).filter((row) => !String((row as { name: string }).name).startsWith('sqlite_autoindex'))).toEqual(
      schemaOf(fresh).filter((row) => !String((row as { name: string }).name).startsWith('sqlite_autoindex')),
    );
    for (const study of ['v2-single', 'v2-multi']) {
      const expected = dump(theirs, study);
      const actual = dump(ours, study);
      expect(actual).toEqual(expected);
    }
  }, 120_000);

  it.each(['v2.4.0.a', 'v3.0.0.a', 'v3.0.0.b', 'v3.0.0.c'])('migrates a database that Optuna put at revision %s', async (revision) => {
    const reference = dir.copyFixture('optuna-v2.6.0.a.db', 'reference.db');
    python('optuna-alembic.py', [reference, 'upgrade', 'head']);
    const path = dir.copyFixture('optuna-v2.6.0.a.db', `${revision}.db`);
    python('optuna-alembic.py', [path, revision === 'v2.4.0.a' ? 'downgrade' : 'upgrade', revision]);
    const db = new Database(path, { readonly: true });
    expect(db.prepare('SELECT version_num FROM alembic_version').pluck().get()).toBe(revision);
    db.close();
    const storage = new SQLiteStorage({ path });
    const single = await storage.getStudyByName('v2-single');
    expect((await storage.getAllTrials(single.studyId)).map((trial) => trial.values)).toEqual([[0.25], undefined, undefined, undefined, undefined, [Number.POSITIVE_INFINITY]]);
    await storage.close();
    expect(dump(path, 'v2-single')).toEqual(dump(reference, 'v2-single'));
  }, 120_000);
});
