import type { Distribution, ParamValue, SearchSpace } from './distribution.js';
import type { FrozenTrial } from './frozen-trial.js';
import type { StudyView } from './study-view.js';
import type { TrialState } from './trial-state.js';

/**
 * Chooses parameter values. The split follows Optuna:
 *
 * 1. `study.ask()` creates (or claims) a trial, then calls `beforeTrial`, then
 *    `inferRelativeSearchSpace` and `sampleRelative` once: the sampler may choose several
 *    parameters jointly (TPE multivariate, GP, CMA-ES).
 * 2. Each `trial.suggest*(name, ...)` returns, in order of precedence, a fixed (enqueued) value,
 *    the relative value for `name` when it lies in the requested distribution, or
 *    `sampleIndependent(...)` for that one parameter.
 * 3. `study.tell()` calls `afterTrial` before the state is written.
 *
 * Contract for implementations:
 * - Never mutate `study`, `trial` or anything they return; never call `Math.random()`:
 *   randomness comes from a seeded generator so that a seeded study with `concurrency: 1` is
 *   exactly reproducible.
 * - `sampleRelative` returns only names of `space`, each value inside its distribution, in the
 *   external representation. `sampleIndependent` returns one value inside `dist`.
 * - Both are synchronous and must be fast: they run on every trial.
 * - Must not throw because of the history's content (all trials failed, conditional params,
 *   NaN values reported by pruned trials): fall back to random sampling instead.
 */
export interface Sampler {
  /**
   * The parameters to sample jointly for `trial`. Return `{}` for a purely independent sampler.
   * Called once per trial, after `beforeTrial`.
   */
  inferRelativeSearchSpace(study: StudyView, trial: FrozenTrial): SearchSpace;
  /** Jointly sample `space`. Called once per trial (even when `space` is empty). */
  sampleRelative(
    study: StudyView,
    trial: FrozenTrial,
    space: SearchSpace,
  ): Record<string, ParamValue>;
  /** Sample one parameter that the relative sample did not cover. */
  sampleIndependent(
    study: StudyView,
    trial: FrozenTrial,
    name: string,
    dist: Distribution,
  ): ParamValue;
  /**
   * Called when a trial starts, before any sampling. May persist bookkeeping through
   * `study.setTrialSystemAttr` (the study awaits a returned promise).
   */
  beforeTrial?(study: StudyView, trial: FrozenTrial): void | Promise<void>;
  /** Called when a trial ends, before its final state is written. */
  afterTrial?(
    study: StudyView,
    trial: FrozenTrial,
    state: TrialState,
    values: readonly number[] | undefined,
  ): void | Promise<void>;
  /** Human-readable name stored in the study's system attributes (e.g. `'RandomSampler'`). */
  readonly name?: string;
}
