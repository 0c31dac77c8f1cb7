import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { FrozenTrial, IntermediateValue } from '../protocol/frozen-trial.js';
import type { Pruner } from '../protocol/pruner.js';
import type { StudyDirection } from '../protocol/trial-state.js';
import type { StudyView } from '../protocol/study-view.js';
import { firstCompletedWithReports, lastStep, scalarSteps, scalarValue, singleDirection } from './intermediate-values.js';
import { integerAtLeast, optionsObject } from './pruner-options.js';

/** Options of `SuccessiveHalvingPruner` (the paper's symbols in brackets). */
export interface SuccessiveHalvingPrunerOptions {
  /**
   * Steps a trial gets before its first judgement [r]: an integer >= 1, or `'auto'` (default):
   * the last step of the first trial to complete, divided by 100 (rounded down), at least 1.
   * Until a trial with intermediate values is complete, `'auto'` prunes nothing. When trials
   * report different numbers of steps, set this to the smallest useful step count instead.
   */
  readonly minResource?: number | 'auto';
  /** Only the best `1 / reductionFactor` of a rung is promoted [η]. Integer >= 2. Default 4. */
  readonly reductionFactor?: number;
  /** Skips the first rungs: rung 0 is at `minResource * reductionFactor ** minEarlyStoppingRate` [s]. Default 0. */
  readonly minEarlyStoppingRate?: number;
  /**
   * The first `bootstrapCount` trials to reach a rung are pruned there, so that later ones are
   * compared with at least that many values. Integer >= 0; requires a numeric `minResource`. Default 0.
   */
  readonly bootstrapCount?: number;
}

/**
 * Asynchronous Successive Halving (ASHA; Li et al., "A System for Massively Parallel
 * Hyperparameter Tuning", MLSys 2020, arXiv:1810.05934), after Optuna's `SuccessiveHalvingPruner`.
 *
 * Rung `k` sits at step `minResource * reductionFactor ** (minEarlyStoppingRate + k)`. A trial
 * reaches rung `k` when it reports a value at a step at or past it; its *rung value* is the value
 * at the first such step. When a trial reaches a rung, it is promoted (keeps running) only if its
 * rung value is among the best `floor(n / reductionFactor)` of the `n` rung values of every trial
 * that reached that rung (any state, itself included; at least the best one when
 * `n < reductionFactor`, since trials cannot be paused and resumed), and is pruned otherwise.
 * A NaN value at a rung prunes; other trials' NaN rung values are ignored.
 *
 * **How this differs from Optuna, and why.** Optuna's `prune` records each rung in the trial's
 * system attributes (`completed_rung_<k>` = the value at that check) and compares with the
 * values other trials recorded. tunekit pruners must not write (`Pruner` contract), so rung
 * membership is derived from the stored intermediate values instead. That needs no
 * bookkeeping, sees every worker's trials through the storage, and gives the same decision for
 * the same snapshot in any process. Consequences:
 * - A rung is judged at the check whose latest report is the first at or past the rung's step
 *   (earlier rungs, crossed by earlier reports, were judged then and are never re-judged, so
 *   promotions stay final as in ASHA). Report-then-`shouldPrune` at every step (as the adapters
 *   do) to be judged at every rung: a rung crossed by a report that was never followed by a check
 *   is skipped, where Optuna would judge it late with the latest value. One report may cross
 *   several rungs; they are judged in order with that value, as in Optuna.
 * - Rung values are the values at the first step at or past the rung, not at the check; the two
 *   agree under report-then-check. Trials that crossed a rung without ever checking (other
 *   pruners, `addTrial` with intermediate values) compete too; in Optuna they would not.
 * - Asking again at the same step re-judges against the current snapshot (Optuna would record
 *   once and then wait for the next rung).
 * - `minResource: 'auto'` is re-derived from each snapshot from the trial that completed first
 *   (earliest `datetimeComplete`, lowest number on ties), rather than cached by the pruner object
 *   on its first call from the longest trial complete then; without concurrency they coincide.
 *   Before that first completion Optuna cannot record rungs, so the first completed trial never
 *   enters a rung there, and trials running at that moment are judged at their next check at every
 *   rung crossed so far. Here the first completed trial competes at every rung it reached, and
 *   trials running at that moment are judged from the next rung they cross.
 *
 * With a numeric `minResource` and report-then-check, decisions are Optuna's: the test suite
 * replays random interleavings of up to 5 concurrent trials against Optuna's stateful algorithm.
 *
 * Single-objective only; vector values throw `NonScalarIntermediateValueError`.
 *
 * @example new SuccessiveHalvingPruner({ minResource: 1, reductionFactor: 3 })
 */
