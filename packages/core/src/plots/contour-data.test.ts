import { describe, expect, it } from 'vitest';
import { floatDistribution, intDistribution } from '../distributions/distribution-factories.js';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { act, lr, trialsOf } from './__fixtures__/plot-trials.js';
import { getContourData } from './contour-data.js';

const x = floatDistribution(0, 10);
const y = intDistribution(1, 3);

describe('getContourData', () => {
  it('keeps the best value of each cell (minimize) and counts the trials there', () => {
    const trials = trialsOf([
      { value: 5, params: { x: 0.5, y: 1 }, distributions: { x, y } },
      { value: 2, params: { x: 1.5, y: 1 }, distributions: { x, y } },
      { value: 9, params: { x: 9.9, y: 3 }, distributions: { x, y } },
      { state: 'pruned', params: { x: 1, y: 1 }, distributions: { x, y } },
      { value: 7, params: { x: 9, y: 3 }, distributions: { x, y } },
    ]);
    const data = getContourData(trials, ['minimize'], 'x', 'y', { bins: 5 });
    expect(data.x.edges).toEqual([0, 2, 4, 6, 8, 10]);
    expect(data.x.bins).toEqual([1, 3, 5, 7, 9]);
    // An int axis with fewer values than bins gets one bin per value.
    expect(data.y.bins).toEqual([1, 2, 3]);
    expect(data.y.edges).toEqual([0.5, 1.5, 2.5, 3.5]);
    expect(data.cells).toEqual([
      { x: 0, y: 0, value: 2, number: 1, count: 2 },
      { x: 4, y: 2, value: 7, number: 4, count: 2 },
    ]);
    expect(data.valueRange).toEqual([2, 7]);
    expect(data.total).toBe(4);
    expect(getContourData(trials, ['maximize'], 'x', 'y', { bins: 5 }).cells.map((cell) => cell.value)).toEqual([5, 9]);
  });

  it('cuts log axes evenly in log space and categorical axes per choice', () => {
    const trials = trialsOf([
      { value: 1, params: { lr: 1e-5, act: 'tanh' }, distributions: { lr, act } },
      { value: 2, params: { lr: 0.05, act: null }, distributions: { lr, act } },
      { value: 3, params: { lr: 1e-1, act: 'relu' }, distributions: { lr, act } },
    ]);
    const data = getContourData(trials, ['minimize'], 'lr', 'act', { bins: 4 });
    const edges = data.x.edges as number[];
    expect(edges).toHaveLength(5);
    expect(edges[0]).toBe(1e-5);
    expect(edges[4]).toBe(1e-1);
    expect(edges[1]).toBeCloseTo(1e-4, 12);
    expect(edges[2]).toBeCloseTo(1e-3, 12);
    expect(data.x.bins[0]).toBeCloseTo(Math.sqrt(1e-5 * 1e-4), 12);
    expect(data.y.bins).toEqual(['relu', 'tanh', 'null']);
    expect(data.cells).toEqual([
      { x: 3, y: 0, value: 3, number: 2, count: 1 },
      { x: 0, y: 1, value: 1, number: 0, count: 1 },
      { x: 3, y: 2, value: 2, number: 1, count: 1 },
    ]);
  });

  it('picks a bin count from the number of trials', () => {
    const few = trialsOf(Array.from({ length: 8 }, (_, i) => ({ value: i, params: { x: i, lr: 1e-3 }, distributions: { x, lr } })));
    expect(getContourData(few, ['minimize'], 'x', 'lr').x.bins).toHaveLength(4);
    const many = trialsOf(Array.from({ length: 5000 }, (_, i) => ({ value: i, params: { x: (i % 100) / 10, lr: 1e-3 }, distributions: { x, lr } })));
    expect(getContourData(many, ['minimize'], 'x', 'lr').x.bins).toHaveLength(30);
  });

  it('names a parameter that is not there', () => {
    const trials = trialsOf([{ value: 1, params: { x: 1 }, distributions: { x } }]);
    expect(() => getContourData(trials, ['minimize'], 'x', 'nope')).toThrow(InvalidArgumentError);
    expect(() => getContourData(trials, ['minimize'], 'x', 'nope')).toThrow(/yParam.*\(x\).*nope/);
    expect(() => getContourData(trials, ['minimize'], 'x', 'x')).toThrow(/other than xParam/);
  });
});
