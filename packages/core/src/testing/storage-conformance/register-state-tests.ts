import { describe, expect } from 'vitest';
import { floatDistribution, intDistribution } from '../../distributions/distribution-factories.js';
import { InvalidArgumentError } from '../../errors/invalid-argument-error.js';
import { TrialNotFoundError } from '../../errors/trial-not-found-error.js';
import { UpdateFinishedTrialError } from '../../errors/update-finished-trial-error.js';
import type { FrozenTrial } from '../../protocol/frozen-trial.js';
import type { Storage } from '../../protocol/storage.js';
import { expectRejection, expectWellFormedTrial, type ConformanceHarness } from './create-conformance-harness.js';

/** Every kind of write to a trial, each a different value so that a silent success shows. */
function writes(storage: Storage, trialId: number): [string, () => Promise<unknown>][] {
  return [
    ['setTrialState complete', () => storage.setTrialState(trialId, 'complete', [42])],
    ['setTrialState pruned', () => storage.setTrialState(trialId, 'pruned')],
    ['setTrialState fail', () => storage.setTrialState(trialId, 'fail')],
    ['setTrialParam (new name)', () => storage.setTrialParam(trialId, 'late', 0.5, floatDistribution(0, 1))],
    ['setTrialParam (existing name)', () => storage.setTrialParam(trialId, 'x', 0.75, floatDistribution(0, 1))],
    ['setTrialIntermediateValue (new step)', () => storage.setTrialIntermediateValue(trialId, 99, 1)],
    ['setTrialIntermediateValue (existing step)', () => storage.setTrialIntermediateValue(trialId, 0, 1)],
    ['setTrialUserAttr', () => storage.setTrialUserAttr(trialId, 'late', 'value')],
    ['setTrialUserAttr (existing key)', () => storage.setTrialUserAttr(trialId, 'u', 'changed')],
    ['setTrialSystemAttr', () => storage.setTrialSystemAttr(trialId, 'late', 'value')],
  ];
}

