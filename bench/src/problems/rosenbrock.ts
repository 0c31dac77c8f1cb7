import { InvalidArgumentError } from '@tunekit/core';

/**
 * Rosenbrock in any dimension `d >= 2` (FUNCTIONS.md §3):
 * `f(x) = Σ_{i<d} 100 (x_{i+1} − x_i²)² + (1 − x_i)²`. Global minimum `0` at `(1, …, 1)`.
 */
export function rosenbrock(x: readonly number[]): number {
  if (x.length < 2) throw new InvalidArgumentError('rosenbrock.x', x, 'a vector of length >= 2');
  let sum = 0;
  for (let i = 0; i < x.length - 1; i++) {
    const xi = x[i]!;
    const a = x[i + 1]! - xi * xi;
    const b = 1.0 - xi;
    sum += 100.0 * a * a + b * b;
  }
  return sum;
}
