import { describe, expect, it } from 'vitest';
import { matern52, matern52Derivative, matern52WithDerivative, scaledSquaredDistance } from './matern-kernel.js';

describe('matern52', () => {
  it('matches the closed form (1 + √5 r + 5r²/3) e^(−√5 r) with r the scaled distance', () => {
    for (const r of [0, 0.1, 0.5, 1, 2.5, 10]) {
      const direct = (1 + Math.sqrt(5) * r + (5 / 3) * r * r) * Math.exp(-Math.sqrt(5) * r);
      expect(matern52(r * r)).toBeCloseTo(direct, 14);
    }
    expect(matern52(0)).toBe(1);
  });

  it('has the derivative with respect to d² that finite differences give, finite at 0', () => {
    for (const d2 of [0.01, 0.3, 1, 4]) {
      const h = 1e-6;
      expect(matern52Derivative(d2)).toBeCloseTo((matern52(d2 + h) - matern52(d2 - h)) / (2 * h), 7);
    }
    expect(matern52Derivative(0)).toBeCloseTo(-5 / 6, 14);
  });

  it('scales numeric differences by λ and counts categorical ones as a Hamming distance', () => {
    const a = Float64Array.from([0.2, 1, 0.5]);
    const b = Float64Array.from([0.6, 2, 0.5]);
    const lambda = Float64Array.from([2, 3, 5]);
    const isCategorical = Uint8Array.from([0, 1, 0]);
    expect(scaledSquaredDistance(a, 0, b, 0, 3, lambda, isCategorical)).toBeCloseTo(2 * 0.16 + 3, 14);
  });

  it('matern52WithDerivative writes what matern52 and matern52Derivative return', () => {
    const values = new Float64Array(5);
    const derivatives = new Float64Array(5);
    [0, 1e-9, 0.3, 2, 40].forEach((d2, i) => {
      expect(matern52WithDerivative(d2, values, derivatives, i)).toBeCloseTo(matern52(d2), 15);
      expect(values[i]).toBeCloseTo(matern52(d2), 15);
      expect(derivatives[i]).toBeCloseTo(matern52Derivative(d2), 15);
    });
  });
});
