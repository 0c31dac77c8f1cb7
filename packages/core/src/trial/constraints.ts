import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { FrozenTrial } from '../protocol/frozen-trial.js';
import type { StudyView } from '../protocol/study-view.js';
import type { TrialState } from '../protocol/trial-state.js';

/**
 * The trial system attribute holding constraint values (a number array; feasible when every value
 * is <= 0), as in Optuna: written by `trial.setConstraint` or a sampler's `constraintsFunc`.
 */
export const CONSTRAINTS_KEY = 'constraints';

/** A trial's constraint values, or undefined when it has none (or they are malformed). */
export function constraintsOf(trial: FrozenTrial): readonly number[] | undefined {
  const constraints = trial.systemAttrs[CONSTRAINTS_KEY];
  if (!Array.isArray(constraints)) return undefined;
  for (const value of constraints) if (typeof value !== 'number' || Number.isNaN(value)) return undefined;
  return constraints as readonly number[];
}

/**
 * The total constraint violation of a trial: the sum of its positive constraint values; 0 when
 * feasible, `Infinity` when the attribute is missing or malformed (Optuna ranks such trials last).
 */
export function violationOf(trial: FrozenTrial): number {
  const constraints = constraintsOf(trial);
  if (constraints === undefined) return Infinity;
  let violation = 0;
  for (const value of constraints) if (value > 0) violation += value;
  return violation;
}

/** Whether any finished trial carries constraint values. */
export function hasConstraints(trials: readonly FrozenTrial[]): boolean {
  for (const trial of trials) if (trial.state !== 'running' && Array.isArray(trial.systemAttrs[CONSTRAINTS_KEY])) return true;
  return false;
}

/**
 * Checks constraint values given by a user (`trial.setConstraint`, a sampler's `constraintsFunc`)
 * and returns a copy: an array (non-empty when `nonEmpty`) of finite numbers, which JSON storages
 * can hold. Throws `InvalidArgumentError` naming `field` (or `field [i]` for one bad value).
 */
export function checkConstraintValues(values: unknown, field: string, nonEmpty: boolean, elementField = field): number[] {
  if (!Array.isArray(values) || (nonEmpty && values.length === 0)) {
    throw new InvalidArgumentError(field, values, nonEmpty ? 'a non-empty array of numbers' : 'an array of numbers');
  }
  values.forEach((value: unknown, index) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new InvalidArgumentError(`${elementField} [${index}]`, value, 'a finite number');
  });
  return [...(values as number[])];
}

/**
 * What a sampler's `constraintsFunc` option does in `afterTrial`: compute a complete or pruned
 * trial's constraint values and store them as its `constraints` system attribute. `owner` names
 * the sampler in the error thrown for a malformed result.
 */
export async function recordConstraints(
  study: StudyView,
  trial: FrozenTrial,
  state: TrialState,
  constraintsFunc: ((trial: FrozenTrial) => readonly number[]) | undefined,
  owner: string,
): Promise<void> {
  if (constraintsFunc === undefined || (state !== 'complete' && state !== 'pruned')) return;
  const constraints = checkConstraintValues(constraintsFunc(trial), `${owner}.constraintsFunc result`, false);
  await study.setTrialSystemAttr(trial.trialId, CONSTRAINTS_KEY, constraints);
}
