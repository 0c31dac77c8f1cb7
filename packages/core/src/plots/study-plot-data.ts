import type { FrozenTrial } from '../protocol/frozen-trial.js';
import type { StudyDirection } from '../protocol/trial-state.js';
import { getContourData, type ContourData } from './contour-data.js';
import { getEdfData, type EdfData } from './edf-data.js';
import { getIntermediateValuesData, type IntermediateValuesData, type IntermediateValuesOptions } from './intermediate-values-data.js';
import { getOptimizationHistoryData, type OptimizationHistoryData } from './optimization-history-data.js';
import { getParallelCoordinateData, type ParallelCoordinateData, type ParallelCoordinateOptions } from './parallel-coordinate-data.js';
import { getParamImportanceData, type ParamImportanceData, type ParamImportances } from './param-importance-data.js';
import { getParetoFrontData, type ParetoFrontData } from './pareto-front-data.js';
import { positiveInteger } from './plot-helpers.js';
import { getSliceData, type SliceData, type SliceOptions } from './slice-data.js';
import { getStudySummaryData, type StudySummaryData } from './study-summary-data.js';
import { getTimelineData, type TimelineData, type TimelineOptions } from './timeline-data.js';

export interface StudyPlotDataOptions {
  /** Importances computed by an evaluator (see `getParamImportanceData`); unavailable when absent. */
  readonly importances?: ParamImportances;
  /** Name of the evaluator that computed `importances`. */
  readonly importanceEvaluator?: string;
  /** Why `importances` is absent (shown instead of the plot). */
  readonly importanceUnavailableReason?: string;
  /**
   * Contours are computed for every pair of the first `contourParams` parameters (by importance
   * when known, else in order of first appearance). Default 5.
   */
  readonly contourParams?: number;
  /** Where running trials' timeline bars end (ms); default the latest time recorded. */
  readonly now?: number;
  readonly parallelCoordinate?: Pick<ParallelCoordinateOptions, 'maxLines' | 'topK'>;
  readonly slice?: Pick<SliceOptions, 'maxPoints' | 'topK'>;
  readonly intermediateValues?: IntermediateValuesOptions;
  readonly timeline?: Pick<TimelineOptions, 'maxBars'>;
}

/**
 * Every plot of a study in one JSON-ready object: what `@tunekit/dashboard`'s report and live UI
 * draw. Optimisation histories and EDFs come one per objective; slice, parallel coordinates,
 * contours and intermediate values show objective 0.
 */
export interface StudyPlotData {
  readonly summary: StudySummaryData;
  readonly history: readonly OptimizationHistoryData[];
  readonly edf: readonly EdfData[];
  readonly parallelCoordinate: ParallelCoordinateData;
  readonly slice: SliceData;
  readonly contours: readonly ContourData[];
  readonly importance: ParamImportanceData;
  readonly intermediateValues: IntermediateValuesData;
  readonly paretoFront: ParetoFrontData;
  readonly timeline: TimelineData;
}

/** All plot data of a study (see `StudyPlotData`). Pure: same trials and options, same data. */
export function getStudyPlotData(trials: readonly FrozenTrial[], directions: readonly StudyDirection[], options: StudyPlotDataOptions = {}): StudyPlotData {
  const importance = getParamImportanceData(options.importances, {
    ...(options.importanceEvaluator === undefined ? {} : { evaluator: options.importanceEvaluator }),
    ...(options.importanceUnavailableReason === undefined ? {} : { reason: options.importanceUnavailableReason }),
  });
  const parallelCoordinate = getParallelCoordinateData(trials, directions, options.parallelCoordinate ?? {});
  const summary = getStudySummaryData(trials, directions);
  // Every parameter, conditional ones too: a contour uses the trials that have both of its two.
  let candidates = summary.params.map((axis) => axis.name);
  if (importance.available) {
    const rank = new Map(importance.importances.map((entry, index) => [entry.name, index]));
    candidates = candidates.slice().sort((a, b) => (rank.get(a) ?? Infinity) - (rank.get(b) ?? Infinity));
  }
  candidates = candidates.slice(0, positiveInteger(options.contourParams, 5, 'getStudyPlotData.contourParams'));
  const contours: ContourData[] = [];
  for (let i = 0; i < candidates.length; i++) {
    for (let j = i + 1; j < candidates.length; j++) contours.push(getContourData(trials, directions, candidates[i] as string, candidates[j] as string));
  }
  return {
    summary,
    history: directions.map((_, objective) => getOptimizationHistoryData(trials, directions, { objective })),
    edf: directions.map((_, objective) => getEdfData(trials, directions, { objective })),
    parallelCoordinate,
    slice: getSliceData(trials, directions, options.slice ?? {}),
    contours,
    importance,
    intermediateValues: getIntermediateValuesData(trials, directions, options.intermediateValues ?? {}),
    paretoFront: getParetoFrontData(trials, directions),
    timeline: getTimelineData(trials, { ...options.timeline, ...(options.now === undefined ? {} : { now: options.now }) }),
  };
}
