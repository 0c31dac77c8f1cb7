import { afterEach, describe, expect, it, vi } from 'vitest';
import { categoricalDistribution, floatDistribution, intDistribution } from '../distributions/distribution-factories.js';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { InvalidDistributionError } from '../errors/invalid-distribution-error.js';
import { TrialNotFoundError } from '../errors/trial-not-found-error.js';
import { TunekitError } from '../errors/tunekit-error.js';
import { UpdateFinishedTrialError } from '../errors/update-finished-trial-error.js';
import type { FrozenTrial } from '../protocol/frozen-trial.js';
import type { Sampler } from '../protocol/sampler.js';
import type { Storage } from '../protocol/storage.js';
import type { StudyDirection, TrialState } from '../protocol/trial-state.js';
import { NopPruner } from '../pruners/nop-pruner.js';
import { RandomSampler } from '../samplers/random-sampler.js';
import { InMemoryStorage } from '../storages/in-memory-storage.js';
import { createStudy, loadStudy, type CreateStudyOptions } from './create-study.js';
import type { Study } from './study.js';

function newStudy(options: CreateStudyOptions = {}): Promise<Study> {
  return createStudy({ storage: new InMemoryStorage(), sampler: new RandomSampler({ seed: 0 }), pruner: new NopPruner(), ...options });
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

const states = (trials: readonly FrozenTrial[]) => trials.map((trial) => trial.state);

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('ask / tell', () => {
  it('ask starts a running trial in the storage; tell completes it and returns the stored record', async () => {
    const study = await newStudy();
    const trial = await study.ask();
    const stored = await study.storage.getTrial(trial.trialId);
    expect(stored).toMatchObject({ number: 0, state: 'running', values: undefined });
    expect(stored.datetimeStart).toBeInstanceOf(Date);
    const x = trial.suggestFloat('x', -1, 1);
    const told = await study.tell(trial, x * x);
    expect(told).toMatchObject({ number: 0, state: 'complete', values: [x * x], params: { x } });
    expect(told.datetimeComplete).toBeInstanceOf(Date);
    expect(await study.storage.getTrial(trial.trialId)).toEqual(told);
    expect(study.trials).toEqual([told]);
  });

  it('ask(fixedDistributions) suggests them at once; an invalid one creates no trial', async () => {
    const study = await newStudy();
    const trial = await study.ask({ x: floatDistribution(0, 1), act: categoricalDistribution(['relu', 'tanh']) });
    expect(Object.keys(trial.params).sort()).toEqual(['act', 'x']);
    expect(trial.suggestFloat('x', 0, 1)).toBe(trial.params.x);
    const error = await rejection(study.ask({ bad: { type: 'int', low: 5, high: 1, log: false, step: 1 } }));
    expect(error).toBeInstanceOf(InvalidDistributionError);
    expect(error).toMatchObject({ paramName: 'bad' });
    expect(await study.storage.countTrials(study.studyId)).toBe(1);
  });

  it('tell accepts a trial number, and a vector of values for several objectives', async () => {
    const study = await newStudy({ directions: ['minimize', 'maximize'] });
    const first = await study.ask();
    const second = await study.ask();
    expect((await study.tell(1, [0.5, 2])).values).toEqual([0.5, 2]);
    expect((await study.tell(first.number, [1, 1])).state).toBe('complete');
    expect(states(await study.getTrials())).toEqual(['complete', 'complete']);
    expect(second.number).toBe(1);
  });

  it('tell on a finished trial throws UpdateFinishedTrialError, unless skipIfFinished', async () => {
    const study = await newStudy();
    const trial = await study.ask();
    const told = await study.tell(trial, 1);
    for (const target of [trial, trial.number]) {
      const error = await rejection(study.tell(target, 2));
      expect(error).toBeInstanceOf(UpdateFinishedTrialError);
      expect(error).toMatchObject({ trialNumber: 0, state: 'complete' });
      expect(error.message).toContain("Cannot tell: trial 0 is already finished (state 'complete')");
      expect(await study.tell(target, 2, { skipIfFinished: true })).toEqual(told);
    }
    expect((await study.storage.getTrial(trial.trialId)).values).toEqual([1]);
  });

  it('tell with state pruned records the last reported value; fail records the reason', async () => {
    const study = await newStudy();
    const pruned = await study.ask();
    pruned.report(0.9, 0);
    pruned.report(0.4, 5);
    pruned.report(0.7, 2); // reported later, but at an earlier step
    expect(await study.tell(pruned, undefined, { state: 'pruned' })).toMatchObject({ state: 'pruned', values: [0.4] });
    const silent = await study.ask();
    expect(await study.tell(silent, undefined, { state: 'pruned' })).toMatchObject({ state: 'pruned', values: undefined });
    const diverged = await study.ask();
    diverged.report(Number.NaN, 0);
    expect((await study.tell(diverged, undefined, { state: 'pruned' })).values).toBeUndefined();
    const failed = await study.ask();
    const record = await study.tell(failed, 3, { state: 'fail', failReason: 'out of memory' });
    expect(record).toMatchObject({ state: 'fail', values: undefined, systemAttrs: { fail_reason: 'out of memory' } });
  });

  it('tell with invalid values fails the trial with a clear reason instead of throwing', async () => {
    const study = await newStudy();
    const cases: readonly [unknown, string][] = [
      [Number.NaN, 'The objective returned NaN; only finite numbers are accepted'],
      [Number.POSITIVE_INFINITY, 'The objective returned Infinity; only finite numbers are accepted'],
      ['0.5', 'The objective returned the string "0.5", not a number'],
      [undefined, 'The objective returned no value (expected a number)'],
      [null, 'The objective returned null, not a number'],
      [{ loss: 1 }, 'The objective returned an object, not a number'],
      [[1, 2], 'The objective returned 2 value(s) but the study has 1 direction(s)'],
      [true, 'The objective returned boolean true, not a number'],
    ];
    for (const [value, reason] of cases) {
      const trial = await study.ask();
      const told = await study.tell(trial, value as number);
      expect(told.state, reason).toBe('fail');
      expect(told.values).toBeUndefined();
      expect(told.systemAttrs.fail_reason).toBe(reason);
    }
    const multi = await newStudy({ directions: ['minimize', 'minimize'] });
    const wrong = await multi.tell(await multi.ask(), [1, Number.NaN]);
    expect(wrong.systemAttrs.fail_reason).toBe('The objective returned NaN at index 1; only finite numbers are accepted');
    expect((await multi.tell(await multi.ask(), 1)).systemAttrs.fail_reason).toBe('The objective returned 1 value(s) but the study has 2 direction(s)');
  });

  it('tell rejects unknown, waiting and malformed targets without changing anything', async () => {
    const study = await newStudy();
    await expect(study.tell(7, 1)).rejects.toBeInstanceOf(TrialNotFoundError);
    await expect(study.tell(-1, 1)).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(study.tell(1.5, 1)).rejects.toBeInstanceOf(InvalidArgumentError);
    const waiting = await study.enqueueTrial({ x: 1 });
    const error = await rejection(study.tell(waiting?.number ?? -1, 1));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error.message).toContain('trial 0 is waiting: study.ask() claims it first');
    const trial = await study.ask();
    await expect(study.tell(trial, 1, { state: 'running' as never })).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(states(await study.getTrials())).toEqual(['running']);
  });

  it('tell accepts a trial asked from another Study object of the same study, never one of another study', async () => {
    const storage = new InMemoryStorage();
    const a = await newStudy({ storage, studyName: 'a' });
    const sameStudy = await loadStudy({ storage, studyName: 'a' });
    const other = await newStudy({ storage, studyName: 'b' });
    await other.ask(); // so that numbers collide: both studies have a trial 0
    const trial = await a.ask();
    const error = await rejection(other.tell(trial, 1));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error.message).toContain("a trial of study 'b'");
    expect((await storage.getTrial(trial.trialId)).state).toBe('running');
    expect((await sameStudy.tell(trial, 1)).state).toBe('complete');
  });

  it("calls the sampler's beforeTrial and afterTrial around the trial, before the state is written", async () => {
    const events: string[] = [];
    const base = new RandomSampler({ seed: 1 });
    let storage: Storage | undefined;
    const sampler: Sampler = {
      inferRelativeSearchSpace: () => ({}),
      sampleRelative: () => ({}),
      sampleIndependent: (...args) => base.sampleIndependent(...args),
      beforeTrial: async (view, trial) => {
        events.push(`before #${trial.number} (${view.getTrials().length} trials)`);
        await view.setTrialSystemAttr(trial.trialId, 'grid_id', 3);
      },
      afterTrial: async (_view, trial, state, values) => {
        const stored = await storage?.getTrial(trial.trialId);
        events.push(`after #${trial.number} ${state} ${JSON.stringify(values)} params=${Object.keys(trial.params).join()} stored=${stored?.state}`);
      },
    };
    const study = await newStudy({ sampler });
    storage = study.storage;
    const trial = await study.ask();
    expect(trial.systemAttrs.grid_id).toBe(3); // re-read after beforeTrial wrote it
    trial.suggestInt('n', 0, 3);
    await study.tell(trial, 2);
    expect(events).toEqual(['before #0 (1 trials)', 'after #0 complete [2] params=n stored=running']);
  });

  it('a sampler that throws fails the new trial (not left running) and the error reaches the caller', async () => {
    const sampler: Sampler = {
      inferRelativeSearchSpace: () => {
        throw new RangeError('bad model');
      },
      sampleRelative: () => ({}),
      sampleIndependent: () => 0,
    };
    const study = await newStudy({ sampler });
    await expect(study.ask()).rejects.toThrow('bad model');
    const [trial] = await study.getTrials();
    expect(trial).toMatchObject({ state: 'fail', systemAttrs: { fail_reason: 'Sampling failed: RangeError: bad model' } });
  });

  it('a closed study refuses new work', async () => {
    const study = await newStudy();
    await study.close();
    await study.close(); // idempotent
    await expect(study.ask()).rejects.toMatchObject({ code: 'STUDY_CLOSED' });
    await expect(study.optimize(() => 1)).rejects.toThrow(/is closed/); // a rejection, like every optimize error
  });
});

