import { RandomForestClassifier } from 'ml-random-forest';
import { describe, expect, it } from 'vitest';
import { loadCsv } from '../__fixtures__/load-csv.js';
import { prepareDataset } from '../data/prepare-dataset.js';
import { resolveParams } from '../params/random-forest-params.js';
import { createMlRandomForestEngine, MlRandomForestModel } from './ml-random-forest-engine.js';

// ml-random-forest's split search is O(n²) per feature and node: keep the data small.
const { x: allX, y: allY } = loadCsv('breast_cancer.csv');
const x = allX.slice(0, 150);
const y = allY.slice(0, 150);

describe('the ml-random-forest engine', () => {
  it('trains string labels (encoded for ml-cart) and decodes its predictions', async () => {
    const engine = await createMlRandomForestEngine();
    const names = y.map((v) => (v === 0 ? 'malignant' : 'benign'));
    const model = engine.fit(prepareDataset(x, names, 'classification'), undefined, resolveParams({ nEstimators: 5, maxFeatures: 0.5 }, 'classification'), 1);
    expect(model).toBeInstanceOf(MlRandomForestModel);
    expect((model as MlRandomForestModel).forest).toBeInstanceOf(RandomForestClassifier); // the library's own object
    const predicted = model.predict(x);
    expect(new Set(predicted)).toEqual(new Set(['malignant', 'benign']));
    expect(predicted.filter((label, i) => label === names[i]).length / names.length).toBeGreaterThan(0.85);
  });

  it('gives probabilities from every tree’s vote (including the first tree’s)', async () => {
    const engine = await createMlRandomForestEngine();
    const model = engine.fit(prepareDataset(x, y, 'classification'), undefined, resolveParams({ nEstimators: 3, maxDepth: 2, bootstrap: true }, 'classification'), 7) as MlRandomForestModel;
    const probabilities = model.predictProba(x);
    const votes = model.forest.predictionValues(x);
    probabilities.forEach((row, i) => {
      const treeVotes = votes.getRow(i);
      expect(row[0]).toBeCloseTo(treeVotes.filter((v) => v === 0).length / 3, 12);
      expect(row[1]).toBeCloseTo(treeVotes.filter((v) => v === 1).length / 3, 12);
    });
    // predict = majority of the same votes.
    model.predict(x).forEach((label, i) => expect(label).toBe((probabilities[i]?.[1] as number) > 0.5 ? 1 : 0));
  });

  it('trains forests of one or two trees (its out-of-bag pass is off) and exports loadable JSON', async () => {
    const engine = await createMlRandomForestEngine();
    for (const nEstimators of [1, 2]) {
      const model = engine.fit(prepareDataset(x, y, 'classification'), undefined, resolveParams({ nEstimators }, 'classification'), 3);
      const loaded = RandomForestClassifier.load(model.toMlRandomForestJSON() as never);
      expect(loaded.predict(x)).toEqual(model.predict(x));
      const importances = model.featureImportances();
      expect(importances).toHaveLength(30);
      expect(importances.every(Number.isFinite)).toBe(true);
      expect(importances.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    }
  });

  it('fits regression and maps maxFeatures to a per-tree count', async () => {
    const engine = await createMlRandomForestEngine();
    const target = x.map((row) => row[3] as number);
    const features = x.map((row) => row.filter((_, j) => j !== 3));
    const model = engine.fit(prepareDataset(features, target, 'regression'), undefined, resolveParams({ nEstimators: 4, maxFeatures: 'sqrt' }, 'regression'), 2) as MlRandomForestModel;
    const json = model.toMlRandomForestJSON();
    expect(json.name).toBe('RFRegression');
    expect(json.baseModel.n).toBe(Math.floor(Math.sqrt(29)));
    expect(json.baseModel.indexes.every((columns) => columns.length === 5)).toBe(true);
    const predictions = model.predict(features) as number[];
    expect(predictions.every(Number.isFinite)).toBe(true);
    expect(() => model.predictProba(features)).toThrow(/a classifier/);
  });

  it("refuses what ml-cart cannot do: entropy, a minimum leaf size", async () => {
    const engine = await createMlRandomForestEngine();
    const data = prepareDataset(x, y, 'classification');
    expect(() => engine.fit(data, undefined, resolveParams({ criterion: 'entropy' }, 'classification'), 0)).toThrow(/params.criterion: expected 'gini' with engine 'ml-random-forest' \(ml-cart has no entropy criterion/);
    expect(() => engine.fit(data, undefined, resolveParams({ minSamplesLeaf: 3 }, 'classification'), 0)).toThrow(/params.minSamplesLeaf: expected 1 with engine 'ml-random-forest'/);
  });
});
