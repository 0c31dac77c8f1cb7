import { createTestTrial } from '@tunekit/core/testing';
import { describe, expect, it } from 'vitest';
import { studyVersion, studyVersionOf } from './study-payload.js';

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
