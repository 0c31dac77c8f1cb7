import { InvalidArgumentError } from '@tunekit/core';

/**
 * Ackley with `a = 20, b = 0.2, c = 2π` in any dimension (FUNCTIONS.md §4):
 * `f(x) = −20 exp(−0.2 sqrt(Σ x_i² / d)) − exp(Σ cos(2π x_i) / d) + 20 + e`.
 * Global minimum `0` at the origin (it evaluates to 4.4e-16 there, from rounding in `e`).
 */
export function ackley(x: readonly number[]): number {
  if (x.length < 1) throw new InvalidArgumentError('ackley.x', x, 'a non-empty vector');
  const d = x.length;
  let squares = 0;
  let cosines = 0;
  for (const xi of x) {
    squares += xi * xi;
    cosines += Math.cos(2.0 * Math.PI * xi);
  }
  return -20.0 * Math.exp(-0.2 * Math.sqrt(squares / d)) - Math.exp(cosines / d) + 20.0 + Math.E;
}
