import { checkRegressionInput } from './check-metric-input.js';

/** Mean absolute error. */
export function meanAbsoluteError(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  const n = checkRegressionInput('meanAbsoluteError', yTrue, yPred);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += Math.abs((yTrue[i] as number) - (yPred[i] as number));
  return sum / n;
}