describe('enqueueTrial / addTrial', () => {
  it('enqueued trials wait, are claimed oldest first and run with their params (others sampled)', async () => {
    const study = await newStudy();
    const first = await study.enqueueTrial({ lr: 0.01, act: 'tanh' }, { userAttrs: { source: 'manual' } });
    await study.enqueueTrial({ lr: 0.02 });
    expect(first).toMatchObject({ number: 0, state: 'waiting', params: {}, systemAttrs: { fixed_params: { lr: 0.01, act: 'tanh' } }, userAttrs: { source: 'manual' } });
    expect(first?.datetimeStart).toBeUndefined();
    const a = await study.ask();
    const b = await study.ask();
    const c = await study.ask();
    expect([a.number, b.number, c.number]).toEqual([0, 1, 2]);
    expect(a.suggestFloat('lr', 1e-4, 1, { log: true })).toBe(0.01);
    expect(a.suggestCategorical('act', ['relu', 'tanh'])).toBe('tanh');
    expect(b.suggestFloat('lr', 1e-4, 1, { log: true })).toBe(0.02);
    const sampled = b.suggestCategorical('act', ['relu', 'tanh']);
    expect(['relu', 'tanh']).toContain(sampled);
    expect(c.systemAttrs.fixed_params).toBeUndefined();
    const told = await study.tell(a, 1);
    expect(told).toMatchObject({ params: { lr: 0.01, act: 'tanh' }, userAttrs: { source: 'manual' } });
  });

  it('skipIfExists skips params already waiting, running or complete (not failed ones)', async () => {
    const study = await newStudy();
    expect(await study.enqueueTrial({ x: 1, y: 'a' }, { skipIfExists: true })).toBeDefined();
    expect(await study.enqueueTrial({ y: 'a', x: 1 }, { skipIfExists: true })).toBeUndefined(); // waiting, key order irrelevant
    const running = await study.ask();
    running.suggestInt('x', 0, 5);
    running.suggestCategorical('y', ['a', 'b']);
    await running.flush();
    expect(await study.enqueueTrial({ x: 1, y: 'a' }, { skipIfExists: true })).toBeUndefined(); // running
    await study.tell(running, 0);
    expect(await study.enqueueTrial({ x: 1, y: 'a' }, { skipIfExists: true })).toBeUndefined(); // complete
    expect(await study.enqueueTrial({ x: 2, y: 'a' }, { skipIfExists: true })).toBeDefined();
    expect(await study.enqueueTrial({ x: 1 }, { skipIfExists: true })).toBeDefined(); // a subset is other params
    const failing = await study.ask(); // claims { x: 2, y: 'a' }
    await study.tell(failing, undefined, { state: 'fail' });
    expect(await study.enqueueTrial({ x: 2, y: 'a' }, { skipIfExists: true })).toBeDefined(); // failed: try again
    expect(await study.enqueueTrial({ x: 1, y: 'a' })).toBeDefined(); // without the flag: always
    expect(states(await study.getTrials())).toEqual(['complete', 'fail', 'waiting', 'waiting', 'waiting']);
  });

  it('enqueueTrial validates its params', async () => {
    const study = await newStudy();
    await expect(study.enqueueTrial([1] as never)).rejects.toMatchObject({ field: 'enqueueTrial params' });
    await expect(study.enqueueTrial(null as never)).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(study.enqueueTrial({ x: Number.NaN })).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(await study.storage.countTrials(study.studyId)).toBe(0);
  });

  it('addTrial records finished trials made elsewhere, validated like tell', async () => {
    const study = await newStudy({ direction: 'maximize' });
    const distributions = { x: floatDistribution(0, 1), act: categoricalDistribution(['relu', 'tanh']) };
    const added = await study.addTrial({
      state: 'complete',
      values: [0.9],
      params: { x: 0.3, act: 'tanh' },
      distributions,
      intermediateValues: new Map([[0, 0.5]]),
      userAttrs: { from: 'paper' },
      datetimeStart: new Date(1_000),
      datetimeComplete: new Date(2_000),
    });
    expect(added).toMatchObject({ number: 0, state: 'complete', values: [0.9], params: { x: 0.3, act: 'tanh' }, distributions, userAttrs: { from: 'paper' } });
    expect(added.datetimeComplete?.getTime()).toBe(2_000);
    expect([...added.intermediateValues]).toEqual([[0, 0.5]]);
    await study.addTrial({ state: 'pruned', params: {}, distributions: {} });
    expect(study.bestTrial.number).toBe(0);
    expect(study.bestParams).toEqual({ x: 0.3, act: 'tanh' });

    await expect(study.addTrial({ state: 'complete', values: [Number.NaN], params: {}, distributions: {} })).rejects.toMatchObject({ field: 'addTrial values' });
    await expect(study.addTrial({ state: 'complete', params: {}, distributions: {} })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(study.addTrial({ state: 'running', params: {}, distributions: {} })).rejects.toMatchObject({ field: 'addTrial state' });
    await expect(study.addTrial({ state: 'complete', values: [1], params: { x: 0.1 }, distributions: {} })).rejects.toMatchObject({ field: "addTrial distributions['x']" });
    await expect(study.addTrial({ state: 'complete', values: [1], params: { act: 'gelu' }, distributions })).rejects.toMatchObject({ paramName: 'act' });
    expect(await study.storage.countTrials(study.studyId)).toBe(2);
  });

  it('a waiting trial added with params runs with them', async () => {
    const study = await newStudy();
    await study.addTrial({ state: 'waiting', params: { n: 4 }, distributions: { n: intDistribution(0, 10) } });
    const trial = await study.ask();
    expect(trial.suggestInt('n', 0, 10)).toBe(4);
  });
});

describe('best trial, best value, best params, best trials', () => {
  async function studyWith(directions: StudyDirection[], rows: readonly (readonly [number[] | undefined, TrialState])[]): Promise<Study> {
    const study = await newStudy({ directions });
    for (const [values, state] of rows) {
      const trial = await study.ask();
      trial.suggestInt('i', 0, 100);
      if (state === 'running') continue;
      await study.tell(trial, values, { state: state as 'complete' | 'pruned' | 'fail' });
    }
    return study;
  }

  it('minimize and maximize, ignoring pruned, failed and running trials', async () => {
    const rows = [[[3], 'complete'], [[1], 'complete'], [undefined, 'running'], [[5], 'complete'], [undefined, 'fail'], [[0.5], 'pruned']] as const;
    const minimize = await studyWith(['minimize'], rows as never);
    expect(minimize.bestTrial.number).toBe(1);
    expect(minimize.bestValue).toBe(1);
    expect(minimize.bestParams).toEqual(minimize.trials[1]?.params);
    expect(minimize.bestTrials.map((t) => t.number)).toEqual([1]);
    const maximize = await studyWith(['maximize'], rows as never);
    expect(maximize.bestTrial.number).toBe(3);
    expect(maximize.bestValue).toBe(5);
  });

  it('throws a clear error without a complete trial, and for multi-objective studies', async () => {
    const empty = await studyWith(['minimize'], [[undefined, 'fail']]);
    expect(() => empty.bestTrial).toThrow(TunekitError);
    expect(() => empty.bestValue).toThrow(/has no complete trial yet/);
    expect(empty.bestTrials).toEqual([]);
    const multi = await studyWith(['minimize', 'maximize'], [[[1, 2], 'complete']]);
    expect(() => multi.bestTrial).toThrow(/single-objective.*use bestTrials/);
    expect(() => multi.bestParams).toThrow(TunekitError);
  });

  it('bestTrials is the Pareto front of a multi-objective study (hand-computed)', async () => {
    // (loss ↓, accuracy ↑): #0 (0.3, 0.80)  #1 (0.2, 0.85)  #2 (0.25, 0.90)  #3 (0.4, 0.95)
    //                        #4 (0.2, 0.70) dominated by #1   #5 (0.5, 0.90) dominated by #2   #6 pruned (0.1, 0.99)
    // #0 is dominated by #1 (0.2 < 0.3, 0.85 > 0.80). Front: #1, #2, #3.
    const study = await studyWith(['minimize', 'maximize'], [
      [[0.3, 0.8], 'complete'],
      [[0.2, 0.85], 'complete'],
      [[0.25, 0.9], 'complete'],
      [[0.4, 0.95], 'complete'],
      [[0.2, 0.7], 'complete'],
      [[0.5, 0.9], 'complete'],
      [undefined, 'pruned'],
    ]);
    expect(study.bestTrials.map((t) => t.number)).toEqual([1, 2, 3]);
    expect(study.bestTrials.map((t) => t.values)).toEqual([[0.2, 0.85], [0.25, 0.9], [0.4, 0.95]]);
  });

  it('other workers\' results show after refresh()', async () => {
    const storage = new InMemoryStorage();
    const mine = await newStudy({ storage, studyName: 'shared' });
    const theirs = await loadStudy({ storage, studyName: 'shared', sampler: new RandomSampler({ seed: 9 }) });
    await mine.tell(await mine.ask(), 5);
    await theirs.tell(await theirs.ask(), 1);
    expect(mine.bestValue).toBe(5);
    await mine.refresh();
    expect(mine.bestValue).toBe(1);
  });
});

describe('getTrials and attributes', () => {
  it('getTrials reads fresh trials, optionally only some states', async () => {
    const study = await newStudy();
    await study.tell(await study.ask(), 1);
    await study.tell(await study.ask(), undefined, { state: 'pruned' });
    await study.tell(await study.ask(), undefined, { state: 'fail' });
    await study.ask();
    await study.enqueueTrial({});
    expect(states(await study.getTrials())).toEqual(['complete', 'pruned', 'fail', 'running', 'waiting']);
    expect((await study.getTrials({ states: ['complete', 'pruned'] })).map((t) => t.number)).toEqual([0, 1]);
    expect((await study.getTrials({ states: ['waiting'] })).map((t) => t.number)).toEqual([4]);
    expect(await study.getTrials({ states: [] })).toEqual([]);
  });

  it('study user and system attributes persist and are visible to a loaded copy', async () => {
    const storage = new InMemoryStorage();
    const study = await newStudy({ storage, studyName: 'attrs' });
    await study.setUserAttr('dataset', 'breast-cancer');
    await study.setUserAttr('folds', [1, 2, 3]);
    await study.setSystemAttr('note', { by: 'test' });
    expect(study.userAttrs).toEqual({ dataset: 'breast-cancer', folds: [1, 2, 3] });
    expect(Object.isFrozen(study.userAttrs)).toBe(true);
    await expect(study.setUserAttr('bad', Number.NaN)).rejects.toBeInstanceOf(InvalidArgumentError);
    const loaded = await loadStudy({ storage, studyName: 'attrs' });
    expect(loaded.userAttrs).toEqual({ dataset: 'breast-cancer', folds: [1, 2, 3] });
    expect(loaded.systemAttrs).toEqual({ note: { by: 'test' } });
  });

  it('trial user attributes are stored with the trial', async () => {
    const study = await newStudy();
    const trial = await study.ask();
    trial.setUserAttr('fold_scores', [0.9, 0.8]);
    await study.tell(trial, 0.85);
    const [stored] = await study.getTrials();
    expect(stored?.userAttrs).toEqual({ fold_scores: [0.9, 0.8] });
  });
});

describe('heartbeats', () => {
  const heartbeat = { intervalMs: 1_000, gracePeriodMs: 5_000 };

  it("a trial whose worker died is failed by another worker's next ask after the grace period, and retried with its params", async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    let clock = 1_000_000;
    const storage = new InMemoryStorage({ now: () => clock });
    const options = { storage, studyName: 'hb', heartbeat, retryFailedTrials: { maxRetries: 1 }, sampler: new RandomSampler({ seed: 2 }), pruner: new NopPruner() };
    const doomed = await createStudy(options);
    const survivor = await loadStudy(options);

    // Worker 1 starts a trial, suggests, reports and keeps beating for a while.
    const lost = await doomed.ask();
    const x = lost.suggestFloat('x', 0, 1);
    const act = lost.suggestCategorical('act', ['relu', 'tanh', 'gelu']);
    lost.setUserAttr('worker', 1);
    await lost.flush();
    clock += 4_000;
    vi.advanceTimersByTime(4_000); // beats at +1s..+4s, stamped with clock +4s
    clock += 4_000; // 4 s since the last beat: within the grace period
    const meanwhile = await survivor.ask();
    expect((await storage.getTrial(lost.trialId)).state).toBe('running');
    await survivor.tell(meanwhile, 1);

    // Worker 1 dies: its heartbeat stops, nothing is told.
    await doomed.close();
    clock += 6_000; // 10 s since the last beat
    const retry = await survivor.ask();

    const failed = await storage.getTrial(lost.trialId);
    expect(failed.state).toBe('fail');
    expect(failed.datetimeComplete).toBeInstanceOf(Date);
    expect(String(failed.systemAttrs.fail_reason)).toMatch(/^Heartbeat stopped: no sign of life for 10000 ms \(grace period 5000 ms\)/);
    expect(retry.number).toBe(2);
    expect(retry.systemAttrs).toMatchObject({ fixed_params: { x, act }, failed_trial: 0, retry_history: [0] });
    expect(retry.suggestFloat('x', 0, 1)).toBe(x);
    expect(retry.suggestCategorical('act', ['relu', 'tanh', 'gelu'])).toBe(act);
    const done = await survivor.tell(retry, 0.5);
    expect(done).toMatchObject({ state: 'complete', params: { x, act }, userAttrs: { worker: 1 } });
    expect(states(await survivor.getTrials())).toEqual(['fail', 'complete', 'complete']);
    await survivor.close();
  });

  it('respects maxRetries: a retry that dies again is not retried once more', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    let clock = 0;
    const storage = new InMemoryStorage({ now: () => clock });
    const options = { storage, studyName: 'hb', heartbeat, retryFailedTrials: { maxRetries: 1 }, sampler: new RandomSampler({ seed: 3 }), pruner: new NopPruner() };
    const dies = async () => {
      const worker = await loadStudy(options);
      const trial = await worker.ask();
      trial.suggestInt('n', 0, 100);
      await trial.flush();
      await worker.close();
      clock += 10_000;
      return trial;
    };
    await createStudy(options);
    const first = await dies(); // #0 dies
    const second = await dies(); // fails #0, claims its retry #1, dies too
    expect(second.number).toBe(1);
    expect(second.systemAttrs).toMatchObject({ failed_trial: 0, retry_history: [0] });
    const last = await loadStudy(options);
    const fresh = await last.ask(); // fails #1; no second retry
    expect(fresh.number).toBe(2);
    expect(fresh.systemAttrs.fixed_params).toBeUndefined();
    const trials = await last.getTrials();
    expect(states(trials)).toEqual(['fail', 'fail', 'running']);
    expect(trials[1]?.params).toEqual(trials[0]?.params);
    expect(first.number).toBe(0);
    await last.close();
  });

  it('without retryFailedTrials, a dead trial is failed and nothing is re-enqueued', async () => {
    let clock = 0;
    const storage = new InMemoryStorage({ now: () => clock });
    const options = { storage, studyName: 'hb', heartbeat };
    const dead = await createStudy(options);
    await dead.ask();
    await dead.close();
    clock += 5_001;
    const alive = await loadStudy(options);
    const trial = await alive.ask();
    expect(trial.number).toBe(1);
    expect(states(await alive.getTrials())).toEqual(['fail', 'running']);
    await alive.close();
  });
});
