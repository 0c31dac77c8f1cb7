import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { SeededRandom } from '../utils/seeded-random.js';
import { RegressionTree, type RegressionData } from './regression-tree.js';
import { checkSeed } from '../utils/check-options.js';

export interface RandomForestRegressorOptions {
  /** Number of trees. Default 64 (Optuna's fANOVA). */
  readonly nTrees?: number;
  /** Maximum depth of each tree. Default 64. */
  readonly maxDepth?: number;
  /** Default 2, as sklearn. */
  readonly minSamplesSplit?: number;
  /** Default 1, as sklearn. */
  readonly minSamplesLeaf?: number;
  /** Seed of the bootstrap samples and split tie-breaking; drawn at random when absent. */
  readonly seed?: number;
}

/**
 * A small random forest of CART regression trees: each tree is grown on a bootstrap sample and
 * considers every feature at every split, as sklearn's `RandomForestRegressor` defaults (which
 * Optuna's fANOVA uses). Written here because core may not depend on a forest package; it is
 * meant for hundreds to a few thousand trials, not for general machine learning.
 */
export class RandomForestRegressor {
  readonly nTrees: number;
  readonly maxDepth: number;
  readonly minSamplesSplit: number;
  readonly minSamplesLeaf: number;
  private readonly random: SeededRandom;
  private fitted: RegressionTree[] = [];

  constructor(options: RandomForestRegressorOptions = {}) {
    this.nTrees = positiveInteger('RandomForestRegressor.nTrees', options.nTrees ?? 64, 1);
    this.maxDepth = positiveInteger('RandomForestRegressor.maxDepth', options.maxDepth ?? 64, 1);
    this.minSamplesSplit = positiveInteger('RandomForestRegressor.minSamplesSplit', options.minSamplesSplit ?? 2, 2);
    this.minSamplesLeaf = positiveInteger('RandomForestRegressor.minSamplesLeaf', options.minSamplesLeaf ?? 1, 1);
    checkSeed('RandomForestRegressor', options.seed);
    this.random = new SeededRandom(options.seed);
  }

  /** The fitted trees (empty before `fit`). */
  get trees(): readonly RegressionTree[] {
    return this.fitted;
  }

  /** Fit `nTrees` trees, replacing any previous fit. Needs at least one sample. */
  fit(data: RegressionData): this {
    const n = data.y.length;
    if (n === 0) throw new InvalidArgumentError('RandomForestRegressor.fit.y', data.y, 'at least one sample');
    for (const [f, column] of data.columns.entries()) {
      if (column.length !== n) throw new InvalidArgumentError(`RandomForestRegressor.fit.columns[${f}]`, column.length, `${n} values (one per target)`);
    }
    const options = { maxDepth: this.maxDepth, minSamplesSplit: this.minSamplesSplit, minSamplesLeaf: this.minSamplesLeaf };
    this.fitted = [];
    for (let t = 0; t < this.nTrees; t++) {
      const random = this.random.fork();
      const sample = new Int32Array(n);
      for (let i = 0; i < n; i++) sample[i] = random.int(0, n - 1);
      this.fitted.push(RegressionTree.fit(data, sample, options, random));
    }
    return this;
  }

  /** Mean prediction of the trees for one row (`row[f]` is feature `f`). */
  predict(row: ArrayLike<number>): number {
    if (this.fitted.length === 0) throw new InvalidArgumentError('RandomForestRegressor.predict', row, 'a fitted forest (call fit first)');
    let sum = 0;
    for (const tree of this.fitted) sum += tree.predict(row);
    return sum / this.fitted.length;
  }
}

function positiveInteger(field: string, value: number, minimum: number): number {
  if (!Number.isInteger(value) || value < minimum) throw new InvalidArgumentError(field, value, `an integer >= ${minimum}`);
  return value;
}
