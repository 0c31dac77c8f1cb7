import type { FrozenTrial } from '../protocol/frozen-trial.js';
import type { Pruner } from '../protocol/pruner.js';
import type { StudyView } from '../protocol/study-view.js';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { scalarSteps, singleDirection } from './intermediate-values.js';
import { nanBest } from './percentile-pruner.js';
import { integerAtLeast, numberInRange, optionsObject } from './pruner-options.js';

/** Options of `PatientPruner`. */
export interface PatientPrunerOptions {
  /**
   * How many steps without improvement to tolerate: the trial becomes prunable once its best value
   * over its last `patience + 1` reported steps is no better than its best before them.
   * Integer >= 0; required.
   */
  readonly patience: number;
  /** How much better than the earlier best a value must be to count as an improvement. >= 0. Default 0. */
  readonly minDelta?: number;
}

/**
 * Early stopping with tolerance, optionally in front of another pruner (Optuna's `PatientPruner`).
 *
 * Splits the trial's reported steps (ascending) into the last `patience + 1` and the ones before.
 * When minimising, the trial has stalled if `min(before) + minDelta < min(last)`; when maximising,
 * if `max(before) - minDelta > max(last)` (NaNs ignored; a window or history of only NaNs never
 * stalls). Nothing is decided until more than `patience + 1` steps were reported. A stalled trial
 * is pruned when there is no wrapped pruner, otherwise the wrapped pruner decides; a trial that
 * is still improving is never pruned, whatever the wrapped pruner would say.
 *
 * Single-objective only (uses `study.directions[0]`). `prune` returns whatever the wrapped pruner
 * returns (a promise if it is asynchronous).
 *
 * @example new PatientPruner(new MedianPruner(), { patience: 3 })
 */
export class PatientPruner implements Pruner {
  readonly name = 'PatientPruner';
  readonly #wrapped: Pruner | undefined;
  readonly #patience: number;
  readonly #minDelta: number;

  constructor(wrappedPruner: Pruner | undefined, options: PatientPrunerOptions) {
    if (wrappedPruner !== undefined && (typeof wrappedPruner !== 'object' || typeof wrappedPruner?.prune !== 'function')) {
      throw new InvalidArgumentError('PatientPruner.wrappedPruner', wrappedPruner, 'a Pruner or undefined');
    }
    const given = optionsObject('PatientPruner options', options);
    this.#wrapped = wrappedPruner;
    this.#patience = integerAtLeast('PatientPruner.patience', given.patience, 0);
    this.#minDelta = numberInRange('PatientPruner.minDelta', given.minDelta ?? 0, 0, Infinity);
  }

  prune(study: StudyView, trial: FrozenTrial): boolean | Promise<boolean> {
    const direction = singleDirection(study, this.name);
    const steps = scalarSteps(trial, this.name);
    if (steps.length <= this.#patience + 1) return false;

    const split = steps.length - this.#patience - 1;
    const before = nanBest(steps.slice(0, split).map(([, value]) => value), direction);
    const window = nanBest(steps.slice(split).map(([, value]) => value), direction);
    // NaN on either side makes both comparisons false: not enough evidence of a stall.
    const stalled = direction === 'minimize' ? before + this.#minDelta < window : before - this.#minDelta > window;
    if (!stalled) return false;
    return this.#wrapped === undefined ? true : this.#wrapped.prune(study, trial);
  }
}
