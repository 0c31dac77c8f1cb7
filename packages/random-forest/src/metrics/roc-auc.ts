import { InvalidArgumentError } from '@tunekit/core';
import type { Label } from '../data/dataset.js';
import { probabilityColumns, type ProbabilityMetricOptions } from './log-loss.js';

/**
 * Area under the ROC curve of `scores` for the rows flagged in `isPositive` (of class
 * `positiveLabel`) against the rest: the Mann–Whitney
 * statistic with tied scores counted one half, which equals the trapezoidal area scikit-learn's
 * `roc_auc_score` computes. Undefined (an error) when one of the two groups is empty.
 */
function binaryAuc(isPositive: Uint8Array, scores: Float64Array, positiveLabel: Label): number {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (scores[a] as number) - (scores[b] as number));
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1] as number] === scores[order[i] as number]) j++;
    const midRank = (i + j) / 2 + 1; // ranks are 1-based; ties share their mean rank
    for (let t = i; t <= j; t++) {
      if (isPositive[order[t] as number] === 1) {
        positives++;
        rankSum += midRank;
      }
    }
    i = j + 1;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) {
    const label = JSON.stringify(positiveLabel);
    throw new InvalidArgumentError('rocAuc yTrue', `${positives === 0 ? 'no' : 'only'} rows of class ${String(positiveLabel)}`, `rows of class ${label} and of other classes among the true labels (ROC AUC is undefined otherwise)`);
  }
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/**
 * ROC AUC from class probabilities (rows with one column per label, as `predictProba` returns).
 * Two classes: the binary AUC of the second column (the larger label is positive, as in
 * scikit-learn). More: the unweighted mean of each class's one-vs-rest AUC
 * (`roc_auc_score(..., multi_class='ovr', average='macro')`).
 */
export function rocAuc(yTrue: ArrayLike<Label>, probabilities: ArrayLike<ArrayLike<number>>, options: ProbabilityMetricOptions = {}): number {
  const { columns, codes, classes } = probabilityColumns('rocAuc', yTrue, probabilities, options.labels);
  const n = codes.length;
  const isPositive = new Uint8Array(n);
  const scores = new Float64Array(n);
  const aucOf = (column: number) => {
    for (let i = 0; i < n; i++) {
      isPositive[i] = codes[i] === column ? 1 : 0;
      scores[i] = (probabilities[i] as ArrayLike<number>)[column] as number;
    }
    return binaryAuc(isPositive, scores, classes[column] as Label);
  };
  if (columns === 2) return aucOf(1);
  let sum = 0;
  for (let column = 0; column < columns; column++) sum += aucOf(column);
  return sum / columns;
}
