import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FrozenTrial } from '../protocol/frozen-trial.js';
import type { StudyDirection, TrialState } from '../protocol/trial-state.js';
import { createFrozenTrial } from '../trial/create-frozen-trial.js';
import { dominates, findBestTrial, findParetoFront } from './best-trials.js';

function trial(number: number, values: number[] | undefined, state: TrialState = 'complete'): FrozenTrial {
  return createFrozenTrial({ trialId: 100 + number, number, state, values });
}

describe('dominates', () => {
  it('needs no worse in every objective and better in one, per direction', () => {
    const both: StudyDirection[] = ['minimize', 'minimize'];
    expect(dominates([1, 1], [2, 2], both)).toBe(true);
    expect(dominates([1, 2], [2, 2], both)).toBe(true);
    expect(dominates([2, 2], [2, 2], both)).toBe(false); // equal: neither dominates
    expect(dominates([1, 3], [2, 2], both)).toBe(false); // a trade-off
    const mixed: StudyDirection[] = ['minimize', 'maximize'];
    expect(dominates([1, 5], [2, 4], mixed)).toBe(true);
    expect(dominates([1, 4], [1, 5], mixed)).toBe(false);
    expect(dominates([1, 5], [1, 4], mixed)).toBe(true);
  });
});

describe('findBestTrial', () => {
  const trials = [trial(0, [3]), trial(1, [1]), trial(2, undefined, 'running'), trial(3, [0], 'pruned'), trial(4, [1]), trial(5, [5]), trial(6, undefined, 'fail')];

  it('picks the lowest value when minimising, the highest when maximising, among complete trials', () => {
    expect(findBestTrial(trials, 'minimize')?.number).toBe(1); // the pruned 0 does not count; ties → lowest number
    expect(findBestTrial(trials, 'maximize')?.number).toBe(5);
  });

  it('is undefined without a complete trial', () => {
    expect(findBestTrial([trial(0, [1], 'pruned'), trial(1, undefined, 'running')], 'minimize')).toBeUndefined();
    expect(findBestTrial([], 'maximize')).toBeUndefined();
  });
});

describe('findParetoFront', () => {
  it('matches a hand-computed front (minimise error, maximise speed)', () => {
    // (error, speed):  #0 (0.10, 5)  #1 (0.20, 9)  #2 (0.15, 4)  #3 (0.30, 9)  #4 (0.05, 1)
    //                  #5 (0.20, 9) duplicate of #1   #6 pruned (0.01, 100)   #7 (0.10, 5) duplicate of #0
    // #2 is dominated by #0 (0.10 < 0.15, 5 > 4); #3 by #1 (0.20 < 0.30, same speed).
    const trials = [
      trial(0, [0.1, 5]),
      trial(1, [0.2, 9]),
      trial(2, [0.15, 4]),
      trial(3, [0.3, 9]),
      trial(4, [0.05, 1]),
      trial(5, [0.2, 9]),
      trial(6, [0.01, 100], 'pruned'),
      trial(7, [0.1, 5]),
      trial(8, undefined, 'running'),
    ];
    expect(findParetoFront(trials, ['minimize', 'maximize']).map((t) => t.number)).toEqual([0, 1, 4, 5, 7]);
    // Minimise both: #4 (0.05, 1) is strictly better than every other trial in both objectives.
    expect(findParetoFront(trials, ['minimize', 'minimize']).map((t) => t.number)).toEqual([4]);
  });

  it('a three-objective front', () => {
    const trials = [trial(0, [1, 2, 3]), trial(1, [2, 1, 3]), trial(2, [3, 3, 1]), trial(3, [2, 2, 3]), trial(4, [1, 2, 4])];
    // #3 is dominated by #0 (1<2, 2=2, 3=3); #4 by #0 (1=1, 2=2, 3<4).
    expect(findParetoFront(trials, ['minimize', 'minimize', 'minimize']).map((t) => t.number)).toEqual([0, 1, 2]);
  });

  it('for one objective: every complete trial sharing the best value', () => {
    const trials = [trial(0, [2]), trial(1, [1]), trial(2, [1]), trial(3, [0], 'pruned')];
    expect(findParetoFront(trials, ['minimize']).map((t) => t.number)).toEqual([1, 2]);
    expect(findParetoFront(trials, ['maximize']).map((t) => t.number)).toEqual([0]);
    expect(findParetoFront([], ['minimize'])).toEqual([]);
  });

  it('no member is dominated and every other complete trial is dominated by a member (property)', () => {
    const directions = fc.array(fc.constantFrom<StudyDirection>('minimize', 'maximize'), { minLength: 2, maxLength: 3 });
    fc.assert(
      fc.property(
        directions.chain((dirs) => fc.tuple(fc.constant(dirs), fc.array(fc.array(fc.integer({ min: 0, max: 5 }), { minLength: dirs.length, maxLength: dirs.length }), { maxLength: 25 }))),
        ([dirs, rows]) => {
          const trials = rows.map((values, number) => trial(number, values));
          const front = findParetoFront(trials, dirs);
          const onFront = new Set(front.map((t) => t.number));
          for (const member of front) expect(trials.some((other) => dominates(other.values as number[], member.values as number[], dirs))).toBe(false);
          for (const other of trials) {
            if (!onFront.has(other.number)) expect(front.some((member) => dominates(member.values as number[], other.values as number[], dirs))).toBe(true);
          }
        },
      ),
    );
  });
});
