import type { Label, Target } from '../data/dataset.js';
import { isBuiltInMetric, type Metric } from './metric.js';

/**
 * Score a model's prediction for `rows` of a target (all rows when omitted). Built-in metrics
 * work on class codes directly; a custom metric gets the labels and the classes themselves.
 */
export function scorePrediction(metric: Metric, target: Target, rows: ArrayLike<number> | undefined, prediction: Int32Array | Float64Array): number {
  const n = rows === undefined ? (target.task === 'classification' ? target.codes.length : target.values.length) : rows.length;
  const rowAt = (i: number) => (rows === undefined ? i : (rows[i] as number));
  if (target.task === 'regression') {
    const yTrue = new Float64Array(n);
    for (let i = 0; i < n; i++) yTrue[i] = target.values[rowAt(i)] as number;
    return metric.score(yTrue, prediction, []);
  }
  const k = target.classes.length;
  const builtIn = isBuiltInMetric(metric);
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) codes[i] = target.codes[rowAt(i)] as number;
  const yTrue: ArrayLike<Label> = builtIn ? codes : Array.from(codes, (code) => target.classes[code] as Label);
  const classes: readonly Label[] = builtIn ? Array.from({ length: k }, (_, c) => c) : target.classes;
  if (metric.input === 'probabilities') {
    const probabilities = Array.from({ length: n }, (_, i) => prediction.subarray(i * k, i * k + k));
    return metric.score(yTrue, probabilities, classes);
  }
  const predicted: ArrayLike<Label> = builtIn ? prediction : Array.from(prediction, (code) => target.classes[code] as Label);
  return metric.score(yTrue, predicted, classes);
}
