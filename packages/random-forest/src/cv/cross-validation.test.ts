import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadCsv } from '../__fixtures__/load-csv.js';
import { prepareDataset } from '../data/prepare-dataset.js';
import { crossValidationFolds } from './cross-validation-folds.js';
import { kFold, type Fold } from './k-fold.js';
import { stratifiedKFold } from './stratified-k-fold.js';

/** Folds are disjoint, each fold's train ∪ validation is every row once, validations cover the data. */
function expectPartition(folds: Fold[], n: number): void {
  const seen = new Int32Array(n);
  for (const fold of folds) {
    expect(fold.train.length + fold.validation.length).toBe(n);
    const inFold = new Uint8Array(n);
    for (const i of fold.train) inFold[i] = (inFold[i] as number) + 1;
    for (const i of fold.validation) {
      inFold[i] = (inFold[i] as number) + 1;
      seen[i] = (seen[i] as number) + 1;
    }
    expect(inFold.every((count) => count === 1)).toBe(true);
    for (const list of [fold.train, fold.validation]) for (let i = 1; i < list.length; i++) expect(list[i - 1] as number).toBeLessThan(list[i] as number);
  }
  expect(seen.every((count) => count === 1)).toBe(true);
}

const labelsArbitrary = fc.array(fc.constantFrom('a', 'b', 'c'), { minLength: 1, maxLength: 200 });

describe('stratifiedKFold', () => {
  it('gives disjoint folds covering the data, each class spread within one row of proportional', () => {
    fc.assert(
      fc.property(labelsArbitrary, fc.integer({ min: 2, max: 6 }), fc.integer(), (labels, folds, seed) => {
        const counts = new Map<string, number>();
        for (const label of labels) counts.set(label, (counts.get(label) ?? 0) + 1);
        fc.pre([...counts.values()].every((count) => count >= folds));
        const result = stratifiedKFold(labels, { folds, seed });
        expect(result).toHaveLength(folds);
        expectPartition(result, labels.length);
        for (const [label, count] of counts) {
          for (const fold of result) {
            const inFold = Array.from(fold.validation).filter((i) => labels[i] === label).length;
            expect(Math.abs(inFold - count / folds)).toBeLessThan(1);
          }
        }
      }),
    );
  });

  it("matches scikit-learn's fold sizes and per-fold class counts", () => {
    const fixture = JSON.parse(readFileSync(new URL('../__fixtures__/sklearn-folds.json', import.meta.url), 'utf8')) as {
      cases: { file: string; folds: number; stratifiedClassCounts: Record<string, number>[]; kFoldSizes: number[] }[];
    };
    for (const c of fixture.cases) {
      const { y } = loadCsv(c.file);
      const ours = stratifiedKFold(y, { folds: c.folds, seed: 5 });
      const classCounts = ours.map((fold) => {
        const counts: Record<string, number> = {};
        for (const i of fold.validation) counts[String(y[i])] = (counts[String(y[i])] ?? 0) + 1;
        return counts;
      });
      expect(classCounts).toEqual(c.stratifiedClassCounts);
      expect(kFold(y.length, { folds: c.folds, seed: 5 }).map((fold) => fold.validation.length)).toEqual(c.kFoldSizes);
    }
  });

  it('is deterministic per seed and shuffles differently across seeds; shuffle:false keeps data order', () => {
    const y = Array.from({ length: 40 }, (_, i) => i % 2);
    expect(stratifiedKFold(y, { seed: 1 })).toEqual(stratifiedKFold(y, { seed: 1 }));
    expect(stratifiedKFold(y, { seed: 1 })).not.toEqual(stratifiedKFold(y, { seed: 2 }));
    const ordered = stratifiedKFold(y, { folds: 4, shuffle: false });
    expect(Array.from(ordered[0]?.validation ?? [])).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('rejects more folds than rows of a class, naming the class', () => {
    const y = ['M', 'M', 'M', 'B', 'B', 'B', 'B', 'B'];
    expect(() => stratifiedKFold(y, { folds: 4 })).toThrow(/Invalid cv.folds: expected at most 3: class "M" has only 3 rows, and stratified folds each need one of every class, got 4/);
    expect(() => stratifiedKFold(y, { folds: 1 })).toThrow(/cv.folds: expected an integer >= 2/);
    expect(() => stratifiedKFold(y, { folds: 2.5 })).toThrow(/cv.folds/);
  });
});

describe('kFold', () => {
  it('partitions any number of rows into balanced folds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 300 }), fc.integer({ min: 2, max: 10 }), fc.boolean(), (n, folds, shuffle) => {
        fc.pre(folds <= n);
        const result = kFold(n, { folds, shuffle, seed: n });
        expectPartition(result, n);
        const sizes = result.map((fold) => fold.validation.length);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
        expect(sizes).toEqual([...sizes].sort((a, b) => b - a)); // larger folds first, as scikit-learn
      }),
    );
    expect(() => kFold(3, { folds: 4 })).toThrow(/at most the number of rows \(3\)/);
  });
});

