import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { FrozenTrial, IntermediateValue } from '../protocol/frozen-trial.js';
import type { Pruner } from '../protocol/pruner.js';
import type { StudyView } from '../protocol/study-view.js';
import { isFirstInIntervalStep, lastStep, scalarValue } from './intermediate-values.js';
import { integerAtLeast, optionsObject } from './pruner-options.js';

/** Options of `ThresholdPruner`. At least one of `lower` and `upper` is required. */
export interface ThresholdPrunerOptions {
  /** Prune when the latest value is strictly below this. */
  readonly lower?: number;
  /** Prune when the latest value is strictly above this. */
  readonly upper?: number;
  /** No pruning while the latest step is below this. Default 0. */
  readonly nWarmupSteps?: number;
  /** Check once per interval of this many steps, counted from `nWarmupSteps`. Default 1. */
  readonly intervalSteps?: number;
}

/**
 * Prunes a trial whose latest intermediate value is `< lower`, `> upper` or NaN (Optuna's
 * `ThresholdPruner`): a guard against diverging or exploding metrics. It looks at the trial alone,
 * never at other trials or at the study's direction, so it also works in multi-objective studies
 * (the reported value must still be a number: a vector throws `NonScalarIntermediateValueError`).
 *
 * Warm-up and interval checks are those of `PercentilePruner`. Bounds must be numbers (NaN is
 * rejected here, where Optuna would accept a NaN bound that then never triggers) with
 * `lower <= upper`; an infinite bound is allowed and never triggers.
 *
 * @example new ThresholdPruner({ upper: 1e3 }) // stop a loss that blew up (or became NaN)
 */
export class ThresholdPruner implements Pruner {
  readonly name = 'ThresholdPruner';
  readonly #lower: number;
  readonly #upper: number;
  readonly #nWarmupSteps: number;
  readonly #intervalSteps: number;

  constructor(options: ThresholdPrunerOptions) {
    const given = optionsObject('ThresholdPruner options', options);
    if (given.lower === undefined && given.upper === undefined) {
      throw new InvalidArgumentError('ThresholdPruner.lower', undefined, 'lower or upper (or both) to be set');
    }
    this.#lower = bound('ThresholdPruner.lower', given.lower, -Infinity);
    this.#upper = bound('ThresholdPruner.upper', given.upper, Infinity);
    if (this.#lower > this.#upper) {
      throw new InvalidArgumentError('ThresholdPruner.lower', given.lower, `a number <= upper (${given.upper})`);
    }
    this.#nWarmupSteps = integerAtLeast('ThresholdPruner.nWarmupSteps', given.nWarmupSteps ?? 0, 0);
    this.#intervalSteps = integerAtLeast('ThresholdPruner.intervalSteps', given.intervalSteps ?? 1, 1);
  }

  prune(_study: StudyView, trial: FrozenTrial): boolean {
    const step = lastStep(trial);
    if (step === undefined || step < this.#nWarmupSteps) return false;
    if (!isFirstInIntervalStep(step, trial.intermediateValues.keys(), this.#nWarmupSteps, this.#intervalSteps)) {
      return false;
    }
    const latest = scalarValue(trial.intermediateValues.get(step) as IntermediateValue, this.name, trial.number, step);
    return Number.isNaN(latest) || latest < this.#lower || latest > this.#upper;
  }
}

function bound(field: string, value: unknown, absent: number): number {
  if (value === undefined) return absent;
  if (typeof value !== 'number' || Number.isNaN(value)) throw new InvalidArgumentError(field, value, 'a number');
  return value;
}
