import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../utils/seeded-random.js';
import { fitYeoJohnsonLambda, yeoJohnson, yeoJohnsonLogLikelihood } from './power-transform.js';

function skewness(values: readonly number[]): number {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const m2 = values.reduce((a, v) => a + (v - mean) ** 2, 0) / n;
  const m3 = values.reduce((a, v) => a + (v - mean) ** 3, 0) / n;
  return m3 / m2 ** 1.5;
}

describe('Yeo–Johnson power transform', () => {
  it('is the identity at λ = 1, log1p at λ = 0, and monotone increasing', () => {
    for (const y of [-3, -0.5, 0, 0.7, 4]) expect(yeoJohnson(y, 1)).toBeCloseTo(y, 12);
    expect(yeoJohnson(2, 0)).toBeCloseTo(Math.log(3), 12);
    expect(yeoJohnson(-2, 2)).toBeCloseTo(-Math.log(3), 12);
    for (const lambda of [-2, 0, 0.5, 1, 2, 3]) {
      let previous = -Infinity;
      for (let y = -5; y <= 5; y += 0.25) {
        const value = yeoJohnson(y, lambda);
        expect(value).toBeGreaterThan(previous);
        previous = value;
      }
    }
  });

  it('keeps λ near 1 for Gaussian data and removes most of the skew of log-normal data', () => {
    const rng = new SeededRandom(4);
    const gaussian = Array.from({ length: 400 }, () => rng.normal());
    expect(Math.abs(fitYeoJohnsonLambda(gaussian) - 1)).toBeLessThan(0.25);
    const raw = Array.from({ length: 400 }, () => Math.exp(1.5 * rng.normal()));
    const mean = raw.reduce((a, b) => a + b, 0) / raw.length;
    const std = Math.sqrt(raw.reduce((a, v) => a + (v - mean) ** 2, 0) / raw.length);
    const standardized = raw.map((v) => (v - mean) / std);
    const lambda = fitYeoJohnsonLambda(standardized);
    expect(lambda).toBeLessThan(0.5);
    const transformed = standardized.map((v) => yeoJohnson(v, lambda));
    expect(Math.abs(skewness(transformed))).toBeLessThan(Math.abs(skewness(standardized)) / 3);
    // The chosen exponent is a maximum of the likelihood.
    const best = yeoJohnsonLogLikelihood(standardized, lambda);
    expect(best).toBeGreaterThanOrEqual(yeoJohnsonLogLikelihood(standardized, lambda - 0.1));
    expect(best).toBeGreaterThanOrEqual(yeoJohnsonLogLikelihood(standardized, lambda + 0.1));
  });
});
