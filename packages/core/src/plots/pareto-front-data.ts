import type { FrozenTrial } from '../protocol/frozen-trial.js';
import type { StudyDirection } from '../protocol/trial-state.js';
import { dominatesPoint } from '../samplers/tpe/hypervolume.js';
import { constraintsOf, CONSTRAINTS_KEY } from '../trial/constraints.js';
import { pickEvenly, positiveInteger } from './plot-helpers.js';

export interface ParetoFrontOptions {
  /** Most non-front points returned (sampled evenly by number). Default 5000. The front is always whole. */
  readonly maxPoints?: number;
}

export interface ParetoPoint {
  readonly number: number;
  readonly values: readonly number[];
}

/**
 * Optuna's `plot_pareto_front`, as data: the complete trials no other complete trial dominates,
 * and the others. A trial whose system attr `constraints` (Optuna's key) holds a value > 0 is
 * infeasible: it is listed apart and never on the front. Trials with a non-finite value are left
 * out. Single-objective studies have no front to show.
 */
export type ParetoFrontData =
  | {
      readonly available: true;
      readonly directions: readonly StudyDirection[];
      /** The front, sorted by the first objective. */
      readonly front: readonly ParetoPoint[];
      readonly dominated: readonly ParetoPoint[];
      readonly infeasible: readonly ParetoPoint[];
      /** Dominated + infeasible trials before sampling. */
      readonly totalOthers: number;
    }
  | { readonly available: false; readonly reason: string };

/** The Pareto front of a multi-objective study (see `ParetoFrontData`). */
export function getParetoFrontData(trials: readonly FrozenTrial[], directions: readonly StudyDirection[], options: ParetoFrontOptions = {}): ParetoFrontData {
  if (directions.length < 2) return { available: false, reason: 'The Pareto front needs a multi-objective study (this one has a single objective).' };
  const maxPoints = positiveInteger(options.maxPoints, 5000, 'getParetoFrontData.maxPoints');
  const feasible: ParetoPoint[] = [];
  const infeasible: ParetoPoint[] = [];
  for (const trial of trials) {
    const values = trial.values;
    if (trial.state !== 'complete' || values === undefined || values.length !== directions.length || !values.every(Number.isFinite)) continue;
    const point = { number: trial.number, values };
    (isFeasible(trial) ? feasible : infeasible).push(point);
  }
  const frontNumbers = nonDominated(feasible, directions);
  const front = feasible.filter((point) => frontNumbers.has(point.number)).sort((a, b) => (a.values[0] as number) - (b.values[0] as number) || a.number - b.number);
  const dominated = feasible.filter((point) => !frontNumbers.has(point.number)).sort((a, b) => a.number - b.number);
  infeasible.sort((a, b) => a.number - b.number);
  const totalOthers = dominated.length + infeasible.length;
  const dominatedShare = totalOthers <= maxPoints ? dominated.length : Math.round((maxPoints * dominated.length) / totalOthers);
  return {
    available: true,
    directions,
    front,
    dominated: pickEvenly(dominated, dominatedShare),
    infeasible: pickEvenly(infeasible, Math.min(infeasible.length, maxPoints - dominatedShare)),
    totalOthers,
  };
}

/** Feasible when every constraint is <= 0; a trial without constraint values counts as feasible. */
function isFeasible(trial: FrozenTrial): boolean {
  return constraintsOf(trial)?.every((value) => value <= 0) ?? !Array.isArray(trial.systemAttrs[CONSTRAINTS_KEY]);
}

/**
 * Numbers of the non-dominated points. Sorted lexicographically (all objectives turned into
 * minimisation), a point can only be dominated by one before it, and if by any then by one on
 * the front found so far (domination is transitive): O(n log n + n * front size).
 */
function nonDominated(points: readonly ParetoPoint[], directions: readonly StudyDirection[]): Set<number> {
  const signs = directions.map((direction) => (direction === 'maximize' ? -1 : 1));
  const keyed = points.map((point) => ({ number: point.number, key: point.values.map((value, i) => value * (signs[i] as number)) }));
  keyed.sort((a, b) => {
    for (let i = 0; i < a.key.length; i++) {
      const diff = (a.key[i] as number) - (b.key[i] as number);
      if (diff !== 0) return diff;
    }
    return 0;
  });
  const front: number[][] = [];
  const numbers = new Set<number>();
  for (const point of keyed) {
    if (front.some((member) => dominatesPoint(member, point.key))) continue;
    front.push(point.key);
    numbers.add(point.number);
  }
  return numbers;
}
