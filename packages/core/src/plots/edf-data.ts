import type { FrozenTrial } from '../protocol/frozen-trial.js';
import type { StudyDirection } from '../protocol/trial-state.js';
import { pickEvenly, positiveInteger, resolveObjective, scoredTrials } from './plot-helpers.js';

export interface EdfOptions {
  /** Default 0. */
  readonly objective?: number;
  /** Most points of the step curve (evenly spaced ranks, always the lowest and highest value). Default 1000. */
  readonly maxPoints?: number;
}

/**
 * Optuna's `plot_edf`, as data: the empirical cumulative distribution of one objective over the
 * complete trials. Each point `[value, fraction]` says that `fraction` of the trials have an
 * objective value `<= value`; drawn as a step line.
 */
export interface EdfData {
  readonly objective: number;
  readonly direction: StudyDirection;
  readonly points: readonly (readonly [number, number])[];
  /** Complete trials with a finite value. */
  readonly total: number;
}

/** The empirical distribution of an objective (see `EdfData`). */
export function getEdfData(trials: readonly FrozenTrial[], directions: readonly StudyDirection[], options: EdfOptions = {}): EdfData {
  const { objective, direction } = resolveObjective(directions, options.objective, 'getEdfData');
  const maxPoints = Math.max(2, positiveInteger(options.maxPoints, 1000, 'getEdfData.maxPoints'));
  const values = scoredTrials(trials, objective).map((entry) => entry.value).sort((a, b) => a - b);
  const n = values.length;
  // One point per distinct value, at the fraction of values <= it.
  const steps: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    const value = values[i] as number;
    if (i + 1 < n && values[i + 1] === value) continue;
    steps.push([value, (i + 1) / n]);
  }
  return { objective, direction, points: pickEvenly(steps, maxPoints), total: n };
}
