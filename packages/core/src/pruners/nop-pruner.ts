import type { FrozenTrial } from '../protocol/frozen-trial.js';
import type { Pruner } from '../protocol/pruner.js';
import type { StudyView } from '../protocol/study-view.js';

/**
 * A pruner that never prunes (Optuna's `NopPruner`). Use it to switch pruning off while keeping
 * `trial.report` / `trial.shouldPrune` calls in the objective. Works for any study, including
 * multi-objective ones, and never reads the reported values.
 */
export class NopPruner implements Pruner {
  readonly name = 'NopPruner';

  prune(_study: StudyView, _trial: FrozenTrial): boolean {
    return false;
  }
}
