import type { Label } from '../data/dataset.js';
import { checkPairedLength } from './check-metric-input.js';

/**
 * Mean recall over the classes present in `yTrue` (scikit-learn's `balanced_accuracy_score`,
 * `adjusted=False`): robust to class imbalance, 1/k for a constant prediction among k classes.
 */
export function balancedAccuracy(yTrue: ArrayLike<Label>, yPred: ArrayLike<Label>): number {
  const n = checkPairedLength('balancedAccuracy', yTrue, yPred);
  const support = new Map<Label, number>();
  const hits = new Map<Label, number>();
  for (let i = 0; i < n; i++) {
    const label = yTrue[i] as Label;
    support.set(label, (support.get(label) ?? 0) + 1);
    if (label === yPred[i]) hits.set(label, (hits.get(label) ?? 0) + 1);
  }
  let sum = 0;
  for (const [label, count] of support) sum += (hits.get(label) ?? 0) / count;
  return sum / support.size;
}
