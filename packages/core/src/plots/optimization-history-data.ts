import type { FrozenTrial } from '../protocol/frozen-trial.js';
import type { StudyDirection } from '../protocol/trial-state.js';
import { isBetter, resolveObjective } from './plot-helpers.js';

export interface OptimizationHistoryOptions {
  /** Which objective of a multi-objective study (index into the directions). Default 0. */
  readonly objective?: number;
}

/** One objective value in trial order (x = trial number). */
export interface HistoryPoint {
  readonly number: number;
  readonly value: number;
}

/**
 * Optuna's `plot_optimization_history`, as data: every complete trial's objective value, and the
 * best value found so far. `best` holds only the trials where the best value improved (a step
 * line through them is the best-so-far curve, extended to `lastNumber`), so it stays small for
 * any number of trials.
 */
export interface OptimizationHistoryData {
  readonly objective: number;
  readonly direction: StudyDirection;
  /** Complete trials with a finite value, by number. */
  readonly points: readonly HistoryPoint[];
  /** The improvements of the best-so-far value, by number. */
  readonly best: readonly HistoryPoint[];
  /** The best trial's number, if any. */
  readonly bestNumber: number | undefined;
  /** The highest trial number in the study (where the best-so-far line ends); -1 with no trials. */
  readonly lastNumber: number;
  /** Complete trials left out because their value is NaN or infinite. */
  readonly nonFinite: number;
}

/** The optimisation history of one objective (see `OptimizationHistoryData`). */
export function getOptimizationHistoryData(trials: readonly FrozenTrial[], directions: readonly StudyDirection[], options: OptimizationHistoryOptions = {}): OptimizationHistoryData {
  const { objective, direction } = resolveObjective(directions, options.objective, 'getOptimizationHistoryData');
  const sorted = trials.slice().sort((a, b) => a.number - b.number);
  const points: HistoryPoint[] = [];
  const best: HistoryPoint[] = [];
  let nonFinite = 0;
  for (const trial of sorted) {
    if (trial.state !== 'complete' || trial.values === undefined) continue;
    const value = trial.values[objective];
    if (value === undefined || !Number.isFinite(value)) {
      nonFinite++;
      continue;
    }
    points.push({ number: trial.number, value });
    const incumbent = best[best.length - 1];
    if (incumbent === undefined || isBetter(value, incumbent.value, direction)) best.push({ number: trial.number, value });
  }
  return {
    objective,
    direction,
    points,
    best,
    bestNumber: best[best.length - 1]?.number,
    lastNumber: sorted.length === 0 ? -1 : (sorted[sorted.length - 1] as FrozenTrial).number,
    nonFinite,
  };
}
