import { describe, expect, it } from 'vitest';
import { erfcx, logNormalCdf, logNormalCdfDerivative, normalCdf, normalPdf } from './normal.js';

// Reference values: scipy.special.erfcx / log_ndtr (SciPy 1.x on this machine), pasted once.
const ERFCX: readonly (readonly [number, number])[] = [
  [0, 1],
  [0.3, 0.7345993345676554],
  [0.7071, 0.5231592183956041],
  [1.5, 0.3215854164543176],
  [1.99, 0.25646783671952994],
  [2.0, 0.2553956763105058],
  [2.5, 0.2108063640611436],
  [5, 0.11070463773306861],
  [10, 0.05614099274382259],
  [30, 0.018795888861416754],
];
const LOG_NDTR: readonly (readonly [number, number])[] = [
  [-40, -804.6084420137539],
  [-20, -203.9171553710973],
  [-5, -15.064998393988727],
  [-1.5, -2.7059444008238898],
  [-1, -1.8410216450092634],
  [0, -0.6931471805599453],
  [1, -0.1727537790234499],
  [5, -2.8665161296376294e-7],
];

describe('normal', () => {
  it('erfcx matches SciPy on both sides of the series/continued-fraction switch', () => {
    for (const [x, expected] of ERFCX) expect(erfcx(x), `erfcx(${x})`).toBeCloseTo(expected, 13);
    for (const [x, expected] of ERFCX) expect(Math.abs(erfcx(x) - expected) / expected, `relative error at ${x}`).toBeLessThan(1e-13);
  });

  it('erfcx of a negative argument uses the reflection formula', () => {
    expect(erfcx(-1)).toBeCloseTo(2 * Math.exp(1) - erfcx(1), 12);
  });

  it('log Φ matches SciPy far into the lower tail', () => {
    for (const [z, expected] of LOG_NDTR) expect(Math.abs(logNormalCdf(z) - expected) / Math.max(1e-7, Math.abs(expected)), `log Φ(${z})`).toBeLessThan(1e-12);
  });

  it('Φ is consistent with the density and symmetric', () => {
    for (const z of [-3, -0.5, 0, 0.7, 2.5]) {
      expect(normalCdf(z) + normalCdf(-z)).toBeCloseTo(1, 14);
      const h = 1e-5;
      expect((normalCdf(z + h) - normalCdf(z - h)) / (2 * h)).toBeCloseTo(normalPdf(z), 8);
    }
  });

  it('d log Φ/dz matches finite differences and stays finite in the tails', () => {
    for (const z of [-30, -6, -1, 0, 2, 6]) {
      const h = 1e-5;
      const numeric = (logNormalCdf(z + h) - logNormalCdf(z - h)) / (2 * h);
      expect(Math.abs(logNormalCdfDerivative(z) - numeric) / Math.max(1, Math.abs(numeric))).toBeLessThan(1e-6);
    }
    expect(Number.isFinite(logNormalCdfDerivative(-1e6))).toBe(true);
  });
});
