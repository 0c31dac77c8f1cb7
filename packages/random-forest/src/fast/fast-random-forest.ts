import { InvalidArgumentError } from '@tunekit/core';
import type { Dataset, FeatureMatrix, Label, Task } from '../data/dataset.js';
import { prepareDataset, prepareFeatures, type FeatureRows } from '../data/prepare-dataset.js';
import { forestToMlRandomForestJSON, type MlRandomForestClassifierJSON, type MlRandomForestJSON, type MlRandomForestRegressionJSON } from '../export/ml-random-forest-json.js';
import type { Metric } from '../metrics/metric.js';
import { toRows, type RandomForestModel } from '../model/random-forest-model.js';
import { resolveParams, type RandomForestParams } from '../params/random-forest-params.js';
import { fitForest, type ForestData } from './fit-forest.js';
import { forestImportances, predictCodes, predictProbabilities, predictValues, type Voting } from './predict-forest.js';

/** Options of the fast forests: the hyperparameters, a seed, and (classifier) the voting rule. */
export interface FastRandomForestOptions extends Partial<RandomForestParams> {
  /** Seeds bootstrap samples and feature draws. Default 0. */
  readonly seed?: number;
  /**
   * Classifier only. `'hard'` (default): majority vote of the trees, the rule ml-random-forest
   * applies, so `toMlRandomForestJSON()` loads into a model predicting the same labels.
   * `'soft'`: argmax of the averaged probabilities (scikit-learn's rule).
   */
  readonly voting?: Voting;
}

function checkSeed(seed: unknown): number {
  if (typeof seed !== 'number' || !Number.isFinite(seed)) throw new InvalidArgumentError('seed', seed, 'a finite number');
  return seed;
}

/** Shared by the fast classifier and regressor. */
abstract class FastRandomForest implements RandomForestModel {
  readonly engine = 'fast' as const;
  abstract readonly task: Task;
  protected forestData: ForestData | undefined;
  readonly #options: FastRandomForestOptions;

  constructor(options: FastRandomForestOptions = {}) {
    this.#options = options;
  }

  /** @internal Wrap an already fitted forest. */
  protected adopt(forest: ForestData): this {
    this.forestData = forest;
    return this;
  }

  protected get options(): FastRandomForestOptions {
    return this.#options;
  }

  /** @internal The fitted trees. */
  get forest(): ForestData {
    if (this.forestData === undefined) throw new InvalidArgumentError(`${this.constructor.name}`, 'unfitted', 'a fitted model: call fit(x, y) first');
    return this.forestData;
  }

  get classes(): readonly Label[] {
    return this.forest.classes;
  }

  get nFeatures(): number {
    return this.forest.nFeatures;
  }

  get params(): RandomForestParams {
    return this.forest.params;
  }

  /** Fit on rows `x` and targets `y` (validated: no ragged rows, no NaN, at least two classes). */
  fit(x: FeatureRows, y: readonly Label[]): this {
    const { seed = 0, voting: _voting, ...params } = this.#options;
    const dataset: Dataset = prepareDataset(x, y, this.task);
    return this.adopt(fitForest(dataset, undefined, resolveParams(params, this.task, 'options'), checkSeed(seed)));
  }

  protected features(x: FeatureRows): FeatureMatrix {
    return prepareFeatures(x, 'x', this.forest.nFeatures);
  }

  abstract predict(x: FeatureRows): Label[];
  abstract predictProba(x: FeatureRows): number[][];
  abstract predictPrepared(features: FeatureMatrix, rows: ArrayLike<number> | undefined, input: Metric['input']): Int32Array | Float64Array;

  featureImportances(): number[] {
    return forestImportances(this.forest);
  }

  toMlRandomForestJSON(): MlRandomForestJSON {
    return forestToMlRandomForestJSON(this.forest);
  }
}

/**
 * A random forest classifier with scikit-learn's semantics (features drawn at every split, best
 * threshold over sorted values, Gini or entropy, bootstrap), fitted on typed arrays.
 *
 * @example
 * const forest = new FastRandomForestClassifier({ nEstimators: 200, maxFeatures: 'sqrt', seed: 1 }).fit(x, y);
 * forest.predict(rows); forest.predictProba(rows);
 * RandomForestClassifier.load(forest.toMlRandomForestJSON()); // a genuine ml-random-forest model
 */
export class FastRandomForestClassifier extends FastRandomForest {
  readonly task = 'classification' as const;

  /** @internal */
  static fromForest(forest: ForestData, voting: Voting = 'hard'): FastRandomForestClassifier {
    return new FastRandomForestClassifier({ voting }).adopt(forest);
  }

  get voting(): Voting {
    return this.options.voting ?? 'hard';
  }

  predict(x: FeatureRows): Label[] {
    const codes = predictCodes(this.forest, this.features(x), undefined, this.voting);
    return Array.from(codes, (code) => this.forest.classes[code] as Label);
  }

  predictProba(x: FeatureRows): number[][] {
    return toRows(predictProbabilities(this.forest, this.features(x), undefined), this.forest.classes.length);
  }

  predictPrepared(features: FeatureMatrix, rows: ArrayLike<number> | undefined, input: Metric['input']): Int32Array | Float64Array {
    return input === 'probabilities' ? predictProbabilities(this.forest, features, rows) : predictCodes(this.forest, features, rows, this.voting);
  }

  override toMlRandomForestJSON(): MlRandomForestClassifierJSON {
    return super.toMlRandomForestJSON() as MlRandomForestClassifierJSON;
  }
}

/** A random forest regressor (squared error), scikit-learn semantics; predictions are the mean of the trees. */
export class FastRandomForestRegressor extends FastRandomForest {
  readonly task = 'regression' as const;

  /** @internal */
  static fromForest(forest: ForestData): FastRandomForestRegressor {
    return new FastRandomForestRegressor().adopt(forest);
  }

  override fit(x: FeatureRows, y: readonly number[]): this {
    return super.fit(x, y);
  }

  predict(x: FeatureRows): number[] {
    return Array.from(predictValues(this.forest, this.features(x), undefined));
  }

  predictProba(): number[][] {
    throw new InvalidArgumentError('predictProba', 'regression', 'a classifier (a regressor predicts values: use predict)');
  }

  predictPrepared(features: FeatureMatrix, rows: ArrayLike<number> | undefined): Float64Array {
    return predictValues(this.forest, features, rows);
  }

  override toMlRandomForestJSON(): MlRandomForestRegressionJSON {
    return super.toMlRandomForestJSON() as MlRandomForestRegressionJSON;
  }
}
