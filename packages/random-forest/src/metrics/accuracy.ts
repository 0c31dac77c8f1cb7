import type { Label } from '../data/dataset.js';
import { checkPairedLength } from './check-metric-input.js';

/** Fraction of predictions equal to the true label (scikit-learn's `accuracy_score`). */
export function accuracy(yTrue: ArrayLike<Label>, yPred: ArrayLike<Label>): number {
  const n = checkPairedLength('accuracy', yTrue, yPred);
  let correct = 0;
  for (let i = 0; i < n; i++) if (yTrue[i] === yPred[i]) correct++;
  return correct / n;
}
