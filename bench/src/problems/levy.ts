import { InvalidArgumentError } from '@tunekit/core';

/**
 * Levy in any dimension (FUNCTIONS.md §6), with `w_i = 1 + (x_i − 1) / 4`:
 * `sin²(π w_1) + Σ_{i<d} (w_i − 1)² [1 + 10 sin²(π w_i + 1)] + (w_d − 1)² [1 + sin²(2π w_d)]`.
 * Global minimum `0` at `(1, …, 1)` (1.5e-32 there, since `sin(π)` is not exactly 0).
 */
export function levy(x: readonly number[]): number {
  if (x.length < 1) throw new InvalidArgumentError('levy.x', x, 'a non-empty vector');
  const w = x.map((xi) => 1.0 + (xi - 1.0) / 4.0);
  const d = w.length;
  let sum = Math.sin(Math.PI * w[0]!) ** 2;
  for (let i = 0; i < d - 1; i++) {
    const wi = w[i]!;
    sum += (wi - 1.0) ** 2 * (1.0 + 10.0 * Math.sin(Math.PI * wi + 1.0) ** 2);
  }
  const last = w[d - 1]!;
  sum += (last - 1.0) ** 2 * (1.0 + Math.sin(2.0 * Math.PI * last) ** 2);
  return sum;
}
