import type { FrozenTrial } from '../protocol/frozen-trial.js';
import type { StudyDirection, TrialState } from '../protocol/trial-state.js';
import { compareScored, pickEvenly, positiveInteger, resolveObjective, scalarIntermediate, scoredTrials } from './plot-helpers.js';

export interface IntermediateValuesOptions {
  /** Most lines (trials) to return. Default 300. */
  readonly maxLines?: number;
  /** Most points per line; longer curves are thinned evenly, keeping the first and last step. Default 200. */
  readonly maxPointsPerLine?: number;
  /** The best complete trials (by final objective value) always drawn. Default 20. */
  readonly topK?: number;
  /** Most pruned-at markers. Default 2000. */
  readonly maxMarks?: number;
}

/** One trial's learning curve. */
export interface IntermediateLine {
  readonly number: number;
  readonly state: TrialState;
  /** `[step, value]` pairs by step: finite values only; vector values show their first element. */
  readonly points: readonly (readonly [number, number])[];
  /** Steps the trial reported (before thinning). */
  readonly totalSteps: number;
  /** Among the `topK` best complete trials. */
  readonly top: boolean;
}

/** Where a pruned trial stopped: its last reported step. */
export interface PrunedMark {
  readonly number: number;
  readonly step: number;
  readonly value: number;
}

/**
 * Optuna's `plot_intermediate_values`, as data, and usable with thousands of trials: a line per
 * trial of its reported values, pruned trials marked where they stopped. Above `maxLines`, the
 * lines kept are the `topK` best complete trials, the running ones, then pruned and other trials
 * sampled evenly by number (pruned ones get at least half of what is left), so the plot still
 * shows where pruning cut in.
 */
export interface IntermediateValuesData {
  readonly lines: readonly IntermediateLine[];
  /** The last step of every pruned trial (sampled evenly above `maxMarks`). */
  readonly prunedMarks: readonly PrunedMark[];
  /** Trials that reported at least one finite value. */
  readonly totalLines: number;
  /** Pruned trials among them. */
  readonly totalPruned: number;
}

/** Learning curves of a study (see `IntermediateValuesData`). */
export function getIntermediateValuesData(trials: readonly FrozenTrial[], directions: readonly StudyDirection[], options: IntermediateValuesOptions = {}): IntermediateValuesData {
  const { direction } = resolveObjective(directions, 0, 'getIntermediateValuesData');
  const maxLines = positiveInteger(options.maxLines, 300, 'getIntermediateValuesData.maxLines');
  const maxPoints = Math.max(2, positiveInteger(options.maxPointsPerLine, 200, 'getIntermediateValuesData.maxPointsPerLine'));
  const topK = Math.min(positiveInteger(options.topK, 20, 'getIntermediateValuesData.topK'), maxLines);
  const maxMarks = positiveInteger(options.maxMarks, 2000, 'getIntermediateValuesData.maxMarks');

  const curves = new Map<number, { trial: FrozenTrial; points: [number, number][] }>();
  for (const trial of trials.slice().sort((a, b) => a.number - b.number)) {
    const points: [number, number][] = [];
    for (const [step, raw] of trial.intermediateValues) {
      const value = scalarIntermediate(raw);
      if (value !== undefined) points.push([step, value]);
    }
    if (points.length > 0) curves.set(trial.number, { trial, points });
  }
  const withCurves = [...curves.values()].map((curve) => curve.trial);
  const top = new Set(scoredTrials(withCurves, 0).sort(compareScored(direction)).slice(0, topK).map((entry) => entry.trial.number));
  const chosen = new Set(top);
  const running = withCurves.filter((trial) => trial.state === 'running' && !chosen.has(trial.number));
  for (const trial of running.slice(-Math.max(0, Math.floor(maxLines / 10)))) if (chosen.size < maxLines) chosen.add(trial.number);
  const pruned = withCurves.filter((trial) => trial.state === 'pruned' && !chosen.has(trial.number));
  const others = withCurves.filter((trial) => trial.state !== 'pruned' && !chosen.has(trial.number));
  const budget = maxLines - chosen.size;
  const prunedQuota = Math.min(pruned.length, Math.max(Math.ceil(budget / 2), budget - others.length));
  for (const trial of pickEvenly(pruned, prunedQuota)) chosen.add(trial.number);
  for (const trial of pickEvenly(others, Math.min(others.length, budget - prunedQuota))) chosen.add(trial.number);

  const lines: IntermediateLine[] = [];
  const marks: PrunedMark[] = [];
  for (const { trial, points } of curves.values()) {
    if (trial.state === 'pruned') {
      const last = points[points.length - 1] as [number, number];
      marks.push({ number: trial.number, step: last[0], value: last[1] });
    }
    if (chosen.has(trial.number)) lines.push({ number: trial.number, state: trial.state, points: pickEvenly(points, maxPoints), totalSteps: points.length, top: top.has(trial.number) });
  }
  return { lines, prunedMarks: pickEvenly(marks, maxMarks), totalLines: curves.size, totalPruned: marks.length };
}
