import { describe, expect } from 'vitest';
import type { FrozenTrial } from '../../protocol/frozen-trial.js';
import type { TrialState } from '../../protocol/trial-state.js';
import { expectWellFormedTrial, type ConformanceHarness } from './create-conformance-harness.js';
import { SAMPLE_ATTRS } from './register-study-tests.js';

const DEFAULT_CLOCK_TOLERANCE_MS = 60_000;

export function registerQueryTests(h: ConformanceHarness): void {
  describe('getAllTrials and countTrials', () => {
    h.test('filter by states, keep number order, and agree with countTrials', async () => {
      const storage = h.storage();
      const study = await h.newStudy();
      const other = await h.newStudy(['minimize'], 'other');
      const plan: TrialState[] = ['complete', 'running', 'waiting', 'fail', 'pruned', 'complete', 'waiting', 'running', 'fail', 'complete'];
      for (const state of plan) {
        if (state === 'waiting') {
          await storage.createTrial(study.studyId, { template: { state: 'waiting' } });
          continue;
        }
        const trial = (await storage.createTrial(study.studyId)) as FrozenTrial;
        if (state !== 'running') await storage.setTrialState(trial.trialId, state, state === 'complete' ? [trial.number] : undefined);
      }
      await storage.createTrial(other.studyId);
      const all = await storage.getAllTrials(study.studyId);
      expect(all.map((t) => t.state)).toEqual(plan);
      expect(all.map((t) => t.number)).toEqual(plan.map((_, i) => i));
      for (const trial of all) expectWellFormedTrial(trial, 1);
      const filters: TrialState[][] = [['complete'], ['running'], ['waiting'], ['fail'], ['pruned'], ['complete', 'pruned'], ['fail', 'waiting', 'running'], ['running', 'complete', 'pruned', 'fail', 'waiting'], []];
      for (const states of filters) {
        const expected = plan.flatMap((state, number) => (states.includes(state) ? [number] : []));
        const filtered = await storage.getAllTrials(study.studyId, { states });
        expect(filtered.map((t) => t.number), `states ${states.join(',')}`).toEqual(expected);
        expect(filtered).toEqual(all.filter((t) => states.includes(t.state)));
        expect(await storage.countTrials(study.studyId, states), `count ${states.join(',')}`).toBe(expected.length);
      }
      expect(await storage.countTrials(study.studyId)).toBe(plan.length);
      expect(await storage.getAllTrials(study.studyId, {})).toEqual(all);
      expect(await storage.countTrials(other.studyId)).toBe(1);
    });

    h.test('reads reflect every write made since the previous read (no stale snapshots)', async () => {
      const storage = h.storage();
      const study = await h.newStudy();
      const trial = (await storage.createTrial(study.studyId)) as FrozenTrial;
      const first = await storage.getAllTrials(study.studyId);
      await storage.setTrialUserAttr(trial.trialId, 'k', 1);
      expect((await storage.getAllTrials(study.studyId))[0]?.userAttrs).toEqual({ k: 1 });
      await storage.setTrialIntermediateValue(trial.trialId, 0, 2);
      expect((await storage.getAllTrials(study.studyId, { states: ['running'] }))[0]?.intermediateValues.get(0)).toBe(2);
      await storage.createTrial(study.studyId);
      expect(await storage.getAllTrials(study.studyId)).toHaveLength(2);
      await storage.setTrialState(trial.trialId, 'complete', [5]);
      expect((await storage.getTrial(trial.trialId)).state).toBe('complete');
      expect((await storage.getAllTrials(study.studyId))[0]?.values).toEqual([5]);
      expect(await storage.countTrials(study.studyId, ['complete'])).toBe(1);
      expect(first).toHaveLength(1);
      expect(first[0]?.state).toBe('running');
    });

    h.test('trial user and system attrs round-trip and overwrite', async () => {
      const storage = h.storage();
      const study = await h.newStudy();
      const trial = (await storage.createTrial(study.studyId)) as FrozenTrial;
      for (const [key, value] of Object.entries(SAMPLE_ATTRS)) {
        await storage.setTrialUserAttr(trial.trialId, key, value);
        await storage.setTrialSystemAttr(trial.trialId, key, [value]);
      }
      await storage.setTrialUserAttr(trial.trialId, '__proto__', { polluted: true });
      await storage.setTrialUserAttr(trial.trialId, 'emptyString', 'overwritten');
      const stored = await storage.getTrial(trial.trialId);
      const expectedUser: Record<string, unknown> = { ...SAMPLE_ATTRS, emptyString: 'overwritten' };
      Object.defineProperty(expectedUser, '__proto__', { value: { polluted: true }, enumerable: true, writable: true, configurable: true });
      expect(Object.keys(stored.userAttrs).sort()).toEqual(Object.keys(expectedUser).sort());
      for (const key of Object.keys(expectedUser)) expect(Object.getOwnPropertyDescriptor(stored.userAttrs, key)?.value, key).toEqual(expectedUser[key]);
      expect(stored.systemAttrs).toEqual(Object.fromEntries(Object.entries(SAMPLE_ATTRS).map(([k, v]) => [k, [v]])));
    });
  });

  describe('datetimes', () => {
    h.test('running trials get datetimeStart; waiting trials none until claimed; finishing sets datetimeComplete', async () => {
      const storage = h.storage();
      const clock = h.context().clock;
      const tolerance = h.options.clockToleranceMs ?? DEFAULT_CLOCK_TOLERANCE_MS;
      const now = (): number => (clock === undefined ? Date.now() : clock.now());
      const expectNow = (date: Date | undefined, before: number, after: number, what: string): void => {
        expect(date, what).toBeInstanceOf(Date);
        const time = (date as Date).getTime();
        if (clock !== undefined) expect(time, what).toBe(now());
        else {
          expect(time, `${what} not before the call`).toBeGreaterThanOrEqual(before - tolerance);
          expect(time, `${what} not after the call`).toBeLessThanOrEqual(after + tolerance);
        }
      };
      const study = await h.newStudy();
      let before = now();
      const running = (await storage.createTrial(study.studyId)) as FrozenTrial;
      expectNow(running.datetimeStart, before, now(), 'running.datetimeStart');
      expect(running.datetimeComplete).toBeUndefined();
      const waiting = (await storage.createTrial(study.studyId, { template: { state: 'waiting' } })) as FrozenTrial;
      expect(waiting.datetimeStart).toBeUndefined();
      expect((await storage.getTrial(waiting.trialId)).datetimeStart).toBeUndefined();
      await h.elapse(clock === undefined ? 20 : 1500);
      before = now();
      const claimed = (await storage.claimWaitingTrial(study.studyId)) as FrozenTrial;
      expectNow(claimed.datetimeStart, before, now(), 'claimed.datetimeStart');
      expect(claimed.datetimeComplete).toBeUndefined();
      await h.elapse(clock === undefined ? 20 : 2500);
      before = now();
      await storage.setTrialState(running.trialId, 'complete', [1]);
      const done = await storage.getTrial(running.trialId);
      expectNow(done.datetimeComplete, before, now(), 'done.datetimeComplete');
      expect(done.datetimeStart?.getTime()).toBe(running.datetimeStart?.getTime());
      expect((done.datetimeComplete as Date).getTime()).toBeGreaterThanOrEqual((done.datetimeStart as Date).getTime());
      if (clock !== undefined) expect((done.datetimeComplete as Date).getTime() - (done.datetimeStart as Date).getTime()).toBe(4000);
      await storage.setTrialState(claimed.trialId, 'pruned');
      const prunedDone = await storage.getTrial(claimed.trialId);
      expect(prunedDone.datetimeComplete).toBeInstanceOf(Date);
      expect(prunedDone.datetimeStart?.getTime()).toBe(claimed.datetimeStart?.getTime());
    });

    h.test('explicit template datetimes round-trip to the millisecond, across years and time zones', async () => {
      const storage = h.storage();
      const study = await h.newStudy();
      const dates = [
        [new Date(Date.UTC(1999, 11, 31, 23, 59, 59, 999)), new Date(Date.UTC(2000, 0, 1, 0, 0, 0, 1))],
        [new Date(Date.UTC(2024, 1, 29, 12, 0, 0, 500)), new Date(Date.UTC(2024, 2, 31, 1, 30, 0, 0))],
        [new Date('2021-07-04T10:11:12.013+05:30'), new Date('2021-07-04T10:11:12.014-08:00')],
      ] as const;
      for (const [start, end] of dates) {
        const trial = (await storage.createTrial(study.studyId, { template: { state: 'fail', datetimeStart: start, datetimeComplete: end } })) as FrozenTrial;
        const stored = await storage.getTrial(trial.trialId);
        expect(stored.datetimeStart?.getTime()).toBe(start.getTime());
        expect(stored.datetimeComplete?.getTime()).toBe(end.getTime());
      }
    });
  });
}
