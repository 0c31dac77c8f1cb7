import { checkRegressionInput } from './check-metric-input.js';

/** Square root of the mean squared error. */
export function rootMeanSquaredError(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  const n = checkRegressionInput('rootMeanSquaredError', yTrue, yPred);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += ((yTrue[i] as number) - (yPred[i] as number)) ** 2;
  return Math.sqrt(sum / n);
}
