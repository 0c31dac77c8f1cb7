import type { FrozenTrial, IntermediateValue } from '../protocol/frozen-trial.js';
import type { StudyDirection } from '../protocol/trial-state.js';
import type { StudyView } from '../protocol/study-view.js';
import { MultiObjectivePruningError } from '../errors/multi-objective-pruning-error.js';
import { NonScalarIntermediateValueError } from '../errors/non-scalar-intermediate-value-error.js';

/** The direction of a single-objective study; throws `MultiObjectivePruningError` otherwise. */
export function singleDirection(study: StudyView, prunerName: string): StudyDirection {
  const [direction] = study.directions;
  if (direction === undefined || study.directions.length > 1) {
    throw new MultiObjectivePruningError(prunerName, study.studyName, study.directions.length);
  }
  return direction;
}

/** `value` as a number; a vector throws `NonScalarIntermediateValueError`. */
export function scalarValue(value: IntermediateValue, prunerName: string, trialNumber: number, step: number): number {
  if (typeof value !== 'number') throw new NonScalarIntermediateValueError(prunerName, trialNumber, step);
  return value;
}

/** A trial's intermediate values as `[step, number]` pairs in ascending step order; vectors throw. */
export function scalarSteps(trial: FrozenTrial, prunerName: string): Array<readonly [number, number]> {
  const pairs: Array<readonly [number, number]> = [];
  for (const [step, value] of trial.intermediateValues) {
    pairs.push([step, scalarValue(value, prunerName, trial.number, step)]);
  }
  // Storages hand out steps sorted; sort anyway so hand-built records behave the same.
  return pairs.sort((a, b) => a[0] - b[0]);
}

/** The largest reported step, or `undefined` when nothing was reported (Optuna's `last_step`). */
export function lastStep(trial: FrozenTrial): number | undefined {
  let last: number | undefined;
  for (const step of trial.intermediateValues.keys()) if (last === undefined || step > last) last = step;
  return last;
}

/**
 * Whether `step` is the first reported step of its pruning interval (Optuna's
 * `_is_first_in_interval_step`): checks happen at `nWarmupSteps + k * intervalSteps`, and a check
 * whose step was never reported is postponed to the next reported step of that interval.
 */
export function isFirstInIntervalStep(
  step: number,
  steps: Iterable<number>,
  nWarmupSteps: number,
  intervalSteps: number,
): boolean {
  const nearestLowerPruningStep = Math.floor((step - nWarmupSteps) / intervalSteps) * intervalSteps + nWarmupSteps;
  let secondLastStep = -1;
  for (const s of steps) if (s !== step && s > secondLastStep) secondLastStep = s;
  return secondLastStep < nearestLowerPruningStep;
}

/**
 * The complete trial with intermediate values that finished first (earliest `datetimeComplete`):
 * what Optuna's `'auto'` resource rules look at.
 */
export function firstCompletedWithReports(study: StudyView): FrozenTrial | undefined {
  let first: FrozenTrial | undefined;
  let firstTime = Infinity;
  for (const trial of study.getTrials({ states: ['complete'] })) {
    if (trial.intermediateValues.size === 0) continue;
    const time = trial.datetimeComplete?.getTime() ?? Infinity;
    if (first === undefined || time < firstTime) {
      first = trial;
      firstTime = time;
    }
  }
  return first;
}
