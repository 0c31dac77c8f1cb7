import { InvalidArgumentError } from '@tunekit/core';
import type { Label } from '../data/dataset.js';
import { sortLabels } from '../data/prepare-dataset.js';
import { checkPairedLength } from './check-metric-input.js';

/** Options of `f1Score`. */
export interface F1Options {
  /**
   * `'binary'` (default): F1 of `positiveLabel` only; needs at most two distinct labels.
   * `'macro'`: unweighted mean of every label's F1, over the labels of `yTrue` and `yPred`.
   */
  readonly average?: 'binary' | 'macro';
  /** For `'binary'`: the positive class. Default: the larger of the two labels (1 for 0/1). */
  readonly positiveLabel?: Label;
}

/** @internal F1 of one label against the rest (no input checks). */
export function f1OfLabel(label: Label, yTrue: ArrayLike<Label>, yPred: ArrayLike<Label>, n = yTrue.length): number {
  let truePositives = 0;
  let actual = 0;
  let predicted = 0;
  for (let i = 0; i < n; i++) {
    const isTrue = yTrue[i] === label;
    const isPredicted = yPred[i] === label;
    if (isTrue) actual++;
    if (isPredicted) predicted++;
    if (isTrue && isPredicted) truePositives++;
  }
  // 2TP / (2TP + FP + FN); scikit-learn's zero_division default gives 0 when nothing is positive.
  const denominator = actual + predicted;
  return denominator === 0 ? 0 : (2 * truePositives) / denominator;
}

/** F1 score, binary or macro-averaged (scikit-learn's `f1_score`). */
export function f1Score(yTrue: ArrayLike<Label>, yPred: ArrayLike<Label>, options: F1Options = {}): number {
  const n = checkPairedLength('f1Score', yTrue, yPred);
  const average = options.average ?? 'binary';
  const labels = new Set<Label>();
  for (let i = 0; i < n; i++) {
    labels.add(yTrue[i] as Label);
    labels.add(yPred[i] as Label);
  }
  const sorted = sortLabels(labels);
  if (average === 'macro') {
    let sum = 0;
    for (const label of sorted) sum += f1OfLabel(label, yTrue, yPred, n);
    return sum / sorted.length;
  }
  if (average !== 'binary') throw new InvalidArgumentError('f1Score average', average, "'binary' or 'macro'");
  if (sorted.length > 2) {
    throw new InvalidArgumentError('f1Score average', 'binary', `'macro' for ${sorted.length} classes (binary F1 needs at most two labels)`);
  }
  const positive = options.positiveLabel ?? sorted[sorted.length - 1];
  if (options.positiveLabel !== undefined && !labels.has(options.positiveLabel)) {
    throw new InvalidArgumentError('f1Score positiveLabel', options.positiveLabel, `one of the labels in yTrue or yPred (${sorted.map((label) => JSON.stringify(label)).join(', ')})`);
  }
  return f1OfLabel(positive as Label, yTrue, yPred, n);
}
