import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { trialsOf } from './__fixtures__/plot-trials.js';
import { getOptimizationHistoryData } from './optimization-history-data.js';

describe('getOptimizationHistoryData', () => {
  const trials = trialsOf([{ value: 5 }, { state: 'pruned' }, { value: 3 }, { value: 4 }, { state: 'fail' }, { value: 1 }, { value: Number.NaN }, { state: 'running' }]);

  it('lists complete trials and the improvements of the best value (minimize)', () => {
    const data = getOptimizationHistoryData(trials, ['minimize']);
    expect(data.points).toEqual([{ number: 0, value: 5 }, { number: 2, value: 3 }, { number: 3, value: 4 }, { number: 5, value: 1 }]);
    expect(data.best).toEqual([{ number: 0, value: 5 }, { number: 2, value: 3 }, { number: 5, value: 1 }]);
    expect(data).toMatchObject({ objective: 0, direction: 'minimize', bestNumber: 5, lastNumber: 7, nonFinite: 1 });
  });

  it('follows the direction, and keeps the first trial on ties', () => {
    const data = getOptimizationHistoryData(trialsOf([{ value: 2 }, { value: 7 }, { value: 7 }, { value: 1 }]), ['maximize']);
    expect(data.best).toEqual([{ number: 0, value: 2 }, { number: 1, value: 7 }]);
    expect(data.bestNumber).toBe(1);
  });

  it('reads the trials in number order whatever order they come in', () => {
    const data = getOptimizationHistoryData(trials.slice().reverse(), ['minimize']);
    expect(data.points.map((point) => point.number)).toEqual([0, 2, 3, 5]);
    expect(data.best.map((point) => point.number)).toEqual([0, 2, 5]);
  });

  it('shows one objective of a multi-objective study', () => {
    const multi = trialsOf([{ values: [1, 10] }, { values: [2, 5] }, { values: [0, 7] }], 2);
    const second = getOptimizationHistoryData(multi, ['minimize', 'maximize'], { objective: 1 });
    expect(second).toMatchObject({ objective: 1, direction: 'maximize', bestNumber: 0 });
    expect(second.points.map((point) => point.value)).toEqual([10, 5, 7]);
    expect(() => getOptimizationHistoryData(multi, ['minimize', 'maximize'], { objective: 2 })).toThrow(InvalidArgumentError);
    expect(() => getOptimizationHistoryData(multi, ['minimize', 'maximize'], { objective: 2 })).toThrow(/objective.*\[0, 1\].*2/);
  });

  it('is empty for a study without complete trials', () => {
    expect(getOptimizationHistoryData([], ['minimize'])).toEqual({ objective: 0, direction: 'minimize', points: [], best: [], bestNumber: undefined, lastNumber: -1, nonFinite: 0 });
  });
});
