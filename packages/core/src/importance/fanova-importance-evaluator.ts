import { forestImportanceOptions, meanTreeShares, type ForestImportanceOptions } from './forest-importance.js';
import { decomposeTreeVariance } from './functional-anova.js';
import type { ImportanceEvaluator, ImportanceInput } from './importance-evaluator.js';

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
  private readonly options: ForestImportanceOptions;

  constructor(options: FanovaImportanceEvaluatorOptions = {}) {
    this.options = forestImportanceOptions(options);
  }

  evaluate(input: ImportanceInput): Record<string, number> {
    return meanTreeShares(
      input,
      this.options,
      (tree, { domains }) => {
        const { totalVariance, marginalVariances } = decomposeTreeVariance(tree, domains);
        if (!(totalVariance > 0)) return undefined;
        return Array.from(marginalVariances, (variance) => Math.min(1, variance / totalVariance));
      },
      'fANOVA explains variance; a constant target has none',
    );
  }
}
