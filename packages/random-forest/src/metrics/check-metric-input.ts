import { InvalidArgumentError } from '@tunekit/core';

/** @internal Both arrays non-empty and of one length; returns that length. */
export function checkPairedLength(metric: string, yTrue: ArrayLike<unknown>, yPred: ArrayLike<unknown>, predName = 'yPred'): number {
  if (yTrue === null || typeof yTrue !== 'object' || typeof yTrue.length !== 'number' || yTrue.length === 0) {
    throw new InvalidArgumentError(`${metric} yTrue`, yTrue, 'a non-empty array');
  }
  if (yPred === null || typeof yPred !== 'object' || yPred.length !== yTrue.length) {
    throw new InvalidArgumentError(`${metric} ${predName}.length`, yPred?.length, `${yTrue.length} (the length of yTrue)`);
  }
  return yTrue.length;
}

/** Every value a finite number. */
function checkFiniteValues(metric: string, name: string, values: ArrayLike<unknown>): void {
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new InvalidArgumentError(`${metric} ${name}[${i}]`, value, 'a finite number');
  }
}

/** @internal Paired, non-empty arrays of finite numbers (the regression metrics); returns their length. */
export function checkRegressionInput(metric: string, yTrue: ArrayLike<unknown>, yPred: ArrayLike<unknown>): number {
  const n = checkPairedLength(metric, yTrue, yPred);
  checkFiniteValues(metric, 'yTrue', yTrue);
  checkFiniteValues(metric, 'yPred', yPred);
  return n;
}
