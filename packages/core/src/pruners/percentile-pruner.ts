import type { FrozenTrial } from '../protocol/frozen-trial.js';
import type { Pruner } from '../protocol/pruner.js';
import type { StudyDirection } from '../protocol/trial-state.js';
import type { StudyView } from '../protocol/study-view.js';
import { isFirstInIntervalStep, lastStep, scalarSteps, scalarValue, singleDirection } from './intermediate-values.js';
import { integerAtLeast, numberInRange, optionsObject } from './pruner-options.js';

/** Options shared by `PercentilePruner` and `MedianPruner`. */
export interface PercentilePrunerOptions {
  /**
   * No pruning until this many trials of the study are `complete`. Default 5.
   */
  readonly nStartupTrials?: number;
  /**
   * No pruning while the trial's latest step is below this (steps are assumed to start at 0).
   * Default 0.
   */
  readonly nWarmupSteps?: number;
  /**
   * Check only once per interval of this many steps, counted from `nWarmupSteps`
   * (checks at `nWarmupSteps + k * intervalSteps`). A check whose step was never reported
   * happens at the next reported step of the interval instead. At least 1. Default 1.
   */
  readonly intervalSteps?: number;
  /**
   * No pruning at a step where fewer than this many completed trials reported a value.
   * At least 1. Default 1.
   */
  readonly nMinTrials?: number;
}

/** Validated settings of a percentile rule, with the owner's name for error messages. */
export interface PercentileRule {
  readonly owner: string;
  readonly percentile: number;
  readonly nStartupTrials: number;
  readonly nWarmupSteps: number;
  readonly intervalSteps: number;
  readonly nMinTrials: number;
}

/** Validate percentile options; errors name the field as `${owner}.${field}`. */
export function createPercentileRule(
  owner: string,
  percentile: number,
  options: PercentilePrunerOptions | undefined,
): PercentileRule {
  const given = optionsObject(`${owner} options`, options);
  return {
    owner,
    percentile: numberInRange(`${owner}.percentile`, percentile, 0, 100),
    nStartupTrials: integerAtLeast(`${owner}.nStartupTrials`, given.nStartupTrials ?? 5, 0),
    nWarmupSteps: integerAtLeast(`${owner}.nWarmupSteps`, given.nWarmupSteps ?? 0, 0),
    intervalSteps: integerAtLeast(`${owner}.intervalSteps`, given.intervalSteps ?? 1, 1),
    nMinTrials: integerAtLeast(`${owner}.nMinTrials`, given.nMinTrials ?? 1, 1),
  };
}

/** The `q`-th percentile of `values` with linear interpolation (NumPy's default), NaNs ignored. */
export function nanPercentile(values: readonly number[], q: number): number {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const position = (q / 100) * (sorted.length - 1);
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = sorted[lower] as number;
  const high = sorted[upper] as number;
  if (lower === upper || low === high) return low;
  // NumPy's `_lerp`: interpolate from the nearer end, so that the result stays within [low, high].
  const t = position - lower;
  const difference = high - low;
  return t >= 0.5 ? high - difference * (1 - t) : low + difference * t;
}

/** Best of `values` for `direction`, NaNs ignored; NaN when every value is NaN (NumPy's `nanmin`/`nanmax`). */
export function nanBest(values: Iterable<number>, direction: StudyDirection): number {
  let best = Number.NaN;
  for (const value of values) {
    if (Number.isNaN(value)) continue;
    if (Number.isNaN(best) || (direction === 'minimize' ? value < best : value > best)) best = value;
  }
  return best;
}

/** The decision of a percentile rule (Optuna's `PercentilePruner.prune`). */
export function prunePercentile(rule: PercentileRule, study: StudyView, trial: FrozenTrial): boolean {
  const direction = singleDirection(study, rule.owner);
  const ownSteps = scalarSteps(trial, rule.owner);

  const completed = study.getTrials({ states: ['complete'] });
  if (completed.length === 0 || completed.length < rule.nStartupTrials) return false;

  const step = lastStep(trial);
  if (step === undefined || step < rule.nWarmupSteps) return false;
  if (!isFirstInIntervalStep(step, trial.intermediateValues.keys(), rule.nWarmupSteps, rule.intervalSteps)) {
    return false;
  }

  // The trial's best value so far, not its latest: a trial that was once good enough is judged by
  // that. A trial that only ever reported NaN is pruned.
  const best = nanBest(ownSteps.map(([, value]) => value), direction);
  if (Number.isNaN(best)) return true;

  // NaN values count towards nMinTrials but not towards the percentile, as in Optuna.
  const others: number[] = [];
  for (const other of completed) {
    const value = other.intermediateValues.get(step);
    if (value !== undefined) others.push(scalarValue(value, rule.owner, other.number, step));
  }
  if (others.length < rule.nMinTrials) return false;

  // For maximisation the bad tail is the low one: keep the top `percentile` by mirroring it.
  const q = direction === 'maximize' ? 100 - rule.percentile : rule.percentile;
  const threshold = nanPercentile(others, q);
  if (Number.isNaN(threshold)) return false;
  return direction === 'maximize' ? best < threshold : best > threshold;
}

/**
 * Prunes a trial whose best intermediate value so far falls outside the best `percentile` percent
 * of the completed trials' values at the same step (Optuna's `PercentilePruner`).
 *
 * At each check the trial's *latest* step `s` is the step compared; its best value over all its
 * steps (minimum when minimising, maximum when maximising; NaNs ignored) is compared with the
 * `percentile`-th percentile (linear interpolation) of the values the study's `complete` trials
 * reported at `s` (for maximisation, the `100 - percentile`-th). It is pruned when strictly worse.
 *
 * Never prunes: before `nStartupTrials` trials are complete (or with none complete), before any
 * report, while the latest step is `< nWarmupSteps`, off the `intervalSteps` grid, or when fewer
 * than `nMinTrials` completed trials reported at `s`. Always prunes a trial whose reported values
 * are all NaN (once a check is due).
 *
 * Single-objective only: a multi-objective study throws `MultiObjectivePruningError`, a vector
 * intermediate value throws `NonScalarIntermediateValueError`. Reads the snapshot only.
 *
 * @example new PercentilePruner(25, { nStartupTrials: 5, nWarmupSteps: 30, intervalSteps: 10 })
 */
export class PercentilePruner implements Pruner {
  readonly name = 'PercentilePruner';
  readonly #rule: PercentileRule;

  /**
   * @param percentile in `[0, 100]`: `25` keeps the best quarter of trials at each step.
   */
  constructor(percentile: number, options?: PercentilePrunerOptions) {
    this.#rule = createPercentileRule('PercentilePruner', percentile, options);
  }

  prune(study: StudyView, trial: FrozenTrial): boolean {
    return prunePercentile(this.#rule, study, trial);
  }
}
