import { describe, expect, it } from 'vitest';
import { logH, logHDerivative } from './log-expected-improvement.js';

// log h(z) and Φ(z)/h(z) for h(z) = φ(z) + zΦ(z), computed once with mpmath at 50 digits.
const REFERENCE: readonly (readonly [number, number, number])[] = [
  [-40, -808.29856835661996, 40.049906657648518],
  [-20, -206.9178385094251, 20.099262811101282],
  [-5, -16.74430116266099, 5.3618162412880885],
  [-1.5, -3.5299359208057099, 2.2795806941564462],
  [-1, -2.4851210257126413, 1.9042712333296918],
  [0, -0.91893853320467274, 1.2533141373155003],
  [1, 0.08002621884930694, 0.77663872520173926],
  [5, 1.6094379231264314, 0.19999994053122005],
  [40, 3.6888794541139363, 0.025],
];

describe('logH (log expected improvement of a standard normal)', () => {
  it('matches high-precision values across the range', () => {
    for (const [z, value, slope] of REFERENCE) {
      expect(Math.abs(logH(z) - value) / Math.abs(value), `log h(${z})`).toBeLessThan(1e-11);
      expect(Math.abs(logHDerivative(z) - slope) / slope, `d log h(${z})`).toBeLessThan(1e-9);
    }
  });

  it('is finite and strictly increasing for z from −40 to 40, and beyond', () => {
    let previous = -Infinity;
    for (let z = -40; z <= 40; z += 0.05) {
      const value = logH(z);
      expect(Number.isFinite(value), `log h(${z})`).toBe(true);
      expect(value).toBeGreaterThan(previous);
      previous = value;
    }
    for (const z of [-1e3, -1e5, -1e8, 1e8]) expect(Number.isFinite(logH(z))).toBe(true);
    expect(logH(-1e5)).toBeGreaterThan(logH(-1e5 - 1));
  });

  it('has the derivative finite differences give, also where the formulas switch', () => {
    for (const z of [-30, -8, -1.0001, -0.9999, -0.3, 0.5, 3, 12]) {
      const h = 1e-5;
      const numeric = (logH(z + h) - logH(z - h)) / (2 * h);
      expect(Math.abs(logHDerivative(z) - numeric) / Math.max(1, Math.abs(numeric)), `z = ${z}`).toBeLessThan(1e-6);
    }
  });
});
