import { describe, expect } from 'vitest';
import { categoricalDistribution, floatDistribution, intDistribution } from '../../distributions/distribution-factories.js';
import type { FrozenTrial } from '../../protocol/frozen-trial.js';
import type { StudyRecord } from '../../protocol/storage.js';
import { expectWellFormedTrial, type ConformanceHarness } from './create-conformance-harness.js';

const X = floatDistribution(-1000, 1000);
const N = intDistribution(0, 10_000);
const KIND = categoricalDistribution(['even', 'odd', null]);

export function registerConcurrencyTests(h: ConformanceHarness): void {
  describe('many concurrent operations', () => {
    h.test('200 concurrent trial lifecycles across 4 studies (create, params, reports, attrs, finish) all land intact', async () => {
      const storage = h.storage();
      const studies: StudyRecord[] = [];
      for (let s = 0; s < 4; s++) studies.push(await h.newStudy(s % 2 === 0 ? ['minimize'] : ['maximize'], `concurrent-${s}`));
      const finalState = (i: number): 'complete' | 'pruned' | 'fail' => (i % 10 === 9 ? 'fail' : i % 10 === 8 ? 'pruned' : 'complete');
      const lifecycles = await h.all(200, async (i) => {
        const study = studies[i % 4] as StudyRecord;
        const trial = (await storage.createTrial(study.studyId)) as FrozenTrial;
        // Writes of one trial are issued together too: a backend must not lose any of them.
        await Promise.all([
          storage.setTrialParam(trial.trialId, 'x', i / 7, X),
          storage.setTrialParam(trial.trialId, 'n', i, N),
          storage.setTrialParam(trial.trialId, 'kind', i % 2, KIND),
          storage.setTrialUserAttr(trial.trialId, 'i', i),
          storage.setTrialSystemAttr(trial.trialId, 'tag', { i, s: `t${i}` }),
          storage.setTrialIntermediateValue(trial.trialId, 0, i),
          storage.setTrialIntermediateValue(trial.trialId, 1, -i),
        ]);
        const state = finalState(i);
        await storage.setTrialState(trial.trialId, state, state === 'complete' ? [i * 1.5] : undefined);
        return { i, studyId: study.studyId, trialId: trial.trialId, number: trial.number };
      });
      const ids = new Set(lifecycles.map((l) => l.trialId));
      expect(ids.size, 'trialIds are unique across studies').toBe(200);
      for (const study of studies) {
        const trials = await storage.getAllTrials(study.studyId);
        expect(trials.map((t) => t.number), `numbers of ${study.studyName}`).toEqual(Array.from({ length: 50 }, (_, k) => k));
        expect(await storage.countTrials(study.studyId)).toBe(50);
        expect(await storage.countTrials(study.studyId, ['complete'])).toBe(40);
        for (const trial of trials) {
          expectWellFormedTrial(trial, 1);
          const life = lifecycles.find((l) => l.trialId === trial.trialId);
          expect(life, `trial ${trial.trialId} belongs to ${study.studyName}`).toBeDefined();
          const i = life?.i as number;
          expect(life?.studyId).toBe(study.studyId);
          expect(trial.number).toBe(life?.number);
          expect(trial.state).toBe(finalState(i));
          expect(trial.values).toEqual(finalState(i) === 'complete' ? [i * 1.5] : undefined);
          expect(trial.params).toEqual({ x: i / 7, n: i, kind: i % 2 === 0 ? 'even' : 'odd' });
          expect(trial.distributions).toEqual({ x: X, n: N, kind: KIND });
          expect([...trial.intermediateValues]).toEqual([[0, i], [1, -i]]);
          expect(trial.userAttrs).toEqual({ i });
          expect(trial.systemAttrs).toEqual({ tag: { i, s: `t${i}` } });
          expect(await storage.getTrial(trial.trialId)).toEqual(trial);
        }
      }
    });

    h.test('concurrent attr writes to one trial and one study all land', async () => {
      const storage = h.storage();
      const study = await h.newStudy();
      const trial = (await storage.createTrial(study.studyId)) as FrozenTrial;
      await h.all(60, (i) =>
        i % 3 === 0 ? storage.setTrialUserAttr(trial.trialId, `k${i}`, i) : i % 3 === 1 ? storage.setStudyUserAttr(study.studyId, `k${i}`, i) : storage.setStudySystemAttr(study.studyId, `k${i}`, [i]),
      );
      const stored = await storage.getTrial(trial.trialId);
      const record = await storage.getStudy(study.studyId);
      for (let i = 0; i < 60; i++) {
        if (i % 3 === 0) expect(stored.userAttrs[`k${i}`]).toBe(i);
        else if (i % 3 === 1) expect(record.userAttrs[`k${i}`]).toBe(i);
        else expect(record.systemAttrs[`k${i}`]).toEqual([i]);
      }
      expect(Object.keys(stored.userAttrs)).toHaveLength(20);
      expect(Object.keys(record.userAttrs)).toHaveLength(20);
      expect(Object.keys(record.systemAttrs)).toHaveLength(20);
    });
  });
}
