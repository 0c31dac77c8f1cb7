import type { FrozenTrial } from './frozen-trial.js';
import type { StudyView } from './study-view.js';

/**
 * Decides whether a running trial should stop early.
 *
 * Called by `await trial.shouldPrune()`, after the trial's pending writes (reports) are flushed
 * and the study snapshot has been refreshed, so `study.getTrials()` holds the stored intermediate
 * values of every worker and `trial.intermediateValues` holds this trial's own.
 *
 * Contract: pure decision, no side effects on the study; deterministic for a given snapshot
 * (a pruner that needs randomness takes a seed). A pruner that needs scalar intermediate values
 * must throw a `TunekitError` naming the trial and step when it meets a vector.
 */
export interface Pruner {
  prune(study: StudyView, trial: FrozenTrial): boolean | Promise<boolean>;
  /** Human-readable name stored in the study's system attributes (e.g. `'MedianPruner'`). */
  readonly name?: string;
}
