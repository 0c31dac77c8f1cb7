import type { FrozenTrial } from '../protocol/frozen-trial.js';
import type { StudyDirection } from '../protocol/trial-state.js';
import { axisValue, collectParamAxes, compareScored, pickEvenly, positiveInteger, resolveObjective, scoredTrials, type ParamAxis } from './plot-helpers.js';

export interface SliceOptions {
  /** Default 0. */
  readonly objective?: number;
  /** The parameters to show, in order. Default: every parameter, in order of first appearance. */
  readonly params?: readonly string[];
  /** Most points per parameter. Default 2000 (enough to see the shape; more only slows the browser). */
  readonly maxPoints?: number;
  /** The best trials always kept when sampling down to `maxPoints`. Default 100. */
  readonly topK?: number;
}

export interface SlicePoint {
  /** The parameter's value: a number, or a choice label on a categorical axis. */
  readonly x: number | string;
  readonly value: number;
  readonly number: number;
}

export interface SliceParam {
  readonly axis: ParamAxis;
  readonly points: readonly SlicePoint[];
  /** Complete trials with this parameter (before sampling). */
  readonly total: number;
}

/**
 * Optuna's `plot_slice`, as data: for each parameter, the objective value of every complete trial
 * against the parameter's value (log axes for log distributions). Above `maxPoints`, the `topK`
 * best trials are kept and the rest are sampled evenly by trial number.
 */
export interface SliceData {
  readonly objective: number;
  readonly direction: StudyDirection;
  readonly params: readonly SliceParam[];
}

/** Slice plots of a study (see `SliceData`). */
export function getSliceData(trials: readonly FrozenTrial[], directions: readonly StudyDirection[], options: SliceOptions = {}): SliceData {
  const { objective, direction } = resolveObjective(directions, options.objective, 'getSliceData');
  const maxPoints = positiveInteger(options.maxPoints, 2000, 'getSliceData.maxPoints');
  const topK = Math.min(positiveInteger(options.topK, 100, 'getSliceData.topK'), maxPoints);
  const scored = scoredTrials(trials, objective);
  const axes = collectParamAxes(scored.map((entry) => entry.trial));
  const wanted = options.params === undefined ? axes : options.params.flatMap((name) => axes.filter((axis) => axis.name === name));
  const compare = compareScored(direction);
  const params = wanted.map((axis): SliceParam => {
    const all: SlicePoint[] = [];
    const ranked: { trial: FrozenTrial; value: number }[] = [];
    for (const entry of scored) {
      const x = axisValue(axis, entry.trial.params[axis.name]);
      if (x === undefined) continue;
      all.push({ x, value: entry.value, number: entry.trial.number });
      ranked.push(entry);
    }
    if (all.length <= maxPoints) return { axis, points: all, total: all.length };
    const top = new Set(ranked.sort(compare).slice(0, topK).map((entry) => entry.trial.number));
    const keep = new Set([...top, ...pickEvenly(all.filter((point) => !top.has(point.number)), maxPoints - top.size).map((point) => point.number)]);
    return { axis, points: all.filter((point) => keep.has(point.number)), total: all.length };
  });
  return { objective, direction, params };
}
