import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../utils/seeded-random.js';
import {
  dominatesPoint,
  exclusiveHypervolume,
  hypervolume,
  nonDominationRanks,
  paretoFrontMask,
  referencePoint,
  selectBySubsetHypervolume,
  type Point,
} from './hypervolume.js';

/** Brute force: count the unit cells of [0, reference] that some point's box covers (integer points). */
function gridHypervolume(points: readonly Point[], reference: Point, cells: number): number {
  const d = reference.length;
  const low = new Array<number>(d).fill(0);
  const widths = reference.map((r) => (r as number) / cells);
  let covered = 0;
  const index = new Array<number>(d).fill(0);
  for (let cell = 0; cell < cells ** d; cell++) {
    let rest = cell;
    for (let j = 0; j < d; j++) {
      index[j] = rest % cells;
      rest = Math.floor(rest / cells);
    }
    const centre = index.map((i, j) => (low[j] as number) + (i + 0.5) * (widths[j] as number));
    if (points.some((p) => p.every((value, j) => value <= (centre[j] as number)))) covered++;
  }
  return covered * widths.reduce((product, w) => product * w, 1);
}

const integerPoints = (d: number) => fc.array(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: d, maxLength: d }), { minLength: 1, maxLength: 7 });

describe('hypervolume', () => {
  it('computes known 2-D and 3-D volumes', () => {
    expect(hypervolume([[1, 3], [2, 2], [3, 1]], [4, 4])).toBe(6);
    expect(hypervolume([[1, 1]], [2, 3])).toBe(2);
    expect(hypervolume([[0, 0, 0]], [1, 2, 3])).toBe(6);
    // Boxes 2·1·2 and 1·2·2 overlapping in 1·1·2.
    expect(hypervolume([[0, 1, 0], [1, 0, 0]], [2, 2, 2])).toBe(6);
    // Points outside the reference box add nothing.
    expect(hypervolume([[5, 0], [0, 5]], [4, 4])).toBe(0);
    expect(hypervolume([], [1, 1])).toBe(0);
  });

  it('equals a brute-force grid count on integer points (2-D, 3-D, 4-D)', () => {
    for (const d of [2, 3, 4]) {
      fc.assert(
        fc.property(integerPoints(d), (points) => {
          const reference = new Array<number>(d).fill(10);
          // Integer coordinates: a grid of unit cells from 0 to 10 is exact.
          expect(hypervolume(points, reference)).toBeCloseTo(gridHypervolume(points, reference, 10), 9);
        }),
        { numRuns: d === 4 ? 15 : 40 },
      );
    }
  });

  it('exclusive contributions: volume lost when a point is left out', () => {
    const rng = new SeededRandom(2);
    for (const d of [2, 3]) {
      const points = Array.from({ length: 8 }, () => Array.from({ length: d }, () => rng.uniform(0, 1)));
      const reference = new Array<number>(d).fill(1.2);
      const total = hypervolume(points, reference);
      points.forEach((point, i) => {
        const others = points.filter((_, j) => j !== i);
        expect(exclusiveHypervolume(point, others, reference)).toBeCloseTo(total - hypervolume(others, reference), 12);
      });
    }
  });
});

describe('non-domination ranks', () => {
  it('ranks fronts, stops early with nBelow, and never lets a point dominate its own rank', () => {
    const points: Point[] = [[1, 5], [2, 2], [5, 1], [3, 3], [4, 4], [2, 2], [6, 6]];
    expect(nonDominationRanks(points)).toEqual([0, 0, 0, 1, 2, 0, 3]);
    expect(nonDominationRanks(points, 4)).toEqual([0, 0, 0, Infinity, Infinity, 0, Infinity]);
    expect(paretoFrontMask(points)).toEqual([true, true, true, false, false, true, false]);
    fc.assert(
      fc.property(integerPoints(3), (raw) => {
        const ranks = nonDominationRanks(raw);
        raw.forEach((p, i) =>
          raw.forEach((q, j) => {
            if (dominatesPoint(q, p)) expect(ranks[j]).toBeLessThan(ranks[i] as number);
          }),
        );
      }),
    );
  });
});

describe('hypervolume subset selection', () => {
  it('picks the point with the largest contribution first, then the best complement', () => {
    // On the front [0,4] [1,1] [4,0] with reference [5,5], [1,1] alone covers 16 (the most).
    const points: Point[] = [[0, 4], [1, 1], [4, 0]];
    expect(selectBySubsetHypervolume(points, 1, [5, 5])).toEqual([1]);
    expect(selectBySubsetHypervolume(points, 2, [5, 5]).sort()).toEqual([0, 1]);
    expect(selectBySubsetHypervolume(points, 5, [5, 5]).sort()).toEqual([0, 1, 2]);
  });

  it('uses Optuna’s reference point rule', () => {
    expect(referencePoint([[1, -2], [3, -4], [2, 0]])).toEqual([3.3000000000000003, 1e-12]);
    expect(referencePoint([[-1, -2], [-3, -4]])).toEqual([-0.9, -1.8]);
  });
});
