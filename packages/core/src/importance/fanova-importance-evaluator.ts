import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { encodeParams } from './encode-params.js';
import { decomposeTreeVariance } from './functional-anova.js';
import type { ImportanceEvaluator, ImportanceInput } from './importance-evaluator.js';
import { RandomForestRegressor } from './random-forest-regressor.js';

export interface FanovaImportanceEvaluatorOptions {
  /** Trees in the random forest. Default 64 (Optuna). */
  readonly nTrees?: number;
  /** Maximum depth of each tree. Default 64 (Optuna). */
  readonly maxDepth?: number;
  /** Seed of the forest; drawn at random when absent, so results then vary a little between calls. */
  readonly seed?: number;
}

/**
 * fANOVA (Hutter, Hoos and Leyton-Brown, ICML 2014), as Optuna's `FanovaImportanceEvaluator`: a
 * random forest of regression trees predicts the target from the parameters, and each
 * parameter's importance is the share of the forest's prediction variance, over the uniform
 * distribution on the search space, that its main effect explains: `Var(E[f | x_p]) / Var(f)` per
 * tree, averaged over the trees whose prediction is not constant.
 *
 * Differences from Optuna, on purpose: log parameters are modelled in log space (Optuna uses the
 * raw scale, which lets the top decade of a log range dominate the variance); categorical
 * parameters are split as categories instead of one-hot columns, so their marginal never mixes
 * impossible all-zero or multi-hot encodings; `evaluate` returns the raw variance fractions
 * (main effects of an additive target sum to about 1; interactions make the sum smaller), and
 * `getParamImportances` normalises them.
 *
 * The forest reflects the trials it is fitted on: use it on trials that cover the space (a
 * random or QMC sampler), as importances from a sampler that converged describe its neighbourhood.
 */
export class FanovaImportanceEvaluator implements ImportanceEvaluator {
  readonly name = 'fANOVA';
  private readonly options: Required<Omit<FanovaImportanceEvaluatorOptions, 'seed'>> & { readonly seed: number | undefined };

  constructor(options: FanovaImportanceEvaluatorOptions = {}) {
    // Validate eagerly, so a bad option fails at construction and not at the first evaluate.
    const forest = new RandomForestRegressor({ ...options, nTrees: options.nTrees ?? 64, maxDepth: options.maxDepth ?? 64 });
    this.options = { nTrees: forest.nTrees, maxDepth: forest.maxDepth, seed: options.seed };
  }

  evaluate(input: ImportanceInput): Record<string, number> {
    const names = Object.keys(input.space);
    const { data, domains } = encodeParams(input.space, input.trials, input.targets);
    // A fresh forest per call: a seeded evaluator gives the same answer every time.
    const forest = new RandomForestRegressor({ nTrees: this.options.nTrees, maxDepth: this.options.maxDepth, minSamplesSplit: 2, minSamplesLeaf: 1, ...(this.options.seed === undefined ? {} : { seed: this.options.seed }) }).fit(data);
    const sums = new Float64Array(names.length);
    let nUsed = 0;
    for (const tree of forest.trees) {
      const { totalVariance, marginalVariances } = decomposeTreeVariance(tree, domains);
      if (!(totalVariance > 0)) continue;
      nUsed++;
      for (let f = 0; f < names.length; f++) sums[f] = (sums[f] as number) + Math.min(1, (marginalVariances[f] as number) / totalVariance);
    }
    if (nUsed === 0) {
      throw new InvalidArgumentError('target', input.targets[0], `target values that vary between the ${input.trials.length} trials (fANOVA explains variance; a constant target has none)`);
    }
    return Object.fromEntries(names.map((name, f) => [name, (sums[f] as number) / nUsed]));
  }
}
