import type { FrozenTrial } from '../protocol/frozen-trial.js';
import type { Pruner } from '../protocol/pruner.js';
import type { StudyView } from '../protocol/study-view.js';
import { createPercentileRule, prunePercentile, type PercentilePrunerOptions, type PercentileRule } from './percentile-pruner.js';

/** Options of `MedianPruner`: those of `PercentilePruner`. */
export type MedianPrunerOptions = PercentilePrunerOptions;

/**
 * Prunes a trial whose best intermediate value so far is worse than the median of the completed
 * trials' values at the same step (Optuna's `MedianPruner`): exactly `PercentilePruner` at 50, with
 * the same options and defaults (`nStartupTrials: 5`, `nWarmupSteps: 0`, `intervalSteps: 1`,
 * `nMinTrials: 1`). The default pruner of `createStudy`.
 */
export class MedianPruner implements Pruner {
  readonly name = 'MedianPruner';
  readonly #rule: PercentileRule;

  constructor(options?: MedianPrunerOptions) {
    this.#rule = createPercentileRule('MedianPruner', 50, options);
  }

  prune(study: StudyView, trial: FrozenTrial): boolean {
    return prunePercentile(this.#rule, study, trial);
  }
}
