import { describe, expect, it } from 'vitest';
import type { StudyDirection } from '../protocol/trial-state.js';
import { findParetoFront } from '../study/best-trials.js';
import { SeededRandom } from '../utils/seeded-random.js';
import { trialsOf } from './__fixtures__/plot-trials.js';
import { getParetoFrontData } from './pareto-front-data.js';

describe('getParetoFrontData', () => {
  it('splits complete trials into the front, the dominated and the infeasible', () => {
    const trials = trialsOf(
      [
        { values: [1, 1] },
        { values: [2, 3] },
        { values: [3, 2] },
        { values: [0, 0] },
        { values: [2, 3] },
        { state: 'pruned' },
        { values: [5, 9], systemAttrs: { constraints: [0.5, -1] } },
        { values: [4, 4], systemAttrs: { constraints: [0, -1] } },
        { values: [Number.NaN, 9] },
      ],
      2,
    );
    const data = getParetoFrontData(trials, ['minimize', 'maximize']);
    if (!data.available) throw new Error('expected a front');
    expect(data.front.map((point) => point.number)).toEqual([3, 0, 1, 4, 7]);
    expect(data.dominated.map((point) => point.number)).toEqual([2]);
    expect(data.infeasible.map((point) => point.number)).toEqual([6]);
    expect(data.totalOthers).toBe(2);
  });

  it('counts a trial with malformed constraint values as infeasible (as constraintsOf/violationOf)', () => {
    const trials = trialsOf([{ values: [1, 1] }, { values: [0, 0], systemAttrs: { constraints: [Number.NaN] } }, { values: [0, 1], systemAttrs: { constraints: ['x', -1] } }], 2);
    const data = getParetoFrontData(trials, ['minimize', 'minimize']);
    if (!data.available) throw new Error('expected a front');
    expect(data.front.map((point) => point.number)).toEqual([0]);
    expect(data.infeasible.map((point) => point.number)).toEqual([1, 2]);
  });

  it('agrees with findParetoFront on random studies of 2 and 3 objectives', () => {
    const random = new SeededRandom(7);
    for (const directions of [['minimize', 'maximize'], ['maximize', 'minimize', 'minimize']] as StudyDirection[][]) {
      for (let round = 0; round < 20; round++) {
        const trials = trialsOf(Array.from({ length: 60 }, () => ({ values: directions.map(() => random.int(0, 6)) })), directions.length);
        const data = getParetoFrontData(trials, directions);
        if (!data.available) throw new Error('expected a front');
        expect(data.front.map((point) => point.number).sort((a, b) => a - b)).toEqual(findParetoFront(trials, directions).map((trial) => trial.number));
      }
    }
  });

  it('samples the others but never the front', () => {
    const trials = trialsOf(Array.from({ length: 500 }, (_, i) => ({ values: [i, i] })), 2);
    const data = getParetoFrontData(trials, ['minimize', 'minimize'], { maxPoints: 50 });
    if (!data.available) throw new Error('expected a front');
    expect(data.front.map((point) => point.number)).toEqual([0]);
    expect(data.dominated).toHaveLength(50);
    expect(data.totalOthers).toBe(499);
  });

  it('is unavailable for a single objective', () => {
    expect(getParetoFrontData(trialsOf([{ value: 1 }]), ['minimize'])).toMatchObject({ available: false, reason: expect.stringMatching(/multi-objective/) });
  });
});
