import { InvalidArgumentError } from '@tunekit/core';

/**
 * Branin–Hoo on `x1 ∈ [-5, 10]`, `x2 ∈ [0, 15]` (FUNCTIONS.md §1). Three global minima,
 * `f* = 5 / (4π) ≈ 0.39789`, at `(−π, 12.275)`, `(π, 2.275)` and `(9.42478, 2.475)`.
 */
export function branin(x: readonly number[]): number {
  const [x1, x2] = x;
  if (x.length !== 2 || x1 === undefined || x2 === undefined) {
    throw new InvalidArgumentError('branin.x', x, 'a vector of length 2');
  }
  const a = 1.0;
  const b = 5.1 / (4.0 * Math.PI * Math.PI);
  const c = 5.0 / Math.PI;
  const r = 6.0;
  const s = 10.0;
  const t = 1.0 / (8.0 * Math.PI);
  // Same association as functions.py (b * x1 * x1 is (b * x1) * x1) so rounding matches.
  const q = x2 - b * x1 * x1 + c * x1 - r;
  return a * q * q + s * (1.0 - t) * Math.cos(x1) + s;
}
