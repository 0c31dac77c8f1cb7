import type { IntermediateValue } from './frozen-trial.js';
import type { JsonValue } from './json-value.js';

/**
 * The slice of a live trial that training-loop adapters (tfjs callbacks, cross-validation
 * loops, external trainers) need. Adapters depend on this type, not on core's `Trial` class,
 * so any object with these members (a test double, a remote trial) can drive them.
 */
export interface TrialReporter {
  /** The trial's number within its study. */
  readonly number: number;
  /**
   * Record the value of the objective at `step` (an epoch, a fold, a boosting round).
   * Synchronous; persisted before the trial finishes. Reporting a step twice keeps the first value
   * (as Optuna does) and is otherwise ignored. `step` must be a non-negative integer.
   */
  report(value: IntermediateValue, step: number): void;
  /** Ask the study's pruner whether to stop now. */
  shouldPrune(): Promise<boolean>;
  /** Attach a JSON value to the trial (persisted before it finishes). */
  setUserAttr(key: string, value: JsonValue): void;
}
