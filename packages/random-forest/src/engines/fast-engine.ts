import type { Dataset } from '../data/dataset.js';
import { FastRandomForestClassifier, FastRandomForestRegressor } from '../fast/fast-random-forest.js';
import { fitForest } from '../fast/fit-forest.js';
import type { Voting } from '../fast/predict-forest.js';
import type { RandomForestModel } from '../model/random-forest-model.js';
import type { RandomForestParams } from '../params/random-forest-params.js';
import type { ForestEngine } from './forest-engine.js';

/** The fast engine: this package's scikit-learn-semantics forests. Supports every parameter. */
export function createFastEngine(voting: Voting = 'hard'): ForestEngine {
  return {
    name: 'fast',
    checkParams() {},
    fit(dataset: Dataset, rows: ArrayLike<number> | undefined, params: RandomForestParams, seed: number): RandomForestModel {
      const forest = fitForest(dataset, rows, params, seed);
      return forest.task === 'classification' ? FastRandomForestClassifier.fromForest(forest, voting) : FastRandomForestRegressor.fromForest(forest);
    },
  };
}
