import type { FrozenTrial } from '../protocol/frozen-trial.js';
import type { Pruner } from '../protocol/pruner.js';
import type { StudyDirection } from '../protocol/trial-state.js';
import type { StudyView } from '../protocol/study-view.js';
import { scalarSteps, singleDirection } from './intermediate-values.js';
import { integerAtLeast, numberInRange, optionsObject } from './pruner-options.js';
import { wilcoxonSignedRankTest } from './wilcoxon-signed-rank-test.js';

/** Options of `WilcoxonPruner`. */
export interface WilcoxonPrunerOptions {
  /**
   * Prune when the one-sided p-value that this trial is worse than the best trial is below this.
   * In `[0, 1]`; larger prunes more aggressively. Default 0.1. The test is repeated at every
   * check on a growing sample, so the real false-pruning rate is higher than `pThreshold`
   * (Optuna suggests a Pocock-corrected threshold for the nominal rate).
   */
  readonly pThreshold?: number;
  /**
   * No pruning until this many steps are shared with the best trial. Integer >= 0; whatever the
   * value, at least 2 shared steps are needed (as in Optuna). Default 2.
   */
  readonly nStartupSteps?: number;
}

/**
 * Prunes a trial that a one-sided Wilcoxon signed-rank test finds worse than the current best
 * trial (Optuna's `WilcoxonPruner`, Optuna >= 3.6). Made for objectives that aggregate many
 * evaluations (the mean over cross-validation folds or problem instances): report each
 * evaluation with its instance id as the step, in any order (shuffle the order per trial).
 *
 * At each check: take the `complete` trial with the best objective value (ties: the lowest
 * number), pair this trial's values with the best trial's at the steps both reported, and test
 * the differences `this - best` (alternative `'greater'` when minimising, `'less'` when
 * maximising; zeros split; see `wilcoxonSignedRankTest`). Prune when `p < pThreshold`, unless
 * the mean of this trial's values is at least as good as the mean of the best trial's values
 * (a safety net Optuna keeps against pruning a trial that looks better on average).
 *
 * Never prunes: without reports, without a complete trial, when the best trial has no
 * intermediate values, when either trial reported a NaN or infinite value, or with fewer than
 * `max(2, nStartupSteps)` shared steps. Optuna also warns in some of these cases; tunekit stays
 * silent. Single-objective only; vector values throw `NonScalarIntermediateValueError`.
 *
 * @example new WilcoxonPruner({ pThreshold: 0.1 }) // with trial.report(foldScore, foldIndex)
 */
export class WilcoxonPruner implements Pruner {
  readonly name = 'WilcoxonPruner';
  readonly #pThreshold: number;
  readonly #nStartupSteps: number;

  constructor(options?: WilcoxonPrunerOptions) {
    const given = optionsObject('WilcoxonPruner options', options);
    this.#pThreshold = numberInRange('WilcoxonPruner.pThreshold', given.pThreshold ?? 0.1, 0, 1);
    this.#nStartupSteps = integerAtLeast('WilcoxonPruner.nStartupSteps', given.nStartupSteps ?? 2, 0);
  }

  prune(study: StudyView, trial: FrozenTrial): boolean {
    const direction = singleDirection(study, this.name);
    const own = scalarSteps(trial, this.name);
    if (own.length === 0 || own.some(([, value]) => !Number.isFinite(value))) return false;

    const best = bestCompleteTrial(study, direction);
    if (best === undefined) return false;
    const reference = new Map(scalarSteps(best, this.name));
    if (reference.size === 0 || [...reference.values()].some((value) => !Number.isFinite(value))) return false;

    const differences: number[] = [];
    for (const [step, value] of own) {
      const other = reference.get(step);
      if (other !== undefined) differences.push(value - other);
    }
    if (differences.length < Math.max(2, this.#nStartupSteps)) return false;

    const alternative = direction === 'minimize' ? 'greater' : 'less';
    const { pValue } = wilcoxonSignedRankTest(differences, alternative);
    if (!(pValue < this.#pThreshold)) return false;

    // Means over all reported steps of each trial, not only the shared ones (as Optuna).
    const ownMean = mean(own.map(([, value]) => value));
    const bestMean = mean([...reference.values()]);
    const averageIsBest = direction === 'minimize' ? bestMean >= ownMean : bestMean <= ownMean;
    return !averageIsBest;
  }
}

/** The complete trial with the best first objective (lowest number on ties), if any. */
function bestCompleteTrial(study: StudyView, direction: StudyDirection): FrozenTrial | undefined {
  let best: FrozenTrial | undefined;
  let bestValue = Number.NaN;
  for (const candidate of study.getTrials({ states: ['complete'] })) {
    const value = candidate.values?.[0];
    if (value === undefined || Number.isNaN(value)) continue;
    if (best === undefined || (direction === 'minimize' ? value < bestValue : value > bestValue)) {
      best = candidate;
      bestValue = value;
    }
  }
  return best;
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}
