/**
 * Plot data: pure functions from a study's trials (and directions) to JSON-ready data for the
 * plots practitioners read, as Optuna's `optuna.visualization` draws them. Nothing here renders:
 * `@tunekit/dashboard` draws them in an HTML report and a live dashboard.
 */
export { getContourData } from './contour-data.js';
export type { ContourAxis, ContourCell, ContourData, ContourOptions } from './contour-data.js';
export { getEdfData } from './edf-data.js';
export type { EdfData, EdfOptions } from './edf-data.js';
export { getIntermediateValuesData } from './intermediate-values-data.js';
export type { IntermediateLine, IntermediateValuesData, IntermediateValuesOptions, PrunedMark } from './intermediate-values-data.js';
export { getOptimizationHistoryData } from './optimization-history-data.js';
export type { HistoryPoint, OptimizationHistoryData, OptimizationHistoryOptions } from './optimization-history-data.js';
export { getParallelCoordinateData } from './parallel-coordinate-data.js';
export type { ParallelCoordinateData, ParallelCoordinateLine, ParallelCoordinateOptions } from './parallel-coordinate-data.js';
export { getParamImportanceData, IMPORTANCE_UNAVAILABLE_REASON } from './param-importance-data.js';
export type { ParamImportanceData, ParamImportanceEntry, ParamImportanceOptions, ParamImportances } from './param-importance-data.js';
export { getParetoFrontData } from './pareto-front-data.js';
export type { ParetoFrontData, ParetoFrontOptions, ParetoPoint } from './pareto-front-data.js';
export { categoryLabel } from './plot-helpers.js';
export type { ParamAxis, ParamScale } from './plot-helpers.js';
export { getSliceData } from './slice-data.js';
export type { SliceData, SliceOptions, SliceParam, SlicePoint } from './slice-data.js';
export { getStudyPlotData } from './study-plot-data.js';
export type { StudyPlotData, StudyPlotDataOptions } from './study-plot-data.js';
export { getStudySummaryData } from './study-summary-data.js';
export type { StudySummaryData, SummaryTrial } from './study-summary-data.js';
export { getTimelineData, trialWorker, WORKER_ATTR_KEYS } from './timeline-data.js';
export type { TimelineBar, TimelineData, TimelineOptions } from './timeline-data.js';
