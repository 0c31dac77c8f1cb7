import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FrozenTrial } from '../../protocol/frozen-trial.js';
import { createTestTrial, type TestTrialInput } from '../../testing/test-doubles.js';
import { hasConstraints, violationOf } from '../../trial/constraints.js';
import { multiObjectiveBelowWeights, splitTrials } from './split-trials.js';

const trials = (inputs: readonly TestTrialInput[], nObjectives = 1): FrozenTrial[] => inputs.map((input, number) => createTestTrial(input, { number, nObjectives }));
const numbers = (list: readonly FrozenTrial[]) => list.map((trial) => trial.number);

describe('splitTrials (single objective)', () => {
  it('puts the n best complete trials below, in trial-number order', () => {
    const history = trials([{ value: 5 }, { value: 1 }, { value: 3 }, { value: 1 }, { value: 4 }]);
    const { below, above } = splitTrials(history, ['minimize'], 3, false);
    expect(numbers(below)).toEqual([1, 2, 3]);
    expect(numbers(above)).toEqual([0, 4]);
    const maximise = splitTrials(history, ['maximize'], 2, false);
    expect(numbers(maximise.below)).toEqual([0, 4]);
  });

  it('ranks pruned trials after complete ones: later step first, then last value, NaN and silent ones last', () => {
    const history = trials([
      { value: 10 },
      { state: 'pruned', intermediateValues: [0.5, 0.4] }, // step 1, value 0.4
      { state: 'pruned', intermediateValues: [0.1] }, // step 0
      { state: 'pruned', intermediateValues: [0.9, 0.8, 0.7] }, // step 2: furthest
      { state: 'pruned', intermediateValues: [0.2, Number.NaN] }, // step 1, NaN
      { state: 'pruned' }, // never reported
      { state: 'pruned', intermediateValues: [0.6, 0.3] }, // step 1, value 0.3
    ]);
    const order = [0, 3, 6, 1, 4, 2, 5];
    for (let n = 1; n <= order.length; n++) {
      expect(numbers(splitTrials(history, ['minimize'], n, false).below)).toEqual(order.slice(0, n).sort((a, b) => a - b));
    }
  });

  it('keeps running trials above (constant liar) and ignores failed and valueless trials', () => {
    const history = trials([{ state: 'running' }, { value: 2 }, { state: 'fail' }, { value: 1 }, { state: 'waiting' }]);
    const { below, above } = splitTrials(history, ['minimize'], 5, false);
    expect(numbers(below)).toEqual([1, 3]);
    expect(numbers(above)).toEqual([0]);
  });

  it('puts infeasible trials below only after every feasible one, least violating first', () => {
    const history = trials([
      { value: 1, systemAttrs: { constraints: [0.5, -1] } }, // violation 0.5
      { value: 9, systemAttrs: { constraints: [0, -2] } }, // feasible
      { value: 0, systemAttrs: { constraints: [2, 3] } }, // violation 5
      { value: 5, systemAttrs: { constraints: [-1] } }, // feasible
      { value: -4 }, // no constraints: ranked as the worst infeasible
      { state: 'pruned', intermediateValues: [3], systemAttrs: { constraints: [-1] } }, // feasible, pruned
    ]);
    expect(hasConstraints(history)).toBe(true);
    expect(violationOf(history[2] as FrozenTrial)).toBe(5);
    expect(violationOf(history[4] as FrozenTrial)).toBe(Infinity);
    const below = (n: number) => numbers(splitTrials(history, ['minimize'], n, true).below);
    expect(below(2)).toEqual([1, 3]);
    expect(below(3)).toEqual([1, 3, 5]);
    expect(below(4)).toEqual([0, 1, 3, 5]);
    expect(below(5)).toEqual([0, 1, 2, 3, 5]);
    // Without constraint handling, values alone decide.
    expect(numbers(splitTrials(history, ['minimize'], 2, false).below)).toEqual([2, 4]);
  });

  it('selects exactly what a stable sort by value would (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -3, max: 3 }), { maxLength: 40 }), fc.integer({ min: 0, max: 45 }), (values, n) => {
        const history = trials(values.map((value) => ({ value })));
        const expected = values
          .map((value, number) => ({ value, number }))
          .sort((a, b) => a.value - b.value || a.number - b.number)
          .slice(0, n)
          .map((entry) => entry.number)
          .sort((a, b) => a - b);
        expect(numbers(splitTrials(history, ['minimize'], n, false).below)).toEqual(expected);
      }),
    );
  });

  it('copes with nBelow of 0, more than the trials, or fractional', () => {
    const history = trials([{ value: 1 }, { value: 2 }]);
    expect(splitTrials(history, ['minimize'], 0, false).below).toEqual([]);
    expect(numbers(splitTrials(history, ['minimize'], 10, false).below)).toEqual([0, 1]);
    expect(numbers(splitTrials(history, ['minimize'], 1.7, false).below)).toEqual([0]);
  });
});

describe('splitTrials (multi-objective)', () => {
  it('takes whole non-domination fronts, then tie-breaks the boundary front by hypervolume', () => {
    // Front 0: (0,4) (1,1) (4,0); front 1: (2,5) (5,2) (3,3).
    const history = trials([{ values: [0, 4] }, { values: [1, 1] }, { values: [4, 0] }, { values: [2, 5] }, { values: [5, 2] }, { values: [3, 3] }], 2);
    expect(numbers(splitTrials(history, ['minimize', 'minimize'], 3, false).below)).toEqual([0, 1, 2]);
    // One place left in front 1: with reference 1.1 × worst = (5.5, 5.5), (3,3) covers 6.25, the most.
    expect(numbers(splitTrials(history, ['minimize', 'minimize'], 4, false).below)).toEqual([0, 1, 2, 5]);
    // One place in front 0: (1,1) has the largest contribution.
    expect(numbers(splitTrials(history, ['minimize', 'minimize'], 1, false).below)).toEqual([1]);
  });

  it('honours directions', () => {
    const history = trials([{ values: [0, 0] }, { values: [1, 1] }, { values: [0, 1] }], 2);
    expect(numbers(splitTrials(history, ['minimize', 'maximize'], 1, false).below)).toEqual([2]);
  });

  it('weights below trials by hypervolume contribution (off-front, infeasible and pruned ones get 1e-12)', () => {
    const feasible = { constraints: [-1] };
    const history = trials(
      [
        { values: [0, 4], systemAttrs: feasible },
        { values: [1, 1], systemAttrs: feasible },
        { values: [4, 0], systemAttrs: feasible },
        { values: [3, 3], systemAttrs: feasible },
        { values: [0, 0], systemAttrs: { constraints: [1] } },
        { state: 'pruned' },
      ],
      2,
    );
    const weights = Array.from(multiObjectiveBelowWeights(history, ['minimize', 'minimize'], true));
    // Reference = 1.1 × worst of the feasible complete ones = (4.4, 4.4). Exclusive contributions:
    // (0,4): 1·0.4 = 0.4; (1,1): 3·3 = 9; (4,0): 0.4·1 = 0.4; (3,3) is dominated: 0.
    expect(weights[0]).toBeCloseTo(0.4 / 9, 12);
    expect(weights[1]).toBe(1);
    expect(weights[2]).toBeCloseTo(0.4 / 9, 12);
    expect(weights.slice(3)).toEqual([1e-12, 1e-12, 1e-12]);
    // A lone feasible trial weighs 1.
    expect(Array.from(multiObjectiveBelowWeights(trials([{ values: [1, 2] }], 2), ['minimize', 'minimize'], false))).toEqual([1]);
  });
});
