import { checkRegressionInput } from './check-metric-input.js';

/**
 * Coefficient of determination `1 - SS_res / SS_tot` (scikit-learn's `r2_score`). For a constant
 * `yTrue` (SS_tot = 0) it is 1 for a perfect prediction and 0 otherwise, as scikit-learn does.
 */
export function r2Score(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  const n = checkRegressionInput('r2Score', yTrue, yPred);
  let mean = 0;
  for (let i = 0; i < n; i++) mean += yTrue[i] as number;
  mean /= n;
  let residual = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    residual += ((yTrue[i] as number) - (yPred[i] as number)) ** 2;
    total += ((yTrue[i] as number) - mean) ** 2;
  }
  if (total === 0) return residual === 0 ? 1 : 0;
  return 1 - residual / total;
}
