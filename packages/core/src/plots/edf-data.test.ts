import { describe, expect, it } from 'vitest';
import { trialsOf } from './__fixtures__/plot-trials.js';
import { getEdfData } from './edf-data.js';

describe('getEdfData', () => {
  it('gives the fraction of complete trials at or below each value', () => {
    const data = getEdfData(trialsOf([{ value: 3 }, { value: 1 }, { state: 'pruned' }, { value: 3 }, { value: 2 }, { value: Number.POSITIVE_INFINITY }]), ['maximize']);
    expect(data).toEqual({ objective: 0, direction: 'maximize', total: 4, points: [[1, 0.25], [2, 0.5], [3, 1]] });
  });

  it('thins to maxPoints, keeping both ends', () => {
    const data = getEdfData(trialsOf(Array.from({ length: 1000 }, (_, i) => ({ value: i }))), ['minimize'], { maxPoints: 11 });
    expect(data.points).toHaveLength(11);
    expect(data.points[0]).toEqual([0, 0.001]);
    expect(data.points[10]).toEqual([999, 1]);
    expect(data.total).toBe(1000);
  });

  it('reads the requested objective', () => {
    const data = getEdfData(trialsOf([{ values: [1, 8] }, { values: [2, 6] }], 2), ['minimize', 'minimize'], { objective: 1 });
    expect(data.points).toEqual([[6, 0.5], [8, 1]]);
  });
});
