import { describe, expect, it } from 'vitest';
import { categoricalDistribution, floatDistribution, intDistribution } from '../../distributions/index.js';
import type { Distribution } from '../../protocol/distribution.js';
import type { FrozenTrial } from '../../protocol/frozen-trial.js';
import type { TrialState } from '../../protocol/trial-state.js';
import { createTestTrial } from '../../testing/test-doubles.js';
import { SearchSpaceTracker } from './search-space-tracker.js';

const kernel = categoricalDistribution(['linear', 'poly', 'rbf']);
const C = floatDistribution(1e-3, 1e3, { log: true });
const degree = intDistribution(1, 6, {});
const gamma = floatDistribution(1e-5, 10, { log: true });

let nextNumber = 0;
function trial(params: Record<string, [Distribution, number | string]>, state: TrialState = 'complete'): FrozenTrial {
  const number = nextNumber++;
  return createTestTrial(
    {
      state,
      ...(state === 'complete' ? { value: number } : {}),
      params: Object.fromEntries(Object.entries(params).map(([name, [, value]]) => [name, value])),
      distributions: Object.fromEntries(Object.entries(params).map(([name, [dist]]) => [name, dist])),
    },
    { number },
  );
}

const groupNames = (tracker: SearchSpaceTracker) => tracker.groups().map((group) => [...group.keys()]);

describe('SearchSpaceTracker', () => {
  it('decomposes a conditional space into groups of parameters that always appear together', () => {
    const tracker = new SearchSpaceTracker();
    const history = [
      trial({ kernel: [kernel, 'poly'], C: [C, 1], degree: [degree, 3] }),
      trial({ kernel: [kernel, 'rbf'], C: [C, 2], gamma: [gamma, 0.1] }),
      trial({ kernel: [kernel, 'linear'], C: [C, 3] }),
    ];
    tracker.update('study', history);
    expect(groupNames(tracker)).toEqual([['C', 'kernel'], ['degree'], ['gamma']]);
    expect(tracker.groups()[0]?.get('C')).toBe(C);
    expect(Object.keys(tracker.intersection())).toEqual(['C', 'kernel']);
  });

  it('is incremental, ignores unfinished and failed trials, and resets for another study', () => {
    const tracker = new SearchSpaceTracker();
    const first = trial({ a: [C, 1], b: [degree, 2] });
    tracker.update('s', [first]);
    expect(groupNames(tracker)).toEqual([['a', 'b']]);
    tracker.update('s', [first, trial({ a: [C, 1] }, 'running'), trial({ b: [degree, 1] }, 'fail')]);
    expect(groupNames(tracker)).toEqual([['a', 'b']]);
    tracker.update('s', [first, trial({ a: [C, 1] }, 'pruned')]);
    expect(groupNames(tracker)).toEqual([['a'], ['b']]);
    tracker.update('other', [trial({ z: [degree, 1] })]);
    expect(groupNames(tracker)).toEqual([['z']]);
  });

  it('gives the intersection the latest distribution of each name, and drops names whose distribution changed', () => {
    const tracker = new SearchSpaceTracker();
    const wider = floatDistribution(1e-4, 1e4, { log: true });
    tracker.update('s', [trial({ C: [C, 1], degree: [degree, 2] }), trial({ C: [wider, 2], degree: [degree, 3] })]);
    expect(tracker.intersection()).toEqual({ degree });
    expect(tracker.groups()[0]?.get('C')).toBe(wider);
  });
});
