import { describe, expect } from 'vitest';
import { categoricalDistribution, floatDistribution, intDistribution } from '../../distributions/distribution-factories.js';
import { InvalidArgumentError } from '../../errors/invalid-argument-error.js';
import { InvalidDistributionError } from '../../errors/invalid-distribution-error.js';
import { StorageError } from '../../errors/storage-error.js';
import type { FrozenTrial } from '../../protocol/frozen-trial.js';
import type { TrialTemplate } from '../../protocol/storage.js';
import type { TrialState } from '../../protocol/trial-state.js';
import { expectRejection, expectWellFormedTrial, type ConformanceHarness } from './create-conformance-harness.js';
import { SAMPLE_ATTRS } from './register-study-tests.js';

function defined<T>(value: T | undefined, what: string): T {
  if (value === undefined) expect.fail(`expected ${what}, got undefined`);
  return value;
}

export function registerTrialTests(h: ConformanceHarness): void {
  describe('trial creation and numbering', () => {
    h.test('createTrial makes an empty running trial numbered 0 with a datetimeStart', async () => {
      const storage = h.storage();
      const study = await h.newStudy();
      const trial = defined(await storage.createTrial(study.studyId), 'a trial');
      expectWellFormedTrial(trial, 1);
      expect(trial).toMatchObject({ number: 0, state: 'running', values: undefined, params: {}, distributions: {}, userAttrs: {}, systemAttrs: {}, datetimeComplete: undefined });
      expect(trial.intermediateValues.size).toBe(0);
      expect(trial.datetimeStart).toBeInstanceOf(Date);
      expect(await storage.getTrial(trial.trialId)).toEqual(trial);
    });

    h.test('numbers are dense 0..n-1 per study, independent across studies; trialIds are unique across studies', async () => {
      const storage = h.storage();
      const a = await h.newStudy(['minimize'], 'numbers-a');
      const b = await h.newStudy(['maximize'], 'numbers-b');
      const created: FrozenTrial[] = [];
      for (let i = 0; i < 12; i++) {
        created.push(defined(await storage.createTrial(i % 3 === 0 ? b.studyId : a.studyId), 'a trial'));
      }
      const inA = (await storage.getAllTrials(a.studyId)).map((t) => t.number);
      const inB = (await storage.getAllTrials(b.studyId)).map((t) => t.number);
      expect(inA).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      expect(inB).toEqual([0, 1, 2, 3]);
      expect(new Set(created.map((t) => t.trialId)).size).toBe(12);
    });

    h.test('numbers stay dense and unique under concurrent createTrial calls (mixed with waiting trials)', async () => {
      const storage = h.storage();
      const study = await h.newStudy();
      const trials = await h.all(60, (i) => storage.createTrial(study.studyId, i % 5 === 0 ? { template: { state: 'waiting' } } : {}));
      const numbers = trials.map((t) => defined(t, 'a trial').number).sort((x, y) => x - y);
      expect(numbers).toEqual(Array.from({ length: 60 }, (_, i) => i));
      expect(new Set(trials.map((t) => t?.trialId)).size).toBe(60);
      expect(await storage.countTrials(study.studyId)).toBe(60);
      expect(await storage.countTrials(study.studyId, ['waiting'])).toBe(12);
      const stored = await storage.getAllTrials(study.studyId);
      expect(stored.map((t) => t.number)).toEqual(numbers);
      for (const trial of stored) {
        expectWellFormedTrial(trial, 1);
        expect(trial).toEqual(trials.find((t) => t?.trialId === trial.trialId));
      }
    });

    h.test('a waiting template enqueues a trial without datetimeStart, keeping its fixed params in system attrs', async () => {
      const storage = h.storage();
      const study = await h.newStudy();
      const fixed = { x: 0.25, act: 'relu', nested: { a: [1, null] } };
      const trial = defined(await storage.createTrial(study.studyId, { template: { state: 'waiting', systemAttrs: { fixed_params: fixed }, userAttrs: { note: 'queued' } } }), 'a trial');
      expectWellFormedTrial(trial, 1);
      expect(trial).toMatchObject({ state: 'waiting', number: 0, values: undefined, datetimeStart: undefined, datetimeComplete: undefined, systemAttrs: { fixed_params: fixed }, userAttrs: { note: 'queued' } });
      expect(await storage.getTrial(trial.trialId)).toEqual(trial);
    });

    h.test('a complete template (addTrial) stores values, params, intermediate values, attrs and datetimes in one step', async () => {
      const storage = h.storage();
      const study = await h.newStudy(['minimize', 'maximize'], 'add-trial');
      const start = new Date(Date.UTC(2023, 4, 6, 7, 8, 9, 123));
      const end = new Date(Date.UTC(2023, 4, 6, 9, 0, 0, 987));
      const template: TrialTemplate = {
        state: 'complete',
        values: [0.125, -3.5],
        params: {
          lr: { internal: 0.001, distribution: floatDistribution(1e-5, 1e-1, { log: true }) },
          depth: { internal: 7, distribution: intDistribution(2, 32) },
          act: { internal: 1, distribution: categoricalDistribution(['relu', 'tanh', null]) },
        },
        intermediateValues: new Map<number, number | number[]>([[3, 0.5], [0, 2], [1, [1, 2]]]),
        userAttrs: SAMPLE_ATTRS,
        systemAttrs: { source: 'addTrial', list: [1, 'a'] },
        datetimeStart: start,
        datetimeComplete: end,
      };
      const trial = defined(await storage.createTrial(study.studyId, { template }), 'a trial');
      expectWellFormedTrial(trial, 2);
      expect(trial.state).toBe('complete');
      expect(trial.values).toEqual([0.125, -3.5]);
      expect(trial.params).toEqual({ lr: 0.001, depth: 7, act: 'tanh' });
      expect(trial.distributions).toEqual({ lr: floatDistribution(1e-5, 1e-1, { log: true }), depth: intDistribution(2, 32), act: categoricalDistribution(['relu', 'tanh', null]) });
      expect([...trial.intermediateValues]).toEqual([[0, 2], [1, [1, 2]], [3, 0.5]]);
      expect(trial.userAttrs).toEqual(SAMPLE_ATTRS);
      expect(trial.systemAttrs).toEqual({ source: 'addTrial', list: [1, 'a'] });
      expect(trial.datetimeStart?.getTime()).toBe(start.getTime());
      expect(trial.datetimeComplete?.getTime()).toBe(end.getTime());
      expect(await storage.getTrial(trial.trialId)).toEqual(trial);
    });

    h.test('finished templates default their datetimes; pruned and fail templates take optional values', async () => {
      const storage = h.storage();
      const study = await h.newStudy();
      const complete = defined(await storage.createTrial(study.studyId, { template: { state: 'complete', values: [1] } }), 'a trial');
      const pruned = defined(await storage.createTrial(study.studyId, { template: { state: 'pruned' } }), 'a trial');
      const prunedWithValue = defined(await storage.createTrial(study.studyId, { template: { state: 'pruned', values: [0.5], intermediateValues: new Map([[4, 0.5]]) } }), 'a trial');
      const failed = defined(await storage.createTrial(study.studyId, { template: { state: 'fail', systemAttrs: { fail_reason: 'boom' } } }), 'a trial');
      for (const trial of [complete, pruned, prunedWithValue, failed]) {
        expectWellFormedTrial(trial, 1);
        expect(trial.datetimeStart).toBeInstanceOf(Date);
        expect(trial.datetimeComplete).toBeInstanceOf(Date);
        expect(await storage.getTrial(trial.trialId)).toEqual(trial);
      }
      expect(pruned.values).toBeUndefined();
      expect(prunedWithValue.values).toEqual([0.5]);
      expect(failed.systemAttrs).toEqual({ fail_reason: 'boom' });
      expect((await storage.getAllTrials(study.studyId)).map((t) => t.state)).toEqual(['complete', 'pruned', 'pruned', 'fail']);
    });

    h.test('an invalid template is refused before anything is stored (no trial, no number used)', async () => {
      const storage = h.storage();
      const study = await h.newStudy(['minimize', 'minimize'], 'bad-template');
      const dist = floatDistribution(0, 1);
      const bad: TrialTemplate[] = [
        { state: 'complete' },
        { state: 'complete', values: [1] },
        { state: 'complete', values: [1, 2, 3] },
        { state: 'complete', values: [1, Number.NaN] },
        { state: 'complete', values: [1, '2' as unknown as number] },
        { state: 'pruned', values: [1] },
        { state: 'running', values: [1, 2] },
        { state: 'waiting', values: [1, 2] },
        { state: 'bogus' as TrialState },
        { params: { x: { internal: Number.NaN, distribution: dist } } },
        { params: { c: { internal: 3, distribution: categoricalDistribution(['a', 'b', 'c']) } } },
        { params: { i: { internal: 2.5, distribution: intDistribution(0, 10) } } },
        { intermediateValues: new Map([[-1, 1]]) },
        { intermediateValues: new Map([[1.5, 1]]) },
        { intermediateValues: new Map([[0, 'x' as unknown as number]]) },
        { userAttrs: { bad: Number.NaN } },
        { systemAttrs: { bad: undefined as unknown as null } },
        { state: 'complete', values: [1, 2], datetimeStart: new Date(Number.NaN) },
      ];
      for (const template of bad) {
        await expectRejection(() => storage.createTrial(study.studyId, { template }), InvalidArgumentError);
      }
      await expectRejection(
        () => storage.createTrial(study.studyId, { template: { params: { x: { internal: 0, distribution: { type: 'float', low: 2, high: 1, log: false, step: undefined } } } } }),
        InvalidDistributionError,
      );
      expect(await storage.countTrials(study.studyId)).toBe(0);
      expect((await storage.createTrial(study.studyId))?.number).toBe(0);
    });
  });

  describe('claimWaitingTrial', () => {
    h.test('claims waiting trials oldest first (FIFO by number), moving them to running with a datetimeStart', async () => {
      const storage = h.storage();
      const study = await h.newStudy();
      const waiting: FrozenTrial[] = [];
      for (let i = 0; i < 5; i++) {
        waiting.push(defined(await storage.createTrial(study.studyId, { template: { state: 'waiting', systemAttrs: { fixed_params: { i } } } }), 'a trial'));
        await storage.createTrial(study.studyId); // running trials in between are never claimed
      }
      for (const expected of waiting) {
        const claimed = defined(await storage.claimWaitingTrial(study.studyId), 'a claimed trial');
        expectWellFormedTrial(claimed, 1);
        expect(claimed.trialId).toBe(expected.trialId);
        expect(claimed.number).toBe(expected.number);
        expect(claimed.state).toBe('running');
        expect(claimed.datetimeStart).toBeInstanceOf(Date);
        expect(claimed.systemAttrs).toEqual(expected.systemAttrs);
        expect(await storage.getTrial(claimed.trialId)).toEqual(claimed);
      }
      expect(await storage.claimWaitingTrial(study.studyId)).toBeUndefined();
      expect(await storage.countTrials(study.studyId, ['running'])).toBe(10);
    });

    h.test('returns undefined when nothing is waiting, and only claims from its own study', async () => {
      const storage = h.storage();
      const a = await h.newStudy(['minimize'], 'claim-a');
      const b = await h.newStudy(['minimize'], 'claim-b');
      expect(await storage.claimWaitingTrial(a.studyId)).toBeUndefined();
      const waitingInB = defined(await storage.createTrial(b.studyId, { template: { state: 'waiting' } }), 'a trial');
      expect(await storage.claimWaitingTrial(a.studyId)).toBeUndefined();
      expect((await storage.getTrial(waitingInB.trialId)).state).toBe('waiting');
      expect((await storage.claimWaitingTrial(b.studyId))?.trialId).toBe(waitingInB.trialId);
    });

    h.test('50 concurrent claims over 20 waiting trials hand out each trial exactly once', async () => {
      const storage = h.storage();
      const study = await h.newStudy();
      const waiting = [];
      for (let i = 0; i < 20; i++) waiting.push(defined(await storage.createTrial(study.studyId, { template: { state: 'waiting' } }), 'a trial'));
      const claims = await h.all(50, () => storage.claimWaitingTrial(study.studyId));
      const claimed = claims.filter((t): t is FrozenTrial => t !== undefined);
      expect(claimed).toHaveLength(20);
      expect(new Set(claimed.map((t) => t.trialId)).size).toBe(20);
      expect(claimed.map((t) => t.trialId).sort((x, y) => x - y)).toEqual(waiting.map((t) => t.trialId).sort((x, y) => x - y));
      for (const trial of claimed) expect(trial.state).toBe('running');
      expect(await storage.countTrials(study.studyId, ['waiting'])).toBe(0);
      expect(await storage.countTrials(study.studyId, ['running'])).toBe(20);
    });

    h.test('a waiting trial cannot be finished before it is claimed (StorageError) and stays claimable', async () => {
      const storage = h.storage();
      const study = await h.newStudy();
      const waiting = defined(await storage.createTrial(study.studyId, { template: { state: 'waiting' } }), 'a trial');
      await expectRejection(() => storage.setTrialState(waiting.trialId, 'complete', [1]), StorageError);
      await expectRejection(() => storage.setTrialState(waiting.trialId, 'fail'), StorageError);
      expect(await storage.getTrial(waiting.trialId)).toEqual(waiting);
      expect((await storage.claimWaitingTrial(study.studyId))?.trialId).toBe(waiting.trialId);
    });
  });

  describe('maxTrials', () => {
    h.test('createTrial stops at maxTrials, sequentially and with maxTrials 0', async () => {
      const storage = h.storage();
      const study = await h.newStudy();
      expect(await storage.createTrial(study.studyId, { maxTrials: 0 })).toBeUndefined();
      for (let i = 0; i < 3; i++) expect((await storage.createTrial(study.studyId, { maxTrials: 3 }))?.number).toBe(i);
      expect(await storage.createTrial(study.studyId, { maxTrials: 3 })).toBeUndefined();
      expect((await storage.createTrial(study.studyId, { maxTrials: 4 }))?.number).toBe(3);
      expect(await storage.countTrials(study.studyId)).toBe(4);
      await expectRejection(() => storage.createTrial(study.studyId, { maxTrials: Number.NaN }), InvalidArgumentError);
      await expectRejection(() => storage.createTrial(study.studyId, { maxTrials: -1 }), InvalidArgumentError);
      expect(await storage.countTrials(study.studyId)).toBe(4);
    });

    h.test('100 concurrent createTrial calls with maxTrials 37 create exactly 37 trials, numbered 0..36', async () => {
      const storage = h.storage();
      const study = await h.newStudy();
      const results = await h.all(100, () => storage.createTrial(study.studyId, { maxTrials: 37 }));
      const created = results.filter((t): t is FrozenTrial => t !== undefined);
      expect(created).toHaveLength(37);
      expect(created.map((t) => t.number).sort((x, y) => x - y)).toEqual(Array.from({ length: 37 }, (_, i) => i));
      expect(await storage.countTrials(study.studyId)).toBe(37);
    });

    h.test('failed trials do not count towards the cap; running, complete and pruned do', async () => {
      const storage = h.storage();
      const study = await h.newStudy();
      const t = await h.all(5, () => storage.createTrial(study.studyId, { maxTrials: 5 }));
      expect(await storage.createTrial(study.studyId, { maxTrials: 5 })).toBeUndefined();
      await storage.setTrialState(defined(t[0], 'trial 0').trialId, 'fail');
      await storage.setTrialState(defined(t[1], 'trial 1').trialId, 'fail');
      await storage.setTrialState(defined(t[2], 'trial 2').trialId, 'complete', [1]);
      await storage.setTrialState(defined(t[3], 'trial 3').trialId, 'pruned');
      const refill = await h.all(10, () => storage.createTrial(study.studyId, { maxTrials: 5 }));
      expect(refill.filter((x) => x !== undefined)).toHaveLength(2);
      expect(await storage.countTrials(study.studyId)).toBe(7);
      expect(await storage.countTrials(study.studyId, ['running', 'complete', 'pruned'])).toBe(5);
      // Waiting trials can still be enqueued, but not claimed past the cap.
      const waiting = defined(await storage.createTrial(study.studyId, { template: { state: 'waiting' } }), 'a trial');
      expect(await storage.claimWaitingTrial(study.studyId, { maxTrials: 5 })).toBeUndefined();
      expect((await storage.getTrial(waiting.trialId)).state).toBe('waiting');
      expect((await storage.claimWaitingTrial(study.studyId, { maxTrials: 6 }))?.trialId).toBe(waiting.trialId);
    });

    h.test('finished templates (addTrial) also respect the cap', async () => {
      const storage = h.storage();
      const study = await h.newStudy();
      expect(await storage.createTrial(study.studyId, { maxTrials: 1, template: { state: 'complete', values: [1] } })).toBeDefined();
      expect(await storage.createTrial(study.studyId, { maxTrials: 1, template: { state: 'complete', values: [2] } })).toBeUndefined();
      expect(await storage.countTrials(study.studyId)).toBe(1);
    });

    h.test('concurrent claims and creates share one exact cap', async () => {
      const storage = h.storage();
      const study = await h.newStudy();
      for (let i = 0; i < 20; i++) await storage.createTrial(study.studyId, { template: { state: 'waiting' } });
      const results = await h.all(60, (i) => (i % 2 === 0 ? storage.claimWaitingTrial(study.studyId, { maxTrials: 25 }) : storage.createTrial(study.studyId, { maxTrials: 25 })));
      const started = results.filter((t): t is FrozenTrial => t !== undefined);
      expect(started).toHaveLength(25);
      expect(new Set(started.map((t) => t.trialId)).size).toBe(25);
      expect(await storage.countTrials(study.studyId, ['running'])).toBe(25);
      const trials = await storage.getAllTrials(study.studyId);
      expect(trials.map((t) => t.number)).toEqual(Array.from({ length: trials.length }, (_, i) => i));
    });
  });
}
