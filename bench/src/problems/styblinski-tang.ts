import { InvalidArgumentError } from '@tunekit/core';

/**
 * Styblinski–Tang in any dimension (FUNCTIONS.md §5): `f(x) = 0.5 Σ (x_i⁴ − 16 x_i² + 5 x_i)`.
 * Global minimum `d × −39.16616570377141` at `x_i = −2.903534027771177`.
 */
export function styblinskiTang(x: readonly number[]): number {
  if (x.length < 1) throw new InvalidArgumentError('styblinskiTang.x', x, 'a non-empty vector');
  let sum = 0;
  for (const xi of x) {
    const x2 = xi * xi;
    sum += x2 * x2 - 16.0 * x2 + 5.0 * xi;
  }
  return 0.5 * sum;
}
