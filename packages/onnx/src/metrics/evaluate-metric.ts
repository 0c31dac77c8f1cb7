import { InvalidArgumentError } from '@tunekit/core';

/** Metrics tunekit computes in Node, with XGBoost's definitions (its `eval_metric` names). */
export type MetricName = 'auc' | 'logloss' | 'error' | 'rmse' | 'mae' | 'mlogloss' | 'merror' | 'poisson-nloglik';

export const METRIC_NAMES: readonly MetricName[] = ['auc', 'logloss', 'error', 'rmse', 'mae', 'mlogloss', 'merror', 'poisson-nloglik'];

/** Whether larger values of an XGBoost metric are better. */
export function metricDirection(metric: string): 'minimize' | 'maximize' {
  const base = metric.split('@')[0] as string;
  return base === 'auc' || base === 'aucpr' || base === 'map' || base === 'ndcg' || base === 'pre' ? 'maximize' : 'minimize';
}

// XGBoost clips probabilities at 1e-16 in logloss, mlogloss and poisson-nloglik.
const EPS = 1e-16;

/** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9; ~15 significant digits). */
export function logGamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = c[0] as number;
  for (let index = 1; index < 9; index++) sum += (c[index] as number) / (z + index);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** Area under the ROC curve of scores against 0/1 labels; tied scores count one half. */
export function rocAuc(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  const n = labels.length;
  const order = Array.from({ length: n }, (_, index) => index).sort((a, b) => (scores[a] as number) - (scores[b] as number));
  let positives = 0;
  let rankSum = 0;
  for (let start = 0; start < n; ) {
    let end = start;
    while (end + 1 < n && scores[order[end + 1] as number] === scores[order[start] as number]) end++;
    const averageRank = (start + end) / 2 + 1;
    for (let index = start; index <= end; index++) {
      if ((labels[order[index] as number] as number) > 0.5) {
        positives++;
        rankSum += averageRank;
      }
    }
    start = end + 1;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/**
 * A metric of predictions against labels. `predictions` is what `OnnxBoostedModel.predict`
 * returns: one value per row, or `nClasses` probabilities per row (binary classifiers: `[1 - p, p]`
 * or just `p`). Binary metrics (`auc`, `logloss`, `error`) read the positive-class probability.
 */
export function evaluateMetric(metric: MetricName, labels: ArrayLike<number>, predictions: ArrayLike<number>): number {
  const n = labels.length;
  if (n === 0) throw new InvalidArgumentError('labels', labels, 'at least one label');
  const width = predictions.length / n;
  if (!Number.isInteger(width) || width < 1) throw new InvalidArgumentError('predictions', `${predictions.length} values`, `a whole number of values per label (${n} labels)`);
  const positive = (row: number) => predictions[row * width + width - 1] as number;
  let total = 0;
  switch (metric) {
    case 'auc': {
      const scores = new Float64Array(n);
      for (let row = 0; row < n; row++) scores[row] = positive(row);
      return rocAuc(labels, scores);
    }
    case 'logloss':
      for (let row = 0; row < n; row++) {
        const p = Math.min(Math.max(positive(row), EPS), 1 - EPS);
        const y = labels[row] as number;
        total -= y * Math.log(p) + (1 - y) * Math.log(1 - p);
      }
      return total / n;
    case 'error':
      for (let row = 0; row < n; row++) total += (positive(row) > 0.5 ? 1 : 0) !== (labels[row] as number) ? 1 : 0;
      return total / n;
    case 'rmse':
    case 'mae':
      for (let row = 0; row < n; row++) {
        const difference = (predictions[row * width] as number) - (labels[row] as number);
        total += metric === 'rmse' ? difference * difference : Math.abs(difference);
      }
      return metric === 'rmse' ? Math.sqrt(total / n) : total / n;
    case 'poisson-nloglik':
      for (let row = 0; row < n; row++) {
        const p = Math.max(predictions[row * width] as number, EPS);
        const y = labels[row] as number;
        total += logGamma(y + 1) + p - Math.log(p) * y;
      }
      return total / n;
    case 'mlogloss':
    case 'merror':
      for (let row = 0; row < n; row++) {
        const label = labels[row] as number;
        if (!Number.isInteger(label) || label < 0 || label >= width) throw new InvalidArgumentError(`labels[${row}]`, label, `a class index in [0, ${width - 1}]`);
        if (metric === 'mlogloss') total -= Math.log(Math.max(predictions[row * width + label] as number, EPS));
        else {
          let best = 0;
          for (let k = 1; k < width; k++) if ((predictions[row * width + k] as number) > (predictions[row * width + best] as number)) best = k;
          total += best === label ? 0 : 1;
        }
      }
      return total / n;
    default:
      throw new InvalidArgumentError('metric', metric, `one of ${METRIC_NAMES.join(', ')}`);
  }
}
