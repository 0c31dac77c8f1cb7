import { InvalidArgumentError } from '@tunekit/core';

const ALPHA = [1.0, 1.2, 3.0, 3.2] as const;

const A = [
  [10, 3, 17, 3.5, 1.7, 8],
  [0.05, 10, 17, 0.1, 8, 14],
  [3, 3.5, 1.7, 10, 17, 8],
  [17, 8, 0.05, 10, 0.1, 14],
] as const;

const P = [
  [0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886],
  [0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991],
  [0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.665],
  [0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381],
] as const;

/**
 * Hartmann 6-D on `[0, 1]^6` (FUNCTIONS.md §2): `f(x) = −Σ_i α_i exp(−Σ_j A_ij (x_j − P_ij)²)`.
 * Global minimum `f* ≈ −3.32237` at `x* ≈ (0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573)`.
 */
export function hartmann6(x: readonly number[]): number {
  if (x.length !== 6) throw new InvalidArgumentError('hartmann6.x', x, 'a vector of length 6');
  let total = 0;
  // Summation order i = 1..4 outside, j = 1..6 inside, as the spec requires for bit-level agreement.
  for (let i = 0; i < 4; i++) {
    const a = A[i]!;
    const p = P[i]!;
    let inner = 0;
    for (let j = 0; j < 6; j++) {
      const d = x[j]! - p[j]!;
      inner += a[j]! * d * d;
    }
    total += ALPHA[i]! * Math.exp(-inner);
  }
  return -total;
}
