import type { FrozenTrial } from '../protocol/frozen-trial.js';

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
