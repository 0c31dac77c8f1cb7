import { InvalidArgumentError } from '@tunekit/core';

/**
 * Rastrigin in any dimension (FUNCTIONS.md §7): `f(x) = 10 d + Σ (x_i² − 10 cos(2π x_i))`.
 * Global minimum `0` at the origin.
 */
export function rastrigin(x: readonly number[]): number {
  if (x.length < 1) throw new InvalidArgumentError('rastrigin.x', x, 'a non-empty vector');
  let sum = 10.0 * x.length;
  for (const xi of x) sum += xi * xi - 10.0 * Math.cos(2.0 * Math.PI * xi);
  return sum;
}
