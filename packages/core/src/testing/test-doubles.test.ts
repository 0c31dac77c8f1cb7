import { describe, expect, it } from 'vitest';
import { floatDistribution } from '../distributions/index.js';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { TrialNotFoundError } from '../errors/trial-not-found-error.js';
import { InMemoryStorage } from '../storages/in-memory-storage.js';
import { createTestStudyView, createTestTrial, FixedClock } from './test-doubles.js';

describe('FixedClock', () => {
  it('stands still until advanced or set, and its bound now() can be passed alone', async () => {
    const clock = new FixedClock(1000);
    const { now } = clock;
    expect(now()).toBe(1000);
    expect(now()).toBe(1000);
    expect(clock.advance(250)).toBe(1250);
    expect(now()).toBe(1250);
    clock.set(new Date(5));
    expect(now()).toBe(5);
    expect(clock.date().getTime()).toBe(5);
    const storage = new InMemoryStorage({ now });
    const study = await storage.createStudy({ studyName: 's', directions: ['minimize'] });
    expect((await storage.createTrial(study.studyId))?.datetimeStart?.getTime()).toBe(5);
  });

  it('starts at 2024-01-01T00:00:00Z by default and refuses bad times', () => {
    expect(new FixedClock().date().toISOString()).toBe('2024-01-01T00:00:00.000Z');
    expect(() => new FixedClock(Number.NaN)).toThrow(InvalidArgumentError);
    expect(() => new FixedClock().advance(-1)).toThrow(InvalidArgumentError);
    expect(() => new FixedClock().advance(Number.POSITIVE_INFINITY)).toThrow(InvalidArgumentError);
    expect(() => new FixedClock().set(new Date(Number.NaN))).toThrow(InvalidArgumentError);
  });
});

describe('createTestTrial', () => {
  it('fills deterministic defaults around the fields given', () => {
    const trial = createTestTrial({ value: 0.5, params: { x: 0.1 }, distributions: { x: floatDistribution(0, 1) }, intermediateValues: [3, 2, 1] }, { number: 4 });
    expect(trial).toMatchObject({ trialId: 4, number: 4, state: 'complete', values: [0.5], params: { x: 0.1 } });
    expect([...trial.intermediateValues]).toEqual([[0, 3], [1, 2], [2, 1]]);
    expect(trial.datetimeStart?.toISOString()).toBe('2024-01-01T00:00:04.000Z');
    expect(trial.datetimeComplete?.toISOString()).toBe('2024-01-01T00:00:04.500Z');
    expect(Object.isFrozen(trial) && Object.isFrozen(trial.params)).toBe(true);
    const waiting = createTestTrial({ state: 'waiting' });
    expect(waiting.datetimeStart).toBeUndefined();
    expect(createTestTrial({ state: 'running' }).datetimeComplete).toBeUndefined();
    expect([...createTestTrial({ state: 'pruned', intermediateValues: new Map([[5, 1], [2, 0]]) }).intermediateValues.keys()]).toEqual([2, 5]);
  });

  it('refuses trials that break FrozenTrial rules', () => {
    expect(() => createTestTrial({ state: 'complete' })).toThrow(/values/);
    expect(() => createTestTrial({ state: 'running', value: 1 })).toThrow(InvalidArgumentError);
    expect(() => createTestTrial({ value: 1, values: [1] })).toThrow(InvalidArgumentError);
    expect(() => createTestTrial({ value: 1, params: { x: 1 } })).toThrow(/distribution/);
    expect(() => createTestTrial({ values: [1, 2] }, { nObjectives: 1 })).toThrow(/one per direction/);
  });
});

describe('createTestStudyView', () => {
  it('serves hand-built trials in number order, filtered by state', () => {
    const view = createTestStudyView({
      studyName: 'pruner-test',
      directions: ['maximize'],
      trials: [{ value: 1 }, { state: 'pruned', intermediateValues: [0.5] }, { number: 5, value: 3 }, { state: 'running' }],
    });
    expect(view.studyName).toBe('pruner-test');
    expect(view.directions).toEqual(['maximize']);
    expect(view.getTrials().map((t) => [t.number, t.state])).toEqual([[0, 'complete'], [1, 'pruned'], [3, 'running'], [5, 'complete']]);
    expect(view.getTrials({ states: ['complete'] }).map((t) => t.values)).toEqual([[1], [3]]);
    expect(Object.isFrozen(view.getTrials())).toBe(true);
  });

  it('records system attr writes (visible in later snapshots) and stop()', async () => {
    const view = createTestStudyView({ trials: [{ state: 'running', trialId: 10 }] });
    expect(view.stopped).toBe(false);
    const before = view.getTrials()[0];
    await view.setTrialSystemAttr(10, 'grid_id', 3);
    expect(view.systemAttrWrites).toEqual([{ trialId: 10, key: 'grid_id', value: 3 }]);
    expect(view.getTrials()[0]?.systemAttrs).toEqual({ grid_id: 3 });
    expect(before?.systemAttrs).toEqual({});
    await expect(view.setTrialSystemAttr(99, 'k', 1)).rejects.toBeInstanceOf(TrialNotFoundError);
    await expect(view.setTrialSystemAttr(10, 'k', Number.NaN)).rejects.toBeInstanceOf(InvalidArgumentError);
    view.stop();
    expect(view.stopped).toBe(true);
  });

  it('addTrial appends after the last number or replaces by number', () => {
    const view = createTestStudyView({ directions: ['minimize', 'maximize'], trials: [{ values: [1, 2] }] });
    expect(view.addTrial({ values: [3, 4] }).number).toBe(1);
    view.addTrial({ number: 0, state: 'fail' });
    expect(view.getTrials().map((t) => t.state)).toEqual(['fail', 'complete']);
    expect(() => view.addTrial({ values: [1] })).toThrow(/one per direction/);
  });

  it('refuses duplicate numbers and ids and bad directions', () => {
    expect(() => createTestStudyView({ trials: [{ value: 1 }, { number: 0, value: 2 }] })).toThrow(/unique trial numbers/);
    expect(() => createTestStudyView({ trials: [{ value: 1, trialId: 7 }, { value: 2, trialId: 7 }] })).toThrow(/trialId/);
    expect(() => createTestStudyView({ directions: [] })).toThrow(InvalidArgumentError);
  });
});
