import { SeededRandom } from '@tunekit/core';
import type { Dataset, Label, Task } from '../data/dataset.js';
import { maxFeaturesCount, type RandomForestParams } from '../params/random-forest-params.js';
import type { TreeArrays } from './tree-arrays.js';
import { TreeGrower } from './tree-grower.js';

/** A fitted forest: its trees and what is needed to read them. Plain data (structured-cloneable). */
export interface ForestData {
  readonly task: Task;
  readonly trees: readonly TreeArrays[];
  readonly nFeatures: number;
  /** Class labels in code order (empty for regression). */
  readonly classes: readonly Label[];
  readonly params: RandomForestParams;
  readonly seed: number;
}

// One grower (sorted feature index, scratch buffers) per data set, reused by every fit on it.
const growers = new WeakMap<Float64Array, { readonly target: object; readonly grower: TreeGrower }>();

/**
 * Fit a forest on the rows `rows` of `dataset` (all rows when omitted), scikit-learn style: each
 * tree draws a bootstrap sample of `rows.length` rows (or takes them all), grows to purity within
 * the limits, and draws its features at every split. Deterministic for a given `seed`: the forest
 * seeds one generator per tree from it, in tree order.
 */
export function fitForest(dataset: Dataset, rows: ArrayLike<number> | undefined, params: RandomForestParams, seed: number): ForestData {
  const { features, target } = dataset;
  let cached = growers.get(features.values);
  if (cached === undefined || cached.target !== target) {
    cached = { target, grower: new TreeGrower(features, target) };
    growers.set(features.values, cached);
  }
  const grower = cached.grower;
  const training = rows === undefined ? Int32Array.from({ length: features.nSamples }, (_, i) => i) : Int32Array.from(rows);
  const nTrain = training.length;
  const weights = new Float64Array(features.nSamples);
  const samples = new Int32Array(nTrain);
  const options = {
    criterion: params.criterion,
    maxDepth: params.maxDepth ?? Infinity,
    minSamplesSplit: params.minSamplesSplit,
    minSamplesLeaf: params.minSamplesLeaf,
    maxFeatures: maxFeaturesCount(params.maxFeatures, features.nFeatures),
  };
  const master = new SeededRandom(seed);
  const trees: TreeArrays[] = [];
  for (let t = 0; t < params.nEstimators; t++) {
    const rng = new SeededRandom(master.nextUint32());
    let count = 0;
    if (params.bootstrap) {
      for (let i = 0; i < nTrain; i++) {
        const row = training[rng.int(0, nTrain - 1)] as number;
        weights[row] = (weights[row] as number) + 1;
      }
      for (let i = 0; i < nTrain; i++) {
        const row = training[i] as number;
        if ((weights[row] as number) > 0) samples[count++] = row;
      }
    } else {
      for (let i = 0; i < nTrain; i++) {
        const row = training[i] as number;
        weights[row] = 1;
        samples[count++] = row;
      }
    }
    trees.push(grower.grow(samples, count, weights, options, rng));
    for (let i = 0; i < nTrain; i++) weights[training[i] as number] = 0;
  }
  return {
    task: target.task,
    trees,
    nFeatures: features.nFeatures,
    classes: target.task === 'classification' ? target.classes : [],
    params,
    seed,
  };
}
