import { describe, expect } from 'vitest';
import { InvalidArgumentError } from '../../errors/invalid-argument-error.js';
import { StudyNotFoundError } from '../../errors/study-not-found-error.js';
import { TrialNotFoundError } from '../../errors/trial-not-found-error.js';
import { UpdateFinishedTrialError } from '../../errors/update-finished-trial-error.js';
import type { FrozenTrial } from '../../protocol/frozen-trial.js';
import type { Storage } from '../../protocol/storage.js';
import { expectRejection, expectWellFormedTrial, type ConformanceHarness } from './create-conformance-harness.js';

type HeartbeatStorage = Storage & Required<Pick<Storage, 'recordHeartbeat' | 'failStaleTrials'>>;

/**
 * Heartbeat tests run against `storage.recordHeartbeat` / `failStaleTrials` when both exist.
 * With `context.clock` they move it; otherwise they sleep real time with a grace period large
 * enough for a loaded machine.
 */
export function registerHeartbeatTests(h: ConformanceHarness): void {
  describe('heartbeats', () => {
    /** The storage, or a skip when it has no heartbeats (both members are optional in `Storage`). */
    const heartbeat = (skip: (note: string) => never): HeartbeatStorage => {
      const storage = h.storage();
      const record = typeof storage.recordHeartbeat === 'function';
      const fail = typeof storage.failStaleTrials === 'function';
      if (!record && !fail) skip('this storage implements neither recordHeartbeat nor failStaleTrials (optional Storage members)');
      if (!record || !fail) throw new Error(`a storage must implement both recordHeartbeat and failStaleTrials or neither; this one has only ${record ? 'recordHeartbeat' : 'failStaleTrials'}`);
      return storage as HeartbeatStorage;
    };
    const grace = (): number => (h.context().clock === undefined ? 400 : 10_000);

    h.test('recordHeartbeat and failStaleTrials are implemented together or not at all', async () => {
      const storage = h.storage();
      expect(typeof storage.recordHeartbeat === 'function', 'recordHeartbeat present iff failStaleTrials present').toBe(typeof storage.failStaleTrials === 'function');
    });

    h.test('failStaleTrials fails only running trials whose last heartbeat is older than the grace period', async (skip) => {
      const storage = heartbeat(skip);
      const study = await h.newStudy();
      const other = await h.newStudy(['minimize'], 'heartbeat-other');
      const stale = (await storage.createTrial(study.studyId)) as FrozenTrial;
      const staleToo = (await storage.createTrial(study.studyId)) as FrozenTrial;
      const finished = (await storage.createTrial(study.studyId)) as FrozenTrial;
      const neverBeat = (await storage.createTrial(study.studyId)) as FrozenTrial;
      const waiting = (await storage.createTrial(study.studyId, { template: { state: 'waiting' } })) as FrozenTrial;
      const otherStudyStale = (await storage.createTrial(other.studyId)) as FrozenTrial;
      for (const trial of [stale, staleToo, finished, otherStudyStale]) await storage.recordHeartbeat(trial.trialId);
      await storage.setTrialState(finished.trialId, 'complete', [1]);
      await h.elapse(grace() * 3);
      const fresh = (await storage.createTrial(study.studyId)) as FrozenTrial;
      await storage.recordHeartbeat(fresh.trialId);
      const failed = await storage.failStaleTrials(study.studyId, grace());
      expect(failed.map((t) => t.trialId).sort((a, b) => a - b)).toEqual([stale.trialId, staleToo.trialId].sort((a, b) => a - b));
      for (const trial of failed) {
        expectWellFormedTrial(trial, 1);
        expect(trial.state).toBe('fail');
        expect(typeof trial.systemAttrs.fail_reason).toBe('string');
        expect((trial.systemAttrs.fail_reason as string).length).toBeGreaterThan(0);
        expect(trial.datetimeComplete).toBeInstanceOf(Date);
        expect(await storage.getTrial(trial.trialId)).toEqual(trial);
      }
      expect((await storage.getTrial(fresh.trialId)).state).toBe('running');
      expect((await storage.getTrial(neverBeat.trialId)).state).toBe('running');
      expect((await storage.getTrial(waiting.trialId)).state).toBe('waiting');
      expect(await storage.getTrial(finished.trialId)).toMatchObject({ state: 'complete', values: [1] });
      expect((await storage.getTrial(otherStudyStale.trialId)).state).toBe('running');
      expect(await storage.failStaleTrials(study.studyId, grace()), 'a second call finds nothing new').toEqual([]);
    });

    h.test('a trial failed for a stale heartbeat is final: its worker can no longer write to it', async (skip) => {
      const storage = heartbeat(skip);
      const study = await h.newStudy();
      const trial = (await storage.createTrial(study.studyId)) as FrozenTrial;
      await storage.recordHeartbeat(trial.trialId);
      await h.elapse(grace() * 3);
      expect(await storage.failStaleTrials(study.studyId, grace())).toHaveLength(1);
      await expectRejection(() => storage.setTrialState(trial.trialId, 'complete', [1]), UpdateFinishedTrialError, { state: 'fail' });
      await expectRejection(() => storage.setTrialIntermediateValue(trial.trialId, 0, 1), UpdateFinishedTrialError);
      // Failed trials do not count towards maxTrials: a replacement can start.
      expect(await storage.createTrial(study.studyId, { maxTrials: 1 })).toBeDefined();
    });

    h.test('fresh heartbeats keep a trial alive', async (skip) => {
      const storage = heartbeat(skip);
      const study = await h.newStudy();
      const trial = (await storage.createTrial(study.studyId)) as FrozenTrial;
      for (let beat = 0; beat < 4; beat++) {
        await storage.recordHeartbeat(trial.trialId);
        await h.elapse(grace() / 4);
      }
      await storage.recordHeartbeat(trial.trialId);
      expect(await storage.failStaleTrials(study.studyId, grace())).toEqual([]);
      expect((await storage.getTrial(trial.trialId)).state).toBe('running');
    });

    h.test('two racing failStaleTrials calls return each stale trial exactly once between them', async (skip) => {
      const storage = heartbeat(skip);
      const study = await h.newStudy();
      const trials = await h.all(12, () => storage.createTrial(study.studyId)) as FrozenTrial[];
      for (const trial of trials) await storage.recordHeartbeat(trial.trialId);
      await h.elapse(grace() * 3);
      const results = await Promise.all([storage.failStaleTrials(study.studyId, grace()), storage.failStaleTrials(study.studyId, grace()), storage.failStaleTrials(study.studyId, grace())]);
      const returned = results.flat().map((t) => t.trialId);
      expect(returned.sort((a, b) => a - b)).toEqual(trials.map((t) => t.trialId).sort((a, b) => a - b));
      expect(await storage.countTrials(study.studyId, ['fail'])).toBe(12);
    });

    h.test('failStaleTrials results are frozen; unknown ids and bad grace periods are refused', async (skip) => {
      const storage = heartbeat(skip);
      const study = await h.newStudy();
      const trial = (await storage.createTrial(study.studyId)) as FrozenTrial;
      await storage.recordHeartbeat(trial.trialId);
      await h.elapse(grace() * 3);
      const [failed] = await storage.failStaleTrials(study.studyId, grace());
      expect(failed).toBeDefined();
      expect(() => ((failed?.systemAttrs as Record<string, unknown>).fail_reason = 'x')).toThrow();
      expect((await storage.getTrial(trial.trialId)).systemAttrs.fail_reason).not.toBe('x');
      await expectRejection(() => storage.recordHeartbeat(-1), TrialNotFoundError);
      const gone = await h.newStudy(['minimize'], 'heartbeat-gone');
      await storage.deleteStudy(gone.studyId);
      await expectRejection(() => storage.failStaleTrials(gone.studyId, 1000), StudyNotFoundError);
      for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
        await expectRejection(() => storage.failStaleTrials(study.studyId, bad), InvalidArgumentError);
      }
    });

    h.test('the grace period boundary: a heartbeat exactly gracePeriodMs old is alive, one ms older is stale', async (skip) => {
      const storage = heartbeat(skip);
      const clock = h.context().clock;
      if (clock === undefined) return skip('needs context.clock to place a heartbeat exactly on the boundary');
      const study = await h.newStudy();
      const trial = (await storage.createTrial(study.studyId)) as FrozenTrial;
      await storage.recordHeartbeat(trial.trialId);
      await clock.advance(5000);
      expect(await storage.failStaleTrials(study.studyId, 5000)).toEqual([]);
      await clock.advance(1);
      expect((await storage.failStaleTrials(study.studyId, 5000)).map((t) => t.trialId)).toEqual([trial.trialId]);
    });
  });
}
