import type { FrozenTrial } from '../protocol/frozen-trial.js';
import type { StudyDirection } from '../protocol/trial-state.js';
import { axisValue, collectParamAxes, compareScored, pickEvenly, positiveInteger, resolveObjective, scoredTrials, type ParamAxis } from './plot-helpers.js';

export interface ParallelCoordinateOptions {
  /** Which objective colours the lines and forms the first axis. Default 0. */
  readonly objective?: number;
  /**
   * The parameters to show, in order. Default: the parameters every scored trial has (the
   * intersection search space, as Optuna's samplers see it), in order of first appearance.
   * Trials lacking one of the requested parameters are left out (as Optuna does).
   */
  readonly params?: readonly string[];
  /** Most lines to return. Default 500: more lines only turn the plot into a solid band. */
  readonly maxLines?: number;
  /** The best trials always kept when sampling down to `maxLines`. Default 50. */
  readonly topK?: number;
}

export interface ParallelCoordinateLine {
  readonly number: number;
  readonly value: number;
  /** One entry per axis of `params`: a number, or a choice label on categorical axes. */
  readonly params: readonly (number | string)[];
  /** Among the `topK` best trials. */
  readonly top: boolean;
}

/**
 * Optuna's `plot_parallel_coordinate`, as data: an objective axis followed by one axis per
 * parameter (log scale for log distributions, one slot per choice for categorical ones), and one
 * line per complete trial. Above `maxLines` trials, the `topK` best are kept and the rest are
 * sampled evenly by trial number.
 */
export interface ParallelCoordinateData {
  readonly objective: number;
  readonly direction: StudyDirection;
  readonly params: readonly ParamAxis[];
  /** Parameters some trials have but not shown by default (conditional parameters). */
  readonly omittedParams: readonly string[];
  /** Objective range over all eligible trials (not only the sampled ones). */
  readonly valueRange: readonly [number, number] | undefined;
  readonly lines: readonly ParallelCoordinateLine[];
  /** Trials that could be drawn (complete, finite value, every shown parameter). */
  readonly totalLines: number;
  /** Complete trials left out for lacking a shown parameter. */
  readonly skipped: number;
}

/** Parallel coordinates of a study (see `ParallelCoordinateData`). */
export function getParallelCoordinateData(trials: readonly FrozenTrial[], directions: readonly StudyDirection[], options: ParallelCoordinateOptions = {}): ParallelCoordinateData {
  const { objective, direction } = resolveObjective(directions, options.objective, 'getParallelCoordinateData');
  const maxLines = positiveInteger(options.maxLines, 500, 'getParallelCoordinateData.maxLines');
  const topK = Math.min(positiveInteger(options.topK, 50, 'getParallelCoordinateData.topK'), maxLines);
  const scored = scoredTrials(trials, objective);
  const allAxes = collectParamAxes(scored.map((entry) => entry.trial));
  let names: string[];
  if (options.params !== undefined) {
    names = options.params.filter((name) => allAxes.some((axis) => axis.name === name));
  } else {
    names = allAxes.filter((axis) => scored.every((entry) => entry.trial.params[axis.name] !== undefined)).map((axis) => axis.name);
  }
  const axes = names.map((name) => allAxes.find((axis) => axis.name === name) as ParamAxis);
  const eligible: { trial: FrozenTrial; value: number; params: (number | string)[] }[] = [];
  for (const entry of scored) {
    const params: (number | string)[] = [];
    for (const axis of axes) {
      const value = axisValue(axis, entry.trial.params[axis.name]);
      if (value === undefined) break;
      params.push(value);
    }
    if (params.length === axes.length) eligible.push({ ...entry, params });
  }
  let lo = Infinity;
  let hi = -Infinity;
  for (const entry of eligible) {
    lo = Math.min(lo, entry.value);
    hi = Math.max(hi, entry.value);
  }
  const ranked = eligible.slice().sort(compareScored(direction));
  const top = new Set(ranked.slice(0, topK).map((entry) => entry.trial.number));
  let chosen = eligible;
  if (eligible.length > maxLines) {
    const rest = eligible.filter((entry) => !top.has(entry.trial.number));
    const keep = new Set([...top, ...pickEvenly(rest, maxLines - top.size).map((entry) => entry.trial.number)]);
    chosen = eligible.filter((entry) => keep.has(entry.trial.number));
  }
  return {
    objective,
    direction,
    params: axes,
    omittedParams: allAxes.filter((axis) => !names.includes(axis.name)).map((axis) => axis.name),
    valueRange: eligible.length === 0 ? undefined : [lo, hi],
    lines: chosen.map((entry) => ({ number: entry.trial.number, value: entry.value, params: entry.params, top: top.has(entry.trial.number) })),
    totalLines: eligible.length,
    skipped: scored.length - eligible.length,
  };
}
