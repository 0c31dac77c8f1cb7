import type { ParamValue } from '../protocol/distribution.js';
import type { FrozenTrial } from '../protocol/frozen-trial.js';
import type { StudyDirection, TrialState } from '../protocol/trial-state.js';
import { getParetoFrontData } from './pareto-front-data.js';
import { collectParamAxes, compareScored, scoredTrials, type ParamAxis } from './plot-helpers.js';

/** The best trial as a summary shows it. */
export interface SummaryTrial {
  readonly number: number;
  readonly values: readonly number[];
  readonly params: Readonly<Record<string, ParamValue>>;
}

/**
 * What a study amounts to: trial counts per state, the best trial (single objective) or the size
 * of the Pareto front (several), when it ran, and its parameters.
 */
export interface StudySummaryData {
  readonly directions: readonly StudyDirection[];
  readonly nTrials: number;
  readonly states: Readonly<Record<TrialState, number>>;
  /** Single objective: the best complete trial with a finite value. */
  readonly best: SummaryTrial | undefined;
  /** Multi-objective: the trial numbers on the Pareto front. */
  readonly paretoNumbers: readonly number[];
  /** Earliest trial start, ms since the epoch. */
  readonly start: number | undefined;
  /** Latest trial start or completion, ms since the epoch. */
  readonly end: number | undefined;
  /** `end - start` in ms (0 with a single instant, undefined without started trials). */
  readonly durationMs: number | undefined;
  /** Every parameter, merged over all trials. */
  readonly params: readonly ParamAxis[];
}

/** Summarise a study's trials (see `StudySummaryData`). */
export function getStudySummaryData(trials: readonly FrozenTrial[], directions: readonly StudyDirection[]): StudySummaryData {
  const states: Record<TrialState, number> = { complete: 0, pruned: 0, fail: 0, running: 0, waiting: 0 };
  let start: number | undefined;
  let end: number | undefined;
  for (const trial of trials) {
    states[trial.state]++;
    for (const date of [trial.datetimeStart, trial.datetimeComplete]) {
      if (date === undefined) continue;
      const time = date.getTime();
      if (start === undefined || time < start) start = time;
      if (end === undefined || time > end) end = time;
    }
  }
  let best: SummaryTrial | undefined;
  let paretoNumbers: number[] = [];
  if (directions.length === 1) {
    const top = scoredTrials(trials, 0).sort(compareScored(directions[0] as StudyDirection))[0];
    if (top !== undefined) best = { number: top.trial.number, values: top.trial.values as readonly number[], params: top.trial.params };
  } else {
    const pareto = getParetoFrontData(trials, directions, { maxPoints: 1 });
    if (pareto.available) paretoNumbers = pareto.front.map((point) => point.number).sort((a, b) => a - b);
  }
  return {
    directions,
    nTrials: trials.length,
    states,
    best,
    paretoNumbers,
    start,
    end,
    durationMs: start === undefined || end === undefined ? undefined : end - start,
    params: collectParamAxes(trials),
  };
}
