import type { SearchSpace } from '../protocol/distribution.js';
import type { FrozenTrial } from '../protocol/frozen-trial.js';
import type { StudyDirection } from '../protocol/trial-state.js';

/**
 * What `getParamImportances` hands an evaluator. The caller guarantees:
 * - `space` is non-empty and holds only distributions with more than one value;
 * - every trial is `complete` and has every parameter of `space`, with that distribution;
 * - `targets[i]` is the finite target of `trials[i]` (the objective value, or the user's
 *   `target(trial)`), and there are at least 2 trials.
 */
export interface ImportanceInput {
  readonly trials: readonly FrozenTrial[];
  readonly space: SearchSpace;
  readonly targets: readonly number[];
  /**
   * Which targets are better. The study's direction for a single-objective study without a
   * `target`; `'minimize'` when a `target` function is given (as Optuna's PED-ANOVA assumes).
   * Variance-based evaluators (fANOVA) ignore it.
   */
  readonly direction: StudyDirection;
}

/**
 * An algorithm that rates how much each parameter matters to the target (Optuna's
 * `BaseImportanceEvaluator`). Called by `getParamImportances`, which picks the trials and the
 * parameters, normalises and orders the result; implementations only measure.
 *
 * `evaluate` returns one finite, non-negative number per key of `input.space` (any scale: the
 * caller normalises unless asked not to). It must be deterministic for a seeded evaluator, must
 * not mutate its input, and throws a `TunekitError` when the trials cannot support an answer.
 */
export interface ImportanceEvaluator {
  /** Shown next to plots and in CLI output, e.g. `'fANOVA'`. */
  readonly name: string;
  evaluate(input: ImportanceInput): Record<string, number>;
}
