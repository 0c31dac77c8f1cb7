import {
  TrialPruned,
  categoricalDistribution,
  createStudy,
  distributionFromJson,
  floatDistribution,
  formatOptunaDatetime,
  intDistribution,
} from '@tunekit/core';
import type { FrozenTrial } from '@tunekit/core/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminQuery, createTestDatabase, type TestDatabase } from './__fixtures__/postgres-test-database.js';
import { runOptuna, type OptunaStudyView, type OptunaTrialView } from './__fixtures__/run-optuna.js';
import { PostgresStorage } from './postgres-storage.js';

/**
 * tunekit and Python Optuna 3.1 on one PostgreSQL database (a dedicated one, dropped afterwards),
 * in both directions: what one writes, the other reads, continues and finishes.
 */

let db: TestDatabase;
let storage: PostgresStorage;

beforeAll(async () => {
  db = await createTestDatabase('interop');
  storage = new PostgresStorage({ connectionString: db.url });
  await storage.open();
}, 60_000);
afterAll(async () => {
  await storage?.close();
  await db?.drop();
});

function defined<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('expected a value');
  return value;
}

/** Python's JSON spelling of a double (see optuna_postgres.py) → the double. */
function pyNumber(value: unknown): unknown {
  if (value === 'NaN') return Number.NaN;
  if (value === 'Infinity') return Number.POSITIVE_INFINITY;
  if (value === '-Infinity') return Number.NEGATIVE_INFINITY;
  return value;
}

/** A tunekit date as Python prints the stored naive datetime, to the millisecond JavaScript keeps. */
function asStored(date: Date | undefined): string | null {
  return date === undefined ? null : formatOptunaDatetime(date.getTime()).slice(0, 23);
}