describe('crossValidationFolds', () => {
  const { x, y } = loadCsv('breast_cancer.csv');
  const dataset = prepareDataset(x, y, 'classification');

  it('repeats with different shuffles and numbers the steps repeat * folds + fold', () => {
    const folds = crossValidationFolds(dataset.target, { folds: 3, repeats: 2, seed: 4 });
    expect(folds.map((fold) => [fold.repeat, fold.index, fold.step])).toEqual([
      [0, 0, 0], [0, 1, 1], [0, 2, 2], [1, 0, 3], [1, 1, 4], [1, 2, 5],
    ]);
    expectPartition(folds.slice(0, 3), y.length);
    expectPartition(folds.slice(3), y.length);
    expect(folds[0]?.validation).not.toEqual(folds[3]?.validation);
    // Stratified by default for classification: the class ratio of every validation fold is close to the data's.
    const ratio = y.filter((v) => v === 1).length / y.length;
    for (const fold of folds) expect(Math.abs(Array.from(fold.validation).filter((i) => y[i] === 1).length / fold.validation.length - ratio)).toBeLessThan(0.01);
  });

  it('uses plain k-fold for regression and refuses to stratify it', () => {
    const regression = prepareDataset(x, x.map((row) => row[0] as number), 'regression');
    expect(crossValidationFolds(regression.target, { folds: 4 })).toHaveLength(4);
    expect(() => crossValidationFolds(regression.target, { stratified: true })).toThrow(/cv.stratified: expected false for regression/);
    expect(() => crossValidationFolds(dataset.target, { repeats: 0 })).toThrow(/cv.repeats/);
    expect(() => crossValidationFolds(dataset.target, { repeats: 2, shuffle: false })).toThrow(/unshuffled repetitions would be identical/);
  });

  it('takes explicit splits (validated) in place of its own', () => {
    const small = prepareDataset(x.slice(0, 6), [0, 1, 0, 1, 0, 1], 'classification');
    const folds = crossValidationFolds(small.target, { splits: [{ train: [5, 0, 1], validation: [2, 3] }, { train: [2, 3], validation: [4] }] });
    expect(folds.map((fold) => [Array.from(fold.train), Array.from(fold.validation), fold.step])).toEqual([
      [[0, 1, 5], [2, 3], 0],
      [[2, 3], [4], 1],
    ]);
    expect(() => crossValidationFolds(small.target, { splits: [{ train: [0, 1], validation: [1] }] })).toThrow(/cv.splits\[0\].validation\[0\]: expected a row in only one of train and validation/);
    expect(() => crossValidationFolds(small.target, { splits: [{ train: [0, 9], validation: [1] }] })).toThrow(/cv.splits\[0\].train\[1\]: expected a row index in \[0, 5\]/);
    expect(() => crossValidationFolds(small.target, { splits: [{ train: [], validation: [1] }] })).toThrow(/non-empty array of row indices/);
    expect(() => crossValidationFolds(small.target, { splits: [{ train: [0], validation: [1] }], folds: 5 })).toThrow(/cv.folds: expected left out with cv.splits/);
  });
});
