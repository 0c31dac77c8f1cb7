import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { MultiObjectivePruningError } from '../errors/multi-objective-pruning-error.js';
import { NonScalarIntermediateValueError } from '../errors/non-scalar-intermediate-value-error.js';
import { PercentilePruner, nanPercentile } from './percentile-pruner.js';
import { makeStudyView, makeTrial } from './__fixtures__/test-study-view.js';
import type { FrozenTrial } from '../protocol/frozen-trial.js';
import type { StudyDirection } from '../protocol/trial-state.js';

// Five completed trials that reported the constant k + 1 at steps 0..5: at every step the values
// are [1, 2, 3, 4, 5]. NumPy-style percentiles of that list: p-th → position p/100 * 4.
const history = [0, 1, 2, 3, 4].map((n) => makeTrial(n, { values: Array(6).fill(n + 1) }));

function decide(pruner: PercentilePruner, values: readonly number[], direction: StudyDirection = 'minimize', trials: readonly FrozenTrial[] = history): boolean {
  const current = makeTrial(trials.length, { state: 'running', values });
  const view = makeStudyView([...trials, current], [direction]);
  const result = pruner.prune(view, current);
  expect(view.writes).toEqual([]);
  return result;
}

describe('nanPercentile', () => {
  it('interpolates linearly like numpy.nanpercentile and ignores NaN', () => {
    expect(nanPercentile([1, 2, 3, 4, 5], 25)).toBe(2); // position 1
    expect(nanPercentile([5, 1, 4, 2, 3], 50)).toBe(3); // unsorted input
    expect(nanPercentile([1, 2, 3, 4], 50)).toBe(2.5); // position 1.5
    expect(nanPercentile([10, 20], 10)).toBeCloseTo(11, 12); // position 0.1
    expect(nanPercentile([Number.NaN, 1, Number.NaN, 3], 50)).toBe(2);
    expect(nanPercentile([Number.NaN], 50)).toBeNaN();
    expect(nanPercentile([], 50)).toBeNaN();
    expect(nanPercentile([1, 7], 0)).toBe(1);
    expect(nanPercentile([1, 7], 100)).toBe(7);
  });
});

describe('PercentilePruner', () => {
  it('keeps the best quarter when minimising: prune when the best value is above the 25th percentile', () => {
    const pruner = new PercentilePruner(25, { nStartupTrials: 0 });
    expect(pruner.name).toBe('PercentilePruner');
    // 25th percentile of [1..5] is 2 (position 1).
    expect(decide(pruner, [2.5])).toBe(true);
    expect(decide(pruner, [2])).toBe(false); // equal is kept
    expect(decide(pruner, [1.5])).toBe(false);
  });

  it('keeps the best quarter when maximising: compares with the 75th percentile', () => {
    const pruner = new PercentilePruner(25, { nStartupTrials: 0 });
    // Maximize mirrors to the 75th percentile of [1..5] = 4 (position 3).
    expect(decide(pruner, [3.9], 'maximize')).toBe(true);
    expect(decide(pruner, [4], 'maximize')).toBe(false);
    expect(decide(pruner, [4.5], 'maximize')).toBe(false);
  });

  it('interpolates between completed values', () => {
    // 10th percentile of [1..5]: position 0.4 → 1.4.
    const pruner = new PercentilePruner(10, { nStartupTrials: 0 });
    expect(decide(pruner, [1.41])).toBe(true);
    expect(decide(pruner, [1.39])).toBe(false);
  });

  it('judges the best value so far, at the latest step', () => {
    const pruner = new PercentilePruner(25, { nStartupTrials: 0 });
    // Latest value 9 is bad, but the best so far (1, at step 0) is within the 25th percentile (2).
    expect(decide(pruner, [1, 9])).toBe(false);
    // Best so far is 2.5 > 2.
    expect(decide(pruner, [9, 2.5])).toBe(true);
    // Maximising: the best so far is the maximum: 4.2 >= 4 kept, although the latest is 0.
    expect(decide(pruner, [4.2, 0], 'maximize')).toBe(false);
  });

  it('accepts percentiles 0 and 100', () => {
    // 0th percentile = best completed (1): anything worse is pruned. 100th = worst (5).
    expect(decide(new PercentilePruner(0, { nStartupTrials: 0 }), [1.01])).toBe(true);
    expect(decide(new PercentilePruner(0, { nStartupTrials: 0 }), [1])).toBe(false);
    expect(decide(new PercentilePruner(100, { nStartupTrials: 0 }), [5])).toBe(false);
    expect(decide(new PercentilePruner(100, { nStartupTrials: 0 }), [5.01])).toBe(true);
    // Maximise with 0 → compare with the 100th percentile (5).
    expect(decide(new PercentilePruner(0, { nStartupTrials: 0 }), [4.99], 'maximize')).toBe(true);
  });

  it('uses the completed trials values at the same step only', () => {
    // Completed trials report 1..5 at step 0 but 10..50 at step 1: a value of 9 at step 1 is within
    // the 25th percentile there (20) although it would be far out at step 0.
    const twoSteps = [0, 1, 2, 3, 4].map((n) => makeTrial(n, { values: [n + 1, 10 * (n + 1)] }));
    const pruner = new PercentilePruner(25, { nStartupTrials: 0 });
    expect(decide(pruner, [9], 'minimize', twoSteps)).toBe(true);
    expect(decide(pruner, [30, 9], 'minimize', twoSteps)).toBe(false);
  });

  it('ignores running, pruned and failed trials for the percentile and the startup count', () => {
    // With the three pruned trials (100 at every step) counted, the median would be 4.5 and 3.5 kept.
    const noisy = [
      ...history,
      makeTrial(5, { state: 'pruned', values: [100, 100] }),
      makeTrial(6, { state: 'fail', values: [100, 100] }),
      makeTrial(7, { state: 'running', values: [100, 100] }),
    ];
    expect(decide(new PercentilePruner(50, { nStartupTrials: 5 }), [3.5], 'minimize', noisy)).toBe(true);
    // Only 5 complete trials: with nStartupTrials 6 nothing is pruned, whatever the others.
    expect(decide(new PercentilePruner(50, { nStartupTrials: 6 }), [3.5], 'minimize', noisy)).toBe(false);
  });
});

describe('PercentilePruner validation and errors', () => {
  it('validates the percentile and options, naming the field', () => {
    for (const percentile of [-1, 100.5, Number.NaN]) {
      expect(() => new PercentilePruner(percentile)).toThrow(InvalidArgumentError);
      expect(() => new PercentilePruner(percentile)).toThrow(/PercentilePruner\.percentile/);
    }
    expect(() => new PercentilePruner(50, { nWarmupSteps: -2 })).toThrow(
      expect.objectContaining({ field: 'PercentilePruner.nWarmupSteps', value: -2 }),
    );
    expect(() => new PercentilePruner(50, { intervalSteps: 0.5 })).toThrow(
      expect.objectContaining({ field: 'PercentilePruner.intervalSteps', value: 0.5 }),
    );
  });

  it('rejects vectors and multi-objective studies', () => {
    const pruner = new PercentilePruner(50, { nStartupTrials: 0 });
    expect(() => decide(pruner, [[3, 4] as unknown as number])).toThrow(NonScalarIntermediateValueError);
    const trial = makeTrial(5, { state: 'running', values: [1] });
    expect(() => pruner.prune(makeStudyView([...history, trial], ['minimize', 'minimize']), trial)).toThrow(
      MultiObjectivePruningError,
    );
  });
});
