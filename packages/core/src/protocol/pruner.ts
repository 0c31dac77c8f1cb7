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
  /**
   * Optional: the part of `study` a model-based sampler should learn from when it samples `trial`.
   * `HyperbandPruner` returns the trials of `trial`'s bracket, so that each bracket gets its own
   * model (as Optuna's TPE does). Called by samplers that honour it (`TPESampler`) on the view
   * they were given, at most once per trial and snapshot; must be cheap, synchronous, and return a
   * view whose writes go to `study`. Samplers that keep per-study bookkeeping over all trials
   * (CMA-ES generations, NSGA-II populations) do not call it.
   */
  samplerView?(study: StudyView, trial: FrozenTrial): StudyView;
  /** Human-readable name stored in the study's system attributes (e.g. `'MedianPruner'`). */
  readonly name?: string;
}
