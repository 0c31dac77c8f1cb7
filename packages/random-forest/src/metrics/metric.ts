import { InvalidArgumentError, type StudyDirection } from '@tunekit/core';
import type { Label, Target, Task } from '../data/dataset.js';
import { accuracy } from './accuracy.js';
import { balancedAccuracy } from './balanced-accuracy.js';
import { f1OfLabel, f1Score } from './f1-score.js';
import { logLoss } from './log-loss.js';
import { meanAbsoluteError } from './mean-absolute-error.js';
import { r2Score } from './r2-score.js';
import { rocAuc } from './roc-auc.js';
import { rootMeanSquaredError } from './root-mean-squared-error.js';

/**
 * The built-in metrics, by name:
 * - classification, from predicted labels: `'accuracy'`, `'balancedAccuracy'`, `'f1'` (binary,
 *   the larger label positive), `'f1Macro'`;
 * - classification, from probabilities: `'logLoss'` (minimised), `'rocAuc'` (binary, or macro
 *   one-vs-rest for more than two classes);
 * - regression: `'rmse'`, `'mae'` (minimised), `'r2'`.
 */
export type MetricName = 'accuracy' | 'balancedAccuracy' | 'f1' | 'f1Macro' | 'logLoss' | 'rocAuc' | 'rmse' | 'mae' | 'r2';

/**
 * A validation metric. Define your own with the same shape: it runs in the calling thread (folds
 * are fitted in workers, predictions come back), so it may close over anything.
 */
export interface Metric {
  readonly name: string;
  readonly task: Task;
  /** Whether larger values are better (`'maximize'`) or smaller (`'minimize'`). */
  readonly direction: StudyDirection;
  /** What the model must predict for it: labels, class-probability rows, or regression values. */
  readonly input: 'labels' | 'probabilities' | 'values';
  /**
   * Score one validation fold. `prediction` is an array of labels (`'labels'`), of probability
   * rows with one column per entry of `classes` (`'probabilities'`), or of numbers (`'values'`).
   * `classes` lists the training data's labels (empty for regression).
   */
  score(yTrue: ArrayLike<Label>, prediction: ArrayLike<Label> | ArrayLike<ArrayLike<number>>, classes: readonly Label[]): number;
}

type Rows = ArrayLike<ArrayLike<number>>;
type Values = ArrayLike<number>;

const BUILT_IN: Record<MetricName, Metric> = {
  accuracy: { name: 'accuracy', task: 'classification', direction: 'maximize', input: 'labels', score: (t, p) => accuracy(t, p as ArrayLike<Label>) },
  balancedAccuracy: { name: 'balancedAccuracy', task: 'classification', direction: 'maximize', input: 'labels', score: (t, p) => balancedAccuracy(t, p as ArrayLike<Label>) },
  // The larger training label is positive, also in a fold where it happens to be absent.
  f1: { name: 'f1', task: 'classification', direction: 'maximize', input: 'labels', score: (t, p, classes) => f1OfLabel(classes[1] as Label, t, p as ArrayLike<Label>) },
  f1Macro: { name: 'f1Macro', task: 'classification', direction: 'maximize', input: 'labels', score: (t, p) => f1Score(t, p as ArrayLike<Label>, { average: 'macro' }) },
  logLoss: { name: 'logLoss', task: 'classification', direction: 'minimize', input: 'probabilities', score: (t, p, classes) => logLoss(t, p as Rows, { labels: classes }) },
  rocAuc: { name: 'rocAuc', task: 'classification', direction: 'maximize', input: 'probabilities', score: (t, p, classes) => rocAuc(t, p as Rows, { labels: classes }) },
  rmse: { name: 'rmse', task: 'regression', direction: 'minimize', input: 'values', score: (t, p) => rootMeanSquaredError(t as Values, p as Values) },
  mae: { name: 'mae', task: 'regression', direction: 'minimize', input: 'values', score: (t, p) => meanAbsoluteError(t as Values, p as Values) },
  r2: { name: 'r2', task: 'regression', direction: 'maximize', input: 'values', score: (t, p) => r2Score(t as Values, p as Values) },
};

/** @internal Whether `metric` is one of the built-in ones (they accept class codes for labels). */
export function isBuiltInMetric(metric: Metric): boolean {
  return (Object.values(BUILT_IN) as Metric[]).includes(metric);
}

/** The built-in metric names. */
export const METRIC_NAMES = Object.freeze(Object.keys(BUILT_IN) as MetricName[]);

/** A metric by name (or a custom one, checked), validated against the task and the classes. */
export function resolveMetric(metric: MetricName | Metric | undefined, target: Target, field = 'metric'): Metric {
  const task = target.task;
  if (metric === undefined) return task === 'classification' ? BUILT_IN.accuracy : BUILT_IN.r2;
  let resolved: Metric;
  if (typeof metric === 'string') {
    const found = (BUILT_IN as Record<string, Metric | undefined>)[metric];
    if (found === undefined) throw new InvalidArgumentError(field, metric, `one of ${METRIC_NAMES.map((name) => `'${name}'`).join(', ')}, or a Metric object`);
    resolved = found;
  } else {
    const candidate = metric as Partial<Metric> | null;
    if (candidate === null || typeof candidate !== 'object' || typeof candidate.score !== 'function' || typeof candidate.name !== 'string') {
      throw new InvalidArgumentError(field, metric, 'a metric name or a Metric object { name, task, direction, input, score }');
    }
    if (candidate.direction !== 'maximize' && candidate.direction !== 'minimize') throw new InvalidArgumentError(`${field}.direction`, candidate.direction, "'maximize' or 'minimize'");
    if (candidate.input !== 'labels' && candidate.input !== 'probabilities' && candidate.input !== 'values') {
      throw new InvalidArgumentError(`${field}.input`, candidate.input, "'labels', 'probabilities' or 'values'");
    }
    resolved = metric;
  }
  if (resolved.task !== task) throw new InvalidArgumentError(field, resolved.name, `a ${task} metric (${resolved.name} is for ${resolved.task})`);
  if (resolved === BUILT_IN.f1 && target.task === 'classification' && target.classes.length > 2) {
    throw new InvalidArgumentError(field, 'f1', `'f1Macro' for ${target.classes.length} classes ('f1' is binary F1)`);
  }
  return resolved;
}
