import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { SeededRandom } from '../utils/seeded-random.js';
import { RandomForestRegressor } from './random-forest-regressor.js';
import { RegressionTree, type FeatureKind, type RegressionData } from './regression-tree.js';

const FEATURES: FeatureKind[] = [{ kind: 'numeric' }, { kind: 'numeric' }, { kind: 'categorical', nChoices: 3 }];
const OFFSETS = [0, 1.5, -1];

function known(row: readonly number[]): number {
  return Math.sin(3 * (row[0] as number)) + (row[1] as number) ** 2 + (OFFSETS[row[2] as number] as number);
}

function sample(n: number, seed: number): { rows: number[][]; data: RegressionData } {
  const random = new SeededRandom(seed);
  const rows = Array.from({ length: n }, () => [random.uniform(-1, 1), random.uniform(-1, 1), random.int(0, 2)]);
  const columns = FEATURES.map((_, f) => Float64Array.from(rows, (row) => row[f] as number));
  return { rows, data: { columns, y: Float64Array.from(rows, known), features: FEATURES } };
}

function rSquared(forest: RandomForestRegressor, rows: readonly number[][]): number {
  const ys = rows.map(known);
  const mean = ys.reduce((a, b) => a + b, 0) / ys.length;
  let residual = 0;
  let total = 0;
  for (const [i, row] of rows.entries()) {
    residual += (forest.predict(row) - (ys[i] as number)) ** 2;
    total += ((ys[i] as number) - mean) ** 2;
  }
  return 1 - residual / total;
}

describe('RandomForestRegressor', () => {
  it('fits a known function of numeric and categorical inputs (R² > 0.9 on held-out points)', () => {
    const forest = new RandomForestRegressor({ nTrees: 32, seed: 1 }).fit(sample(500, 1).data);
    expect(rSquared(forest, sample(300, 2).rows)).toBeGreaterThan(0.9);
  });

  it('is reproducible with a seed, and the seed matters', () => {
    const { data } = sample(100, 3);
    const probe = [0.1, -0.4, 2];
    const a = new RandomForestRegressor({ nTrees: 8, seed: 5 }).fit(data).predict(probe);
    expect(new RandomForestRegressor({ nTrees: 8, seed: 5 }).fit(data).predict(probe)).toBe(a);
    const others = [6, 7, 8].map((seed) => new RandomForestRegressor({ nTrees: 8, seed }).fit(data).predict(probe));
    expect(others.some((value) => value !== a)).toBe(true);
  });

  it('predicts a constant target exactly, with single-leaf trees', () => {
    const data: RegressionData = { columns: [Float64Array.from([1, 2, 3, 4])], y: Float64Array.from([7, 7, 7, 7]), features: [{ kind: 'numeric' }] };
    const forest = new RandomForestRegressor({ nTrees: 4, seed: 0 }).fit(data);
    expect(forest.trees.every((tree) => tree.nodeCount === 1)).toBe(true);
    expect(forest.predict([10])).toBe(7);
  });

  it('respects maxDepth', () => {
    const forest = new RandomForestRegressor({ nTrees: 3, maxDepth: 2, seed: 0 }).fit(sample(200, 4).data);
    for (const tree of forest.trees) expect(tree.nodeCount).toBeLessThanOrEqual(7);
  });

  it('rejects bad options and unfitted use, naming the field', () => {
    expect(() => new RandomForestRegressor({ nTrees: 0 })).toThrow(InvalidArgumentError);
    expect(() => new RandomForestRegressor({ maxDepth: 1.5 })).toThrow(/RandomForestRegressor\.maxDepth/);
    expect(() => new RandomForestRegressor({ seed: Number.NaN })).toThrow(/RandomForestRegressor\.seed/);
    expect(() => new RandomForestRegressor().predict([0])).toThrow(/fitted forest/);
    const bad: RegressionData = { columns: [Float64Array.from([1, 2])], y: Float64Array.from([1, 2, 3]), features: [{ kind: 'numeric' }] };
    expect(() => new RandomForestRegressor().fit(bad)).toThrow(/columns\[0\]/);
  });
});

describe('RegressionTree', () => {
  it('splits a categorical by subset: choices {0, 2} against {1, 3} in one split', () => {
    const choices = [0, 1, 2, 3, 0, 1, 2, 3];
    const data: RegressionData = { columns: [Float64Array.from(choices)], y: Float64Array.from(choices, (c) => (c % 2 === 0 ? 5 : -5)), features: [{ kind: 'categorical', nChoices: 4 }] };
    const tree = RegressionTree.fit(data, Int32Array.from(choices.keys()), { maxDepth: 1, minSamplesSplit: 2, minSamplesLeaf: 1 }, new SeededRandom(0));
    expect(tree.nodeCount).toBe(3);
    expect([0, 1, 2, 3].map((c) => tree.predict([c]))).toEqual([5, -5, 5, -5]);
  });

  it('puts numeric thresholds midway between observed values, and records the error removed', () => {
    const data: RegressionData = { columns: [Float64Array.from([0, 1, 3, 4])], y: Float64Array.from([0, 0, 1, 1]), features: [{ kind: 'numeric' }] };
    const tree = RegressionTree.fit(data, Int32Array.from([0, 1, 2, 3]), { maxDepth: 5, minSamplesSplit: 2, minSamplesLeaf: 1 }, new SeededRandom(0));
    expect(tree.threshold[0]).toBe(2);
    expect(tree.nodeCount).toBe(3);
    // The split removes all the squared error: Σ(y − ½)² = 1.
    expect(tree.gain).toEqual([1, 0, 0]);
  });

  it('keeps minSamplesLeaf samples in each child', () => {
    const data: RegressionData = { columns: [Float64Array.from([0, 1, 2, 3, 4, 5])], y: Float64Array.from([9, 0, 0, 0, 0, 0]), features: [{ kind: 'numeric' }] };
    const tree = RegressionTree.fit(data, Int32Array.from([0, 1, 2, 3, 4, 5]), { maxDepth: 1, minSamplesSplit: 2, minSamplesLeaf: 2 }, new SeededRandom(0));
    expect(tree.threshold[0]).toBe(1.5);
  });
});
