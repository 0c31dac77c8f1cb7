import { InvalidArgumentError } from '@tunekit/core';

/** Metrics of a binary decision a threshold can be tuned for. */
export type ThresholdMetric = 'accuracy' | 'f1' | 'balanced_accuracy' | 'mcc' | 'youden';

export interface TuneThresholdResult {
  /** Predict class 1 when the positive-class probability is `> threshold`. */
  readonly threshold: number;
  readonly value: number;
}

function score(metric: ThresholdMetric, tp: number, fp: number, tn: number, fn: number): number {
  const positives = tp + fn;
  const negatives = tn + fp;
  switch (metric) {
    case 'accuracy':
      return (tp + tn) / (positives + negatives);
    case 'f1':
      return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
    case 'balanced_accuracy':
      return (tp / positives + tn / negatives) / 2;
    case 'youden':
      return tp / positives - fp / negatives;
    case 'mcc': {
      const denominator = Math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn));
      return denominator === 0 ? 0 : (tp * tn - fp * fn) / denominator;
    }
  }
}

/**
 * A knob of an exported binary classifier that needs no retraining: the decision threshold on the
 * positive-class probability, chosen for `metric` on labelled data. Every distinct cut between
 * sorted scores is evaluated (exact, O(n log n)); the threshold returned is the midpoint of the
 * best gap, so it separates the same rows on data it has not seen. Ties go to the threshold
 * closest to 0.5.
 *
 * `scores` are positive-class probabilities, or `predict` output of a binary classifier
 * (`[1 - p, p]` per row).
 */
export function tuneThreshold(scores: ArrayLike<number>, labels: ArrayLike<number>, metric: ThresholdMetric = 'f1'): TuneThresholdResult {
  const n = labels.length;
  if (n === 0) throw new InvalidArgumentError('tuneThreshold labels', labels, 'at least one label');
  if (scores.length !== n && scores.length !== 2 * n) throw new InvalidArgumentError('tuneThreshold scores', `${scores.length} values`, `one score per label (${n}), or [1 - p, p] pairs`);
  if (!['accuracy', 'f1', 'balanced_accuracy', 'mcc', 'youden'].includes(metric)) throw new InvalidArgumentError('tuneThreshold metric', metric, "'accuracy', 'f1', 'balanced_accuracy', 'mcc' or 'youden'");
  const step = scores.length / n;
  const p = Float64Array.from({ length: n }, (_, row) => scores[row * step + step - 1] as number);
  const order = Array.from({ length: n }, (_, index) => index).sort((a, b) => (p[a] as number) - (p[b] as number));
  let positives = 0;
  for (let row = 0; row < n; row++) {
    const label = labels[row];
    if (label !== 0 && label !== 1) throw new InvalidArgumentError(`tuneThreshold labels[${row}]`, label, '0 or 1');
    positives += label;
  }
  // Start with every row predicted positive (threshold below the smallest score), then move the
  // cut up one group of equal scores at a time.
  let tp = positives;
  let fp = n - positives;
  let tn = 0;
  let fn = 0;
  const firstScore = p[order[0] as number] as number;
  let best = { threshold: firstScore > 0 ? firstScore / 2 : firstScore - 1, value: score(metric, tp, fp, tn, fn) };
  for (let index = 0; index < n; ) {
    const current = p[order[index] as number] as number;
    while (index < n && p[order[index] as number] === current) {
      if (labels[order[index] as number] === 1) {
        tp--;
        fn++;
      } else {
        fp--;
        tn++;
      }
      index++;
    }
    // The midpoint to the next distinct score; past the largest, halfway to 1 (or above it).
    const threshold = index < n ? (current + (p[order[index] as number] as number)) / 2 : current < 1 ? (current + 1) / 2 : current + 1;
    const value = score(metric, tp, fp, tn, fn);
    if (value > best.value || (value === best.value && Math.abs(threshold - 0.5) < Math.abs(best.threshold - 0.5))) best = { threshold, value };
  }
  return best;
}
