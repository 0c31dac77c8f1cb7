import { RandomForestClassifier, RandomForestRegression } from 'ml-random-forest';
import { describe, expect, it } from 'vitest';
import { loadCsv } from '../__fixtures__/load-csv.js';
import { stratifiedKFold } from '../cv/stratified-k-fold.js';
import { kFold } from '../cv/k-fold.js';
import type { Label } from '../data/dataset.js';
import { FastRandomForestClassifier, FastRandomForestRegressor, type FastRandomForestOptions } from '../fast/fast-random-forest.js';
import { mlRandomForestLabelMode } from './ml-random-forest-json.js';

const cancer = loadCsv('breast_cancer.csv');
const digits = loadCsv('digits-500.csv');

/** Train on 80 % (stratified), return the held-out 20 %. */
function split<T>(x: number[][], y: T[], seed = 0) {
  const fold = stratifiedKFold(y as Label[], { folds: 5, seed })[0];
  if (fold === undefined) throw new Error('no fold');
  const pick = <V>(rows: V[], idx: Int32Array) => Array.from(idx, (i) => rows[i] as V);
  return { xTrain: pick(x, fold.train), yTrain: pick(y, fold.train), xTest: pick(x, fold.validation), yTest: pick(y, fold.validation) };
}

/** Fit ours, export, load into ml-random-forest (through JSON text), predict the held-out rows with both. */
function agreement<T extends Label>(x: number[][], y: T[], options: FastRandomForestOptions, decode: (prediction: number) => Label = (p) => p) {
  const { xTrain, yTrain, xTest } = split(x, y);
  const ours = new FastRandomForestClassifier(options).fit(xTrain, yTrain);
  const json = JSON.parse(JSON.stringify(ours.toMlRandomForestJSON()));
  const loaded = RandomForestClassifier.load(json);
  const theirs = loaded.predict(xTest).map(decode);
  const mine = ours.predict(xTest);
  return { mine, theirs, ours, xTest, agree: mine.filter((label, i) => label === theirs[i]).length / mine.length };
}

/** Rows where the trees' votes tie between classes (the mode's tie rule decides them). */
function voteTies(model: FastRandomForestClassifier, rows: number[][]): number {
  const k = model.classes.length;
  let ties = 0;
  const forest = model.forest;
  for (const row of rows) {
    const counts = new Array<number>(k).fill(0);
    for (const tree of forest.trees) {
      let node = 0;
      while ((tree.feature[node] as number) >= 0) node = (row[tree.feature[node] as number] as number) < (tree.threshold[node] as number) ? (tree.left[node] as number) : (tree.right[node] as number);
      const c = tree.nodeClass[node] as number;
      counts[c] = (counts[c] as number) + 1;
    }
    const max = Math.max(...counts);
    if (counts.filter((c) => c === max).length > 1) ties++;
  }
  return ties;
}

describe('exported forests load in ml-random-forest and predict the same labels', () => {
  it('breast_cancer, scikit-learn defaults (100 trees, sqrt features): 100 % agreement on held-out rows', () => {
    const result = agreement(cancer.x, cancer.y, { seed: 3 });
    expect(result.xTest.length).toBeGreaterThan(100);
    expect(result.agree).toBe(1);
  });

  it('small shallow forests with impure leaves and tied votes: ties are broken the same way', () => {
    const result = agreement(cancer.x, cancer.y, { nEstimators: 4, maxDepth: 2, minSamplesLeaf: 10, seed: 1 });
    expect(voteTies(result.ours, result.xTest)).toBeGreaterThan(0); // the case is really exercised
    expect(result.agree).toBe(1);
  });

  it('digits, 10 classes, 6 shallow trees: 100 % agreement', () => {
    const result = agreement(digits.x, digits.y, { nEstimators: 6, maxDepth: 4, maxFeatures: 0.3, seed: 2 });
    expect(voteTies(result.ours, result.xTest)).toBeGreaterThan(0);
    expect(result.agree).toBe(1);
  });

  it('labels that are not small integers export as codes; classes[prediction] gives the label back', () => {
    const names = cancer.y.map((v) => (v === 0 ? 'malignant' : 'benign'));
    const model = new FastRandomForestClassifier({ nEstimators: 5, maxDepth: 3 }).fit(cancer.x, names);
    expect(model.classes).toEqual(['benign', 'malignant']);
    expect(mlRandomForestLabelMode(model.classes)).toBe('codes');
    const result = agreement(cancer.x, names, { nEstimators: 5, maxDepth: 3, seed: 4 }, (code) => model.classes[code] as Label);
    expect(result.agree).toBe(1);
  });

  it('non-contiguous integer labels export as themselves', () => {
    const labels = cancer.y.map((v) => (v === 0 ? 3 : 7));
    expect(mlRandomForestLabelMode([3, 7])).toBe('labels');
    const result = agreement(cancer.x, labels, { nEstimators: 7, maxDepth: 4, seed: 5 });
    expect(new Set(result.theirs)).toEqual(new Set([3, 7]));
    expect(result.agree).toBe(1);
  });

  it('regression: the loaded RandomForestRegression predicts the same values', () => {
    // Predict "mean area" (column 3) from the other columns.
    const x = cancer.x.map((row) => row.filter((_, j) => j !== 3));
    const y = cancer.x.map((row) => row[3] as number);
    const fold = kFold(x.length, { folds: 5, seed: 0 })[0];
    if (fold === undefined) throw new Error('no fold');
    const xTrain = Array.from(fold.train, (i) => x[i] as number[]);
    const yTrain = Array.from(fold.train, (i) => y[i] as number);
    const xTest = Array.from(fold.validation, (i) => x[i] as number[]);
    const ours = new FastRandomForestRegressor({ nEstimators: 30, maxFeatures: 0.5, minSamplesLeaf: 2, seed: 6 }).fit(xTrain, yTrain);
    const loaded = RandomForestRegression.load(JSON.parse(JSON.stringify(ours.toMlRandomForestJSON())));
    const theirs = loaded.predict(xTest);
    const mine = ours.predict(xTest);
    mine.forEach((value, i) => expect(theirs[i]).toBe(value));
  });

  it('the JSON has ml-random-forest’s shape: identity column sets, leaves with a one-row distribution', () => {
    const model = new FastRandomForestClassifier({ nEstimators: 2, maxDepth: 1, seed: 0 }).fit(cancer.x, cancer.y);
    const json = model.toMlRandomForestJSON();
    expect(json.name).toBe('RFClassifier');
    expect(json.baseModel.nEstimators).toBe(2);
    expect(json.baseModel.indexes[0]).toEqual(Array.from({ length: 30 }, (_, i) => i));
    const root = json.baseModel.estimators[0]?.root;
    expect(root?.splitColumn).toBeTypeOf('number');
    expect(root?.left?.distribution).toEqual([expect.any(Array)]);
    expect(root?.distribution).toBeUndefined();
  });
});