export function registerStateTests(h: ConformanceHarness): void {
  describe('trial state machine', () => {
    h.test('running → complete stores the values and a datetimeComplete', async () => {
      const storage = h.storage();
      const study = await h.newStudy(['minimize', 'maximize'], 'complete');
      const trial = (await storage.createTrial(study.studyId)) as FrozenTrial;
      await storage.setTrialState(trial.trialId, 'complete', [1.5, -2]);
      const done = await storage.getTrial(trial.trialId);
      expectWellFormedTrial(done, 2);
      expect(done.state).toBe('complete');
      expect(done.values).toEqual([1.5, -2]);
      expect(done.datetimeComplete).toBeInstanceOf(Date);
      expect(done.datetimeStart?.getTime()).toBe(trial.datetimeStart?.getTime());
      expect((done.datetimeComplete as Date).getTime()).toBeGreaterThanOrEqual((done.datetimeStart as Date).getTime());
    });

    h.test('running → pruned and running → fail, with or without values', async () => {
      const storage = h.storage();
      const study = await h.newStudy();
      const cases: ['pruned' | 'fail', number[] | undefined][] = [['pruned', undefined], ['pruned', [0.25]], ['fail', undefined], ['fail', [7]]];
      for (const [state, values] of cases) {
        const trial = (await storage.createTrial(study.studyId)) as FrozenTrial;
        await storage.setTrialState(trial.trialId, state, values);
        const done = await storage.getTrial(trial.trialId);
        expectWellFormedTrial(done, 1);
        expect(done.state).toBe(state);
        expect(done.values).toEqual(values);
        expect(done.datetimeComplete).toBeInstanceOf(Date);
      }
    });

    h.test('complete requires values, one per direction (InvalidArgumentError); the trial stays running and untouched', async () => {
      const storage = h.storage();
      const study = await h.newStudy(['minimize', 'maximize'], 'arity');
      const trial = (await storage.createTrial(study.studyId)) as FrozenTrial;
      const bad: unknown[] = [undefined, [], [1], [1, 2, 3], [1, Number.NaN], [Number.NaN, Number.NaN], ['1', 2], [1, null], 1, new Float64Array([1, 2])];
      for (const values of bad) {
        await expectRejection(() => storage.setTrialState(trial.trialId, 'complete', values as number[]), InvalidArgumentError);
      }
      for (const values of [[1], [1, 2, 3]]) {
        await expectRejection(() => storage.setTrialState(trial.trialId, 'pruned', values), InvalidArgumentError);
        await expectRejection(() => storage.setTrialState(trial.trialId, 'fail', values), InvalidArgumentError);
      }
      expect(await storage.getTrial(trial.trialId)).toEqual(trial);
      await storage.setTrialState(trial.trialId, 'complete', [1, 2]);
      expect((await storage.getTrial(trial.trialId)).values).toEqual([1, 2]);
    });

    h.test("setTrialState refuses a state that is not 'complete', 'pruned' or 'fail' (InvalidArgumentError)", async () => {
      const storage = h.storage();
      const study = await h.newStudy();
      const trial = (await storage.createTrial(study.studyId)) as FrozenTrial;
      for (const state of ['running', 'waiting', 'COMPLETE', 'done', undefined]) {
        await expectRejection(() => storage.setTrialState(trial.trialId, state as 'complete', [1]), InvalidArgumentError);
      }
      expect(await storage.getTrial(trial.trialId)).toEqual(trial);
    });

    for (const finalState of ['complete', 'pruned', 'fail'] as const) {
      h.test(`every write to a ${finalState} trial throws UpdateFinishedTrialError (.trialNumber, .state) and changes nothing`, async () => {
        const storage = h.storage();
        const study = await h.newStudy(['minimize'], `finished-${finalState}`);
        await storage.createTrial(study.studyId); // so that the finished trial is number 1
        const trial = (await storage.createTrial(study.studyId)) as FrozenTrial;
        await storage.setTrialParam(trial.trialId, 'x', 0.5, floatDistribution(0, 1));
        await storage.setTrialIntermediateValue(trial.trialId, 0, 3);
        await storage.setTrialUserAttr(trial.trialId, 'u', 'kept');
        await storage.setTrialState(trial.trialId, finalState, finalState === 'complete' ? [1] : undefined);
        const before = await storage.getTrial(trial.trialId);
        for (const [what, write] of writes(storage, trial.trialId)) {
          const error = await expectRejection(write, UpdateFinishedTrialError, { trialId: trial.trialId, trialNumber: 1, state: finalState });
          expect(error.message.length, what).toBeGreaterThan(0);
        }
        expect(await storage.getTrial(trial.trialId)).toEqual(before);
        expect((await storage.getAllTrials(study.studyId))[1]).toEqual(before);
      });
    }

    h.test('concurrent attempts to finish one trial: exactly one wins, the rest throw UpdateFinishedTrialError', async () => {
      const storage = h.storage();
      const study = await h.newStudy();
      const trial = (await storage.createTrial(study.studyId)) as FrozenTrial;
      const states = ['complete', 'fail', 'pruned'] as const;
      const results = await h.settle(12, (i) => storage.setTrialState(trial.trialId, states[i % 3] as 'complete', [i]));
      const winners = results.flatMap((result, index) => (result.status === 'fulfilled' ? [index] : []));
      expect(winners).toHaveLength(1);
      for (const result of results) {
        if (result.status === 'rejected') expect(result.reason, String(result.reason)).toMatchObject({ name: 'UpdateFinishedTrialError', trialId: trial.trialId });
      }
      const winner = winners[0] as number;
      const done = await storage.getTrial(trial.trialId);
      expect(done.state).toBe(states[winner % 3]);
      expect(done.values).toEqual([winner]);
    });

    h.test('unknown trial ids throw TrialNotFoundError from every trial method', async () => {
      const storage = h.storage();
      const study = await h.newStudy();
      const trial = (await storage.createTrial(study.studyId)) as FrozenTrial;
      await storage.deleteStudy(study.studyId);
      for (const trialId of [trial.trialId, -1]) {
        await expectRejection(() => storage.getTrial(trialId), TrialNotFoundError, { trialId });
        await expectRejection(() => storage.setTrialState(trialId, 'complete', [1]), TrialNotFoundError);
        await expectRejection(() => storage.setTrialParam(trialId, 'x', 1, intDistribution(0, 1)), TrialNotFoundError);
        await expectRejection(() => storage.setTrialIntermediateValue(trialId, 0, 1), TrialNotFoundError);
        await expectRejection(() => storage.setTrialUserAttr(trialId, 'k', 1), TrialNotFoundError);
        await expectRejection(() => storage.setTrialSystemAttr(trialId, 'k', 1), TrialNotFoundError);
      }
    });
  });
}
