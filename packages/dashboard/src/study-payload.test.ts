import { InMemoryStorage } from '@tunekit/core';
import { createTestTrial } from '@tunekit/core/testing';
import { describe, expect, it } from 'vitest';
import { seedStudy } from './__fixtures__/seed-study.js';
import { buildStudyPayload, studyVersion, studyVersionOf } from './study-payload.js';

describe('studyVersion', () => {
  const done = createTestTrial({ number: 0, value: 1 });
  const running = createTestTrial({ number: 1, state: 'running', intermediateValues: [1] });

  it('changes when a trial is added, finishes or reports a step, and only then', () => {
    const base = studyVersion([done, running]);
    expect(studyVersion([done, running])).toBe(base);
    expect(studyVersion([done, createTestTrial({ number: 1, state: 'running', intermediateValues: [1, 0.5] })])).not.toBe(base);
    expect(studyVersion([done, createTestTrial({ number: 1, state: 'running', intermediateValues: [1], userAttrs: { fold: 1 } })])).not.toBe(base);
    expect(studyVersion([done, createTestTrial({ number: 1, value: 0.5 })])).not.toBe(base);
    expect(studyVersion([done, createTestTrial({ number: 1, state: 'pruned', intermediateValues: [1] })])).not.toBe(base);
    expect(studyVersion([done, running, createTestTrial({ number: 2, state: 'waiting' })])).not.toBe(base);
  });

  it('is what counts and the unfinished trials give, without the finished ones', () => {
    const trials = [done, createTestTrial({ number: 1, state: 'pruned' }), createTestTrial({ number: 2, state: 'fail' }), running, createTestTrial({ number: 4, state: 'waiting' })];
    expect(studyVersionOf({ complete: 1, pruned: 1, fail: 1 }, [trials[4]!, running])).toBe(studyVersion(trials));
  });
});

describe('buildStudyPayload with importances given', () => {
  it('shows them instead of computing its own', async () => {
    const storage = new InMemoryStorage();
    const study = await seedStudy(storage, { trials: 12 });
    const record = await storage.getStudy(study.studyId);
    const trials = await storage.getAllTrials(study.studyId);
    const given = await buildStudyPayload(record, trials, { now: 0, importance: { importances: { depth: 3, lr: 1 }, evaluator: 'given' } });
    expect(given.plots.importance).toEqual({ available: true, evaluator: 'given', importances: [{ name: 'depth', importance: 0.75 }, { name: 'lr', importance: 0.25 }] });
    const reason = await buildStudyPayload(record, trials, { now: 0, importance: Promise.resolve({ importances: undefined, reason: 'not now' }) });
    expect(reason.plots.importance).toEqual({ available: false, reason: 'not now' });
  });
});
