import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Task } from '../data/dataset.js';
import { prepareDataset } from '../data/prepare-dataset.js';
import { resolveParams, type RandomForestParams } from '../params/random-forest-params.js';
import { fitForest } from './fit-forest.js';
import { forestImportances } from './predict-forest.js';

// scikit-learn 1.2.1 DecisionTreeClassifier / Regressor, no bootstrap, every feature examined:
// scripts/make-sklearn-fixtures.py. With no ties between features the tree is fully determined
// by the splitting semantics, so ours must match node for node.
interface TreeCase {
  name: string;
  task: Task;
  x: number[][];
  y: number[];
  params: Partial<RandomForestParams>;
  tree: {
    nodeCount: number;
    left: number[];
    right: number[];
    feature: number[];
    threshold: number[];
    impurity: number[];
    nNodeSamples: number[];
    value: number[];
    featureImportances: number[];
  };
}
const fixture = JSON.parse(readFileSync(new URL('../__fixtures__/sklearn-trees.json', import.meta.url), 'utf8')) as { cases: TreeCase[] };

describe('a single tree matches scikit-learn node for node', () => {
  for (const c of fixture.cases) {
    it(c.name, () => {
      const dataset = prepareDataset(c.x, c.y, c.task);
      const params = resolveParams({ ...c.params, maxDepth: c.params.maxDepth ?? null }, c.task);
      const forest = fitForest(dataset, undefined, params, 0);
      const tree = forest.trees[0];
      if (tree === undefined) throw new Error('no tree');
      const expected = c.tree;
      expect(tree.nodeCount).toBe(expected.nodeCount);
      expect(Array.from(tree.feature)).toEqual(expected.feature);
      expect(Array.from(tree.left)).toEqual(expected.left);
      expect(Array.from(tree.right)).toEqual(expected.right);
      expect(Array.from(tree.nNodeSamples)).toEqual(expected.nNodeSamples);
      for (let node = 0; node < tree.nodeCount; node++) {
        expect(tree.impurity[node]).toBeCloseTo(expected.impurity[node] as number, 10);
        // scikit-learn goes left when x <= t; we go left when x < t'. Both put the cut at the midpoint.
        if ((tree.feature[node] as number) >= 0) expect(tree.threshold[node]).toBeCloseTo(expected.threshold[node] as number, 6);
      }
      expect(Array.from(tree.value).map((v) => Number(v.toFixed(10)))).toEqual(expected.value.map((v) => Number(v.toFixed(10))));
      const importances = forestImportances(forest);
      importances.forEach((value, f) => expect(value).toBeCloseTo(expected.featureImportances[f] as number, 10));
    });
  }
});

describe('forest fitting', () => {
  const x = Array.from({ length: 60 }, (_, i) => [i % 7, (i * 13) % 11, Math.sin(i)]);
  const y = x.map((row) => ((row[0] as number) + (row[1] as number) > 8 ? 1 : 0));
  const dataset = prepareDataset(x, y, 'classification');

  it('is deterministic for a seed and differs across seeds', () => {
    const params = resolveParams({ nEstimators: 5 }, 'classification');
    const a = fitForest(dataset, undefined, params, 11);
    const b = fitForest(dataset, undefined, params, 11);
    const c = fitForest(dataset, undefined, params, 12);
    expect(a.trees.map((t) => Array.from(t.threshold))).toEqual(b.trees.map((t) => Array.from(t.threshold)));
    expect(a.trees.map((t) => Array.from(t.threshold))).not.toEqual(c.trees.map((t) => Array.from(t.threshold)));
  });

  it('honours maxDepth, minSamplesLeaf and minSamplesSplit in every tree', () => {
    const params = resolveParams({ nEstimators: 8, maxDepth: 3, minSamplesLeaf: 4, minSamplesSplit: 10 }, 'classification');
    for (const tree of fitForest(dataset, undefined, params, 1).trees) {
      const depth = new Int32Array(tree.nodeCount);
      for (let node = 0; node < tree.nodeCount; node++) {
        const leaf = (tree.feature[node] as number) < 0;
        if (leaf) expect(tree.nNodeSamples[node]).toBeGreaterThanOrEqual(4);
        else {
          expect(depth[node]).toBeLessThan(3);
          expect(tree.nNodeSamples[node]).toBeGreaterThanOrEqual(10);
          depth[tree.left[node] as number] = (depth[node] as number) + 1;
          depth[tree.right[node] as number] = (depth[node] as number) + 1;
        }
      }
    }
  });

  it('a forest fitted on some rows of a data set equals one fitted on a data set of only those rows', () => {
    // No leakage: the rest of the data (a validation fold) changes nothing, not even through the
    // per-data-set feature index the grower shares across folds.
    const rows = Array.from({ length: 60 }, (_, i) => i).filter((i) => i % 4 !== 1);
    const params = resolveParams({ nEstimators: 6, maxFeatures: 0.5 }, 'classification');
    const within = fitForest(dataset, rows, params, 8);
    const alone = fitForest(prepareDataset(rows.map((i) => x[i] as number[]), rows.map((i) => y[i] as number), 'classification'), undefined, params, 8);
    const shape = (forest: typeof within) => forest.trees.map((tree) => [Array.from(tree.feature), Array.from(tree.threshold), Array.from(tree.value)]);
    expect(shape(within)).toEqual(shape(alone));
  });

  it('fits only the rows it is given', () => {
    const params = resolveParams({ nEstimators: 3, bootstrap: false }, 'classification');
    const rows = Array.from({ length: 30 }, (_, i) => i * 2);
    const forest = fitForest(dataset, rows, params, 0);
    for (const tree of forest.trees) expect(tree.nNodeSamples[0]).toBe(30);
    // Bootstrap: the root sees the distinct rows drawn, never more than given.
    const bagged = fitForest(dataset, rows, resolveParams({ nEstimators: 3 }, 'classification'), 0);
    for (const tree of bagged.trees) {
      expect(tree.nNodeSamples[0]).toBeLessThan(30);
      expect(tree.weightedNNodeSamples[0]).toBe(30);
    }
  });
});
