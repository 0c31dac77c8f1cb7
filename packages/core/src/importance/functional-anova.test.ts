import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../utils/seeded-random.js';
import { decomposeTreeVariance, type FeatureDomain } from './functional-anova.js';
import { RegressionTree, type FeatureKind } from './regression-tree.js';

const OPTIONS = { maxDepth: 64, minSamplesSplit: 2, minSamplesLeaf: 1 };

/** A tree fitted exactly on a full grid of points (no bootstrap). */
function gridTree(points: readonly number[][], f: (row: readonly number[]) => number, features: FeatureKind[]): RegressionTree {
  const columns = features.map((_, i) => Float64Array.from(points, (row) => row[i] as number));
  return RegressionTree.fit({ columns, y: Float64Array.from(points, f), features }, Int32Array.from(points.keys()), OPTIONS, new SeededRandom(0));
}

function grid2(n: number): number[][] {
  const points: number[][] = [];
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) points.push([(i + 0.5) / n, (j + 0.5) / n]);
  return points;
}

const NUMERIC: FeatureKind[] = [{ kind: 'numeric' }, { kind: 'numeric' }];
const UNIT: FeatureDomain[] = [{ kind: 'numeric', low: 0, high: 1 }, { kind: 'numeric', low: 0, high: 1 }];

describe('decomposeTreeVariance', () => {
  it('gives a step in x0 all the variance: Var = 25 = V_x0, V_x1 = 0', () => {
    const tree = gridTree(grid2(4), (row) => ((row[0] as number) > 0.5 ? 10 : 0), NUMERIC);
    const { totalVariance, marginalVariances } = decomposeTreeVariance(tree, UNIT);
    expect(totalVariance).toBeCloseTo(25, 10);
    expect(marginalVariances[0]).toBeCloseTo(25, 10);
    expect(marginalVariances[1]).toBeCloseTo(0, 10);
  });

  it('splits an additive function into its main effects, which sum to the total', () => {
    const tree = gridTree(grid2(8), (row) => 3 * (row[0] as number) + (row[1] as number), NUMERIC);
    const { totalVariance, marginalVariances } = decomposeTreeVariance(tree, UNIT);
    // Piecewise constant on 8 cells per axis: Var(3·x0) = 9·(1/12)(1 − 1/64), Var(x1) = (1/12)(1 − 1/64).
    const cell = (1 / 12) * (1 - 1 / 64);
    expect(marginalVariances[0]).toBeCloseTo(9 * cell, 10);
    expect(marginalVariances[1]).toBeCloseTo(cell, 10);
    expect(totalVariance).toBeCloseTo(10 * cell, 10);
  });

  it('finds no main effect in a pure interaction (x0 − ½)(x1 − ½)', () => {
    const tree = gridTree(grid2(6), (row) => ((row[0] as number) - 0.5) * ((row[1] as number) - 0.5), NUMERIC);
    const { totalVariance, marginalVariances } = decomposeTreeVariance(tree, UNIT);
    expect(totalVariance).toBeGreaterThan(0);
    expect(marginalVariances[0]).toBeCloseTo(0, 12);
    expect(marginalVariances[1]).toBeCloseTo(0, 12);
  });

  it('weights numeric cells by their width in the domain, not by the number of samples', () => {
    // Samples at 0.1 and 0.9 only; threshold 0.5 halves the domain [0, 1] but a [0, 4] domain gives the right side 7/8.
    const tree = gridTree([[0.1, 0], [0.9, 0]], (row) => ((row[0] as number) > 0.5 ? 8 : 0), NUMERIC);
    expect(decomposeTreeVariance(tree, UNIT).totalVariance).toBeCloseTo(16, 10);
    const wide = decomposeTreeVariance(tree, [{ kind: 'numeric', low: 0, high: 4 }, { kind: 'numeric', low: 0, high: 1 }]);
    expect(wide.totalVariance).toBeCloseTo(64 * (1 / 8) * (7 / 8), 10);
  });

  it('weights each choice of a categorical equally, whether or not the tree saw it', () => {
    const features: FeatureKind[] = [{ kind: 'categorical', nChoices: 4 }];
    // Choices 0..2 seen; 3 unseen goes with the right-hand side of the split.
    const tree = gridTree([[0], [1], [2]], (row) => (row[0] === 1 ? 6 : 0), features);
    const { totalVariance, marginalVariances } = decomposeTreeVariance(tree, [{ kind: 'categorical', nChoices: 4 }]);
    const values = [0, 1, 2, 3].map((c) => tree.predict([c]));
    const mean = values.reduce((a, b) => a + b, 0) / 4;
    const expected = values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / 4;
    expect(totalVariance).toBeCloseTo(expected, 10);
    expect(marginalVariances[0]).toBeCloseTo(expected, 10);
  });

  it('never gives main effects more than the total variance (they are orthogonal parts of it)', () => {
    const row = fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 2 }), fc.double({ min: -5, max: 5, noNaN: true }));
    fc.assert(
      fc.property(fc.array(row, { minLength: 2, maxLength: 40 }), fc.integer({ min: 1, max: 8 }), (rows, maxDepth) => {
        const features: FeatureKind[] = [{ kind: 'numeric' }, { kind: 'numeric' }, { kind: 'categorical', nChoices: 3 }];
        const columns = [0, 1, 2].map((f) => Float64Array.from(rows, (r) => r[f] as number));
        const tree = RegressionTree.fit({ columns, y: Float64Array.from(rows, (r) => r[3]), features }, Int32Array.from(rows.keys()), { ...OPTIONS, maxDepth }, new SeededRandom(0));
        const domains: FeatureDomain[] = [...UNIT, { kind: 'categorical', nChoices: 3 }];
        const { totalVariance, marginalVariances } = decomposeTreeVariance(tree, domains);
        const mainEffects = marginalVariances.reduce((a, b) => a + b, 0);
        expect(Math.min(...marginalVariances)).toBeGreaterThanOrEqual(0);
        expect(mainEffects).toBeLessThanOrEqual(totalVariance * (1 + 1e-9) + 1e-12);
      }),
      { numRuns: 200, seed: 7 },
    );
  });
});