export class SuccessiveHalvingPruner implements Pruner {
  readonly name = 'SuccessiveHalvingPruner';
  readonly #minResource: number | undefined;
  readonly #reductionFactor: number;
  readonly #minEarlyStoppingRate: number;
  readonly #bootstrapCount: number;

  constructor(options?: SuccessiveHalvingPrunerOptions) {
    const given = optionsObject('SuccessiveHalvingPruner options', options);
    const minResource = given.minResource ?? 'auto';
    this.#minResource =
      minResource === 'auto' ? undefined : integerAtLeast('SuccessiveHalvingPruner.minResource', minResource, 1);
    this.#reductionFactor = integerAtLeast('SuccessiveHalvingPruner.reductionFactor', given.reductionFactor ?? 4, 2);
    this.#minEarlyStoppingRate = integerAtLeast(
      'SuccessiveHalvingPruner.minEarlyStoppingRate',
      given.minEarlyStoppingRate ?? 0,
      0,
    );
    this.#bootstrapCount = integerAtLeast('SuccessiveHalvingPruner.bootstrapCount', given.bootstrapCount ?? 0, 0);
    if (this.#bootstrapCount > 0 && this.#minResource === undefined) {
      throw new InvalidArgumentError(
        'SuccessiveHalvingPruner.bootstrapCount',
        this.#bootstrapCount,
        "0 when minResource is 'auto' (set minResource to use bootstrapping)",
      );
    }
  }

  prune(study: StudyView, trial: FrozenTrial): boolean {
    const direction = singleDirection(study, this.name);
    const own = scalarSteps(trial, this.name);
    const latest = own[own.length - 1];
    if (latest === undefined) return false;
    const [step, value] = latest;
    const previousStep = own.length >= 2 ? (own[own.length - 2] as readonly [number, number])[0] : -1;

    const minResource = this.#minResource ?? estimateMinResource(study);
    if (minResource === undefined) return false;

    const others = study
      .getTrials()
      .filter((other) => other.number !== trial.number)
      .map((other) => ({ trial: other, steps: [...other.intermediateValues.keys()].sort((a, b) => a - b) }));

    for (let rung = 0; ; rung++) {
      const rungStep = minResource * this.#reductionFactor ** (this.#minEarlyStoppingRate + rung);
      if (step < rungStep) return false;
      if (rungStep <= previousStep) continue; // judged when the trial first reached it

      if (Number.isNaN(value)) return true;
      const competing = [value];
      for (const other of others) {
        const rungValue = this.#rungValue(other.trial, other.steps, rungStep);
        if (rungValue !== undefined && !Number.isNaN(rungValue)) competing.push(rungValue);
      }
      if (competing.length <= this.#bootstrapCount) return true;
      if (!isPromotable(value, competing, this.#reductionFactor, direction)) return true;
    }
  }

  /** The value at the first reported step >= `rungStep`, or undefined if the rung was not reached. */
  #rungValue(trial: FrozenTrial, steps: readonly number[], rungStep: number): number | undefined {
    let low = 0;
    let high = steps.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((steps[middle] as number) < rungStep) low = middle + 1;
      else high = middle;
    }
    const step = steps[low];
    if (step === undefined) return undefined;
    return scalarValue(trial.intermediateValues.get(step) as IntermediateValue, this.name, trial.number, step);
  }
}

/** Optuna's 'auto' rule: last step of the first completed trial (with reports) // 100, at least 1. */
function estimateMinResource(study: StudyView): number | undefined {
  const first = firstCompletedWithReports(study);
  if (first === undefined) return undefined;
  return Math.max(Math.floor((lastStep(first) as number) / 100), 1);
}

/**
 * Whether `value` is among the best `floor(n / reductionFactor)` of `competing` (which includes
 * it), or the best one when that is 0.
 */
function isPromotable(value: number, competing: number[], reductionFactor: number, direction: StudyDirection): boolean {
  const keep = Math.max(Math.floor(competing.length / reductionFactor), 1);
  const sorted = competing.sort((a, b) => a - b);
  return direction === 'minimize'
    ? value <= (sorted[keep - 1] as number)
    : value >= (sorted[sorted.length - keep] as number);
}