describe('Python Optuna reads what tunekit writes', () => {
  const X = floatDistribution(0, 1);
  const LR = floatDistribution(1e-5, 1e-1, { log: true });
  const N = intDistribution(1, 10);
  const UNITS = intDistribution(16, 256, { step: 16 });
  const C = categoricalDistribution(['a', 'b', null, 2.5, true]);
  const written: FrozenTrial[] = [];

  beforeAll(async () => {
    const study = await storage.createStudy({ studyName: 'from-tunekit', directions: ['minimize'] });
    await storage.setStudyUserAttr(study.studyId, 'dataset', { name: 'iris', rows: 150 });
    const complete = defined(await storage.createTrial(study.studyId));
    await storage.setTrialParam(complete.trialId, 'x', 0.25, X);
    await storage.setTrialParam(complete.trialId, 'lr', 0.001, LR);
    await storage.setTrialParam(complete.trialId, 'n', 3, N);
    await storage.setTrialParam(complete.trialId, 'units', 48, UNITS);
    await storage.setTrialParam(complete.trialId, 'c', 1, C);
    await storage.setTrialIntermediateValue(complete.trialId, 0, 1.5);
    await storage.setTrialIntermediateValue(complete.trialId, 1, 1.25);
    await storage.setTrialIntermediateValue(complete.trialId, 2, [0.5, 0.7]);
    await storage.setTrialUserAttr(complete.trialId, 'note', 'hi ✓');
    await storage.setTrialUserAttr(complete.trialId, 'nested', { a: [1, 2], b: null });
    await storage.setTrialState(complete.trialId, 'complete', [0.5]);
    const pruned = defined(await storage.createTrial(study.studyId));
    await storage.setTrialParam(pruned.trialId, 'x', 0.75, X);
    await storage.setTrialIntermediateValue(pruned.trialId, 0, 2);
    await storage.setTrialState(pruned.trialId, 'pruned');
    const failed = defined(await storage.createTrial(study.studyId));
    await storage.setTrialSystemAttr(failed.trialId, 'fail_reason', 'boom');
    await storage.setTrialState(failed.trialId, 'fail');
    await storage.createTrial(study.studyId, { template: { state: 'complete', values: [Number.NEGATIVE_INFINITY], params: { x: { internal: 0.5, distribution: X } } } });
    const running = defined(await storage.createTrial(study.studyId));
    await storage.setTrialParam(running.trialId, 'x', 0.1, X);
    await storage.createTrial(study.studyId, { template: { state: 'waiting', systemAttrs: { fixed_params: { x: 0.5 } } } });
    written.push(...(await storage.getAllTrials(study.studyId)));
  }, 60_000);

  it('sees the study, every trial state, params with their distributions, values, intermediate values, attrs and datetimes', async () => {
    const view = await runOptuna<OptunaStudyView>('read', db.url, 'from-tunekit');
    expect(view.directions).toEqual(['MINIMIZE']);
    expect(view.user_attrs).toEqual({ dataset: { name: 'iris', rows: 150 } });
    expect(view.trials.map((t) => [t.number, t.state])).toEqual([
      [0, 'COMPLETE'],
      [1, 'PRUNED'],
      [2, 'FAIL'],
      [3, 'COMPLETE'],
      [4, 'RUNNING'],
      [5, 'WAITING'],
    ]);
    const [complete, pruned, failed, infinite, running, waiting] = view.trials as [OptunaTrialView, OptunaTrialView, OptunaTrialView, OptunaTrialView, OptunaTrialView, OptunaTrialView];
    expect(complete.params).toEqual({ x: 0.25, lr: 0.001, n: 3, units: 48, c: 'b' });
    expect(Object.fromEntries(Object.entries(complete.distributions).map(([name, json]) => [name, distributionFromJson(json)]))).toEqual({ x: X, lr: LR, n: N, units: UNITS, c: C });
    expect(JSON.parse(complete.distributions.lr as string)).toEqual({ name: 'FloatDistribution', attributes: { low: 1e-5, high: 0.1, log: true, step: null } });
    expect(complete.values).toEqual([0.5]);
    // A vector report keeps its first objective in Optuna's column; the whole vector is a system attr.
    expect(complete.intermediate_values).toEqual({ 0: 1.5, 1: 1.25, 2: 0.5 });
    expect(complete.system_attrs).toEqual({ 'tunekit:intermediate_value:2': [0.5, 0.7] });
    expect(complete.user_attrs).toEqual({ note: 'hi ✓', nested: { a: [1, 2], b: null } });
    expect(complete.trial_id).toBe(written[0]?.trialId);
    expect(complete.datetime_start?.slice(0, 23)).toBe(asStored(written[0]?.datetimeStart));
    expect(complete.datetime_complete?.slice(0, 23)).toBe(asStored(written[0]?.datetimeComplete));
    expect(pruned).toMatchObject({ values: null, intermediate_values: { 0: 2 }, params: { x: 0.75 } });
    expect(failed.system_attrs).toEqual({ fail_reason: 'boom' });
    expect(infinite.values).toEqual(['-Infinity']);
    expect(running).toMatchObject({ params: { x: 0.1 }, datetime_complete: null });
    expect(waiting).toMatchObject({ system_attrs: { fixed_params: { x: 0.5 } }, datetime_start: null, params: {} });
  });

  it('Python continues the study (claiming the enqueued trial first) and tunekit sees its trials', async () => {
    const view = await runOptuna<OptunaStudyView>('extend', db.url, 'from-tunekit');
    expect(view.trials.map((t) => t.state)).toEqual(['COMPLETE', 'PRUNED', 'FAIL', 'COMPLETE', 'RUNNING', 'COMPLETE', 'COMPLETE']);
    const study = await storage.getStudyByName('from-tunekit');
    const trials = await storage.getAllTrials(study.studyId);
    expect(trials.map((t) => t.number)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(trials[5]).toMatchObject({ state: 'complete', params: { x: 0.5 }, values: [1] });
    expect(trials[5]?.intermediateValues.get(0)).toBe(0.5);
    expect(trials[6]?.state).toBe('complete');
    expect(trials[6]?.values).toEqual([2 * (trials[6]?.params.x as number)]);
    expect(trials.slice(0, 5)).toEqual(written.slice(0, 5));
  });
});

describe('tunekit reads what Python Optuna writes', () => {
  let python: OptunaStudyView;

  beforeAll(async () => {
    python = await runOptuna<OptunaStudyView>('write', db.url, 'from-python');
  }, 60_000);

  it('sees the study and every trial as Optuna does: states, params, distributions, values (±Infinity), intermediate values (NaN), attrs, datetimes', async () => {
    const study = await storage.getStudyByName('from-python');
    expect(study.directions).toEqual(['maximize']);
    expect(study.userAttrs).toEqual({ dataset: { name: 'iris', rows: 150 } });
    const trials = await storage.getAllTrials(study.studyId);
    expect(trials.map((t) => [t.number, t.state])).toEqual(python.trials.map((t) => [t.number, t.state.toLowerCase()]));
    expect(trials.map((t) => t.state)).toEqual(['complete', 'pruned', 'fail', 'complete', 'complete', 'running', 'waiting']);
    for (const [index, trial] of trials.entries()) {
      const seen = python.trials[index] as OptunaTrialView;
      expect(trial.trialId).toBe(seen.trial_id);
      expect(trial.params).toEqual(seen.params);
      expect(trial.distributions).toEqual(Object.fromEntries(Object.entries(seen.distributions).map(([name, json]) => [name, distributionFromJson(json)])));
      expect(trial.values).toEqual(seen.values === null ? undefined : seen.values.map(pyNumber));
      expect([...trial.intermediateValues]).toEqual(Object.entries(seen.intermediate_values).map(([step, value]) => [Number(step), pyNumber(value)]));
      expect(trial.userAttrs).toEqual(seen.user_attrs);
      expect(trial.systemAttrs).toEqual(seen.system_attrs);
      expect(asStored(trial.datetimeStart)).toBe(seen.datetime_start?.slice(0, 23) ?? null);
      expect(asStored(trial.datetimeComplete)).toBe(seen.datetime_complete?.slice(0, 23) ?? null);
    }
    expect(['relu', 'tanh', null, 1.5, true]).toContain(trials[0]?.params.act);
    expect(Object.keys(trials[0]?.params ?? {})).toEqual(['x', 'lr', 'q', 'depth', 'units', 'act']);
    expect(trials[0]?.intermediateValues.get(1)).toBeNaN();
    expect(trials[0]?.intermediateValues.get(2)).toBe(Number.POSITIVE_INFINITY);
    expect(trials[3]?.values).toEqual([Number.NEGATIVE_INFINITY]);
    expect(trials[4]).toMatchObject({ userAttrs: { source: 'add_trial' }, systemAttrs: { custom: [1, 2] }, params: { x: 0.125, act: 'tanh' } });
    expect(trials[6]?.systemAttrs).toEqual({ fixed_params: { x: 0.5, units: 32 } });
  });

  it('tunekit continues the study: claims Python’s enqueued trial, adds one with the next number; Python sees both', async () => {
    const study = await storage.getStudyByName('from-python');
    const claimed = defined(await storage.claimWaitingTrial(study.studyId));
    expect(claimed.number).toBe(6);
    await storage.setTrialParam(claimed.trialId, 'x', 0.5, floatDistribution(-1, 1));
    await storage.setTrialParam(claimed.trialId, 'units', 32, intDistribution(16, 256, { step: 16 }));
    await storage.setTrialState(claimed.trialId, 'complete', [3]);
    const added = defined(await storage.createTrial(study.studyId));
    expect(added.number).toBe(7);
    await storage.setTrialParam(added.trialId, 'act', 2, categoricalDistribution(['relu', 'tanh', null, 1.5, true]));
    await storage.setTrialState(added.trialId, 'complete', [4]);
    const view = await runOptuna<OptunaStudyView>('read', db.url, 'from-python');
    expect(view.trials.slice(6).map((t) => [t.number, t.state, t.params, t.values])).toEqual([
      [6, 'COMPLETE', { x: 0.5, units: 32 }, [3]],
      [7, 'COMPLETE', { act: null }, [4]],
    ]);
  });
});

describe('through the public API', () => {
  it('createStudy with a postgres:// URL runs optimize (heartbeats, pruning, maxTrials) and Python reads the study', async () => {
    const study = await createStudy({ studyName: 'optimize-e2e', storage: db.url, direction: 'minimize', heartbeat: { intervalMs: 200, gracePeriodMs: 2000 } });
    try {
      const result = await study.optimize(
        async (trial) => {
          const x = trial.suggestFloat('x', -2, 2);
          const layers = trial.suggestInt('layers', 1, 4);
          for (let step = 0; step < 3; step++) trial.report(x * x + step, step);
          if (trial.number === 2) throw new TrialPruned();
          return x * x + layers;
        },
        { nTrials: 6, concurrency: 2, maxTrials: 5 },
      );
      expect(result).toBeDefined();
      const trials = await study.getTrials();
      expect(trials.map((t) => t.number)).toEqual([0, 1, 2, 3, 4]);
      expect(trials.map((t) => t.state)).toEqual(['complete', 'complete', 'pruned', 'complete', 'complete']);
      const view = await runOptuna<OptunaStudyView>('read', db.url, 'optimize-e2e');
      expect(view.trials.map((t) => t.state)).toEqual(['COMPLETE', 'COMPLETE', 'PRUNED', 'COMPLETE', 'COMPLETE']);
      for (const [index, seen] of view.trials.entries()) {
        const trial = trials[index] as FrozenTrial;
        expect(seen.params).toEqual(trial.params);
        expect(seen.values).toEqual(trial.values ?? null);
        expect(Object.keys(seen.intermediate_values)).toEqual(['0', '1', '2']);
      }
      const [heartbeats] = await adminQuery<{ n: number }>('SELECT count(*)::int AS n FROM trial_heartbeats h JOIN trials t USING (trial_id) JOIN studies s USING (study_id) WHERE s.study_name = $1', ['optimize-e2e'], db.url);
      expect(heartbeats?.n, 'each trial sent heartbeats').toBe(5);
    } finally {
      await study.close();
    }
  });
});

describe('heartbeats shared with Python Optuna', () => {
  it("Python's fail_stale_trials fails a tunekit trial whose heartbeat stopped", async () => {
    const study = await storage.createStudy({ studyName: 'heartbeat-from-tunekit', directions: ['minimize'] });
    const stale = defined(await storage.createTrial(study.studyId));
    const alive = defined(await storage.createTrial(study.studyId));
    await storage.recordHeartbeat(stale.trialId);
    await storage.recordHeartbeat(alive.trialId);
    await adminQuery("UPDATE trial_heartbeats SET heartbeat = heartbeat - interval '1 hour' WHERE trial_id = $1", [stale.trialId], db.url);
    const view = await runOptuna<OptunaStudyView>('failstale', db.url, 'heartbeat-from-tunekit');
    expect(view.trials.map((t) => t.state)).toEqual(['FAIL', 'RUNNING']);
    expect((await storage.getTrial(stale.trialId)).state).toBe('fail');
  });

  it('tunekit fails a Python trial whose heartbeat stopped, and not one whose heartbeat is fresh', async () => {
    const study = await storage.createStudy({ studyName: 'heartbeat-from-python', directions: ['minimize'] });
    const stale = await runOptuna<{ number: number; trial_id: number }>('heartbeat', db.url, 'heartbeat-from-python');
    const fresh = await runOptuna<{ number: number; trial_id: number }>('heartbeat', db.url, 'heartbeat-from-python');
    await adminQuery("UPDATE trial_heartbeats SET heartbeat = heartbeat - interval '1 hour' WHERE trial_id = $1", [stale.trial_id], db.url);
    const failed = await storage.failStaleTrials(study.studyId, 120_000);
    expect(failed.map((t) => t.trialId)).toEqual([stale.trial_id]);
    expect(failed[0]?.systemAttrs.fail_reason).toMatch(/^Heartbeat stopped/);
    expect((await storage.getTrial(fresh.trial_id)).state).toBe('running');
  });
});
