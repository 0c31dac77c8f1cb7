import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { erfc, logAddExp, logCentredMass, logGaussMass, logNdtr, ndtr, ndtriExp, truncatedNormalQuantile } from './truncated-normal.js';

// Reference values computed with mpmath at 40–400 significant digits (erfc, log(ncdf), erfinv).
const ERFC: readonly [number, number][] = [
  [-3, 1.9999779095030015],
  [-0.5, 1.5204998778130465],
  [0, 1.0],
  [0.1, 0.887537083981715],
  [0.7, 0.32219880616258156],
  [1.5, 0.033894853524689274],
  [3, 2.209049699858544e-5],
  [6, 2.1519736712498913e-17],
  [10, 2.088487583762545e-45],
  [26, 5.663192408856143e-296],
];
const LOG_NDTR: readonly [number, number][] = [
  [-1000, -500007.82669481216],
  [-40, -804.6084420137538],
  [-10, -53.23128515051247],
  [-3, -6.607726221510349],
  [-0.5, -1.1759117615936185],
  [0, -0.6931471805599453],
  [0.5, -0.3689464152886564],
  [3, -0.0013508099647481938],
  [10, -7.619853024160525e-24],
  [20, -2.7536241186062337e-89],
];
const LOG_MASS: readonly [number, number, number][] = [
  [-1, 1, -0.38171514630212605],
  [-40, -39.9, -800.6294741601215],
  [-5, -4.999, -20.32419293739505],
  [-3.001, -3, -12.328193603728616],
  [30, 31, -454.32124395634327],
  [3, 4, -6.631467786538225],
  [0, 0.001, -7.8266939788534655],
  [-2, 5, -0.023013202653755123],
  [-0.1, 1e-9, -3.2231891720905144],
];
const QUANTILES: readonly [number, number][] = [
  [1e-300, -37.0470962993612],
  [1e-20, -9.262340089798407],
  [0.001, -3.0902323061678136],
  [0.3, -0.5244005127080408],
  [0.5, 0],
  [0.9, 1.2815515655446004],
];

const relativeError = (actual: number, expected: number) => Math.abs(actual - expected) / Math.max(Math.abs(expected), Number.MIN_VALUE);

describe('erfc and log Φ', () => {
  it('match high-precision references, far into the tails', () => {
    for (const [x, expected] of ERFC) expect(relativeError(erfc(x), expected), `erfc(${x})`).toBeLessThan(1e-13);
    for (const [z, expected] of LOG_NDTR) expect(relativeError(logNdtr(z), expected), `log Φ(${z})`).toBeLessThan(1e-13);
  });

  it('are consistent with each other and monotone', () => {
    fc.assert(
      fc.property(fc.double({ min: -30, max: 30, noNaN: true }), fc.double({ min: 1e-6, max: 5, noNaN: true }), (z, dz) => {
        expect(Math.abs(Math.exp(logNdtr(z)) - ndtr(z))).toBeLessThan(1e-15);
        expect(logNdtr(z + dz)).toBeGreaterThanOrEqual(logNdtr(z));
        expect(erfc(z) + erfc(-z)).toBeCloseTo(2, 14);
      }),
    );
  });

  it('handles infinities and NaN', () => {
    expect(erfc(Number.POSITIVE_INFINITY)).toBe(0);
    expect(erfc(Number.NEGATIVE_INFINITY)).toBe(2);
    expect(logNdtr(Number.NEGATIVE_INFINITY)).toBe(Number.NEGATIVE_INFINITY);
    expect(logNdtr(Number.POSITIVE_INFINITY)).toBeCloseTo(0, 15);
    expect(logNdtr(Number.NaN)).toBeNaN();
    expect(logAddExp(Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY)).toBe(Number.NEGATIVE_INFINITY);
    expect(logAddExp(Math.log(2), Math.log(3))).toBeCloseTo(Math.log(5), 15);
  });
});

describe('logGaussMass', () => {
  it('matches references, including narrow intervals deep in either tail', () => {
    for (const [a, b, expected] of LOG_MASS) expect(relativeError(logGaussMass(a, b), expected), `log mass [${a}, ${b}]`).toBeLessThan(1e-12);
  });

  it('is symmetric, additive and -Infinity for an empty interval', () => {
    fc.assert(
      fc.property(fc.double({ min: -12, max: 12, noNaN: true }), fc.double({ min: 1e-3, max: 6, noNaN: true }), fc.double({ min: 1e-3, max: 6, noNaN: true }), (a, w1, w2) => {
        const b = a + w1;
        const c = b + w2;
        expect(logGaussMass(a, b)).toBeCloseTo(logGaussMass(-b, -a), 9);
        const whole = Math.exp(logGaussMass(a, c));
        const parts = Math.exp(logGaussMass(a, b)) + Math.exp(logGaussMass(b, c));
        expect(Math.abs(whole - parts)).toBeLessThanOrEqual(1e-12 * Math.max(whole, 1e-300) + 1e-300);
      }),
    );
    expect(logGaussMass(1, 1)).toBe(Number.NEGATIVE_INFINITY);
    expect(logGaussMass(Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY)).toBeCloseTo(0, 15);
  });

  it('has a fast centred variant within 2e-10 in probability', () => {
    fc.assert(
      fc.property(fc.double({ min: -12, max: 0, noNaN: true }), fc.double({ min: 0, max: 12, noNaN: true }), (a, b) => {
        fc.pre(b - a > 1e-6);
        expect(Math.abs(Math.exp(logCentredMass(a, b)) - Math.exp(logGaussMass(a, b)))).toBeLessThan(2e-10);
      }),
    );
    // Outside its case it defers to the exact function.
    expect(logCentredMass(3, 4)).toBe(logGaussMass(3, 4));
  });
});

describe('ndtriExp and truncatedNormalQuantile', () => {
  it('invert log Φ (references, and a round trip)', () => {
    for (const [p, expected] of QUANTILES) expect(Math.abs(ndtriExp(Math.log(p)) - expected), `Φ⁻¹(${p})`).toBeLessThan(1e-13 * Math.max(1, Math.abs(expected)));
    fc.assert(
      fc.property(fc.double({ min: -35, max: 8, noNaN: true }), (z) => {
        expect(ndtriExp(logNdtr(z))).toBeCloseTo(z, 8);
      }),
    );
    // Upper tail: log p = log1p(−1e-6) is exact, so the symmetric solve keeps its digits.
    expect(ndtriExp(Math.log1p(-1e-6))).toBeCloseTo(4.753424308822899, 9);
    expect(ndtriExp(0)).toBe(Number.POSITIVE_INFINITY);
    expect(ndtriExp(Number.NEGATIVE_INFINITY)).toBe(Number.NEGATIVE_INFINITY);
    expect(ndtriExp(0.5)).toBeNaN();
  });

  it('gives the u-quantile of the truncated normal, inside [a, b], even far in a tail', () => {
    fc.assert(
      fc.property(fc.double({ min: -40, max: 40, noNaN: true }), fc.double({ min: 1e-3, max: 10, noNaN: true }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (a, width, u) => {
        const b = a + width;
        const z = truncatedNormalQuantile(a, b, u);
        expect(z).toBeGreaterThanOrEqual(a);
        expect(z).toBeLessThanOrEqual(b);
        // CDF of the truncated normal at z, computed in log space: mass([a, z]) / mass([a, b]).
        const cdf = z === a ? 0 : Math.exp(logGaussMass(a, z) - logGaussMass(a, b));
        expect(Math.abs(cdf - u)).toBeLessThan(1e-7);
      }),
    );
    expect(truncatedNormalQuantile(2, 2, 0.3)).toBe(2);
  });
});
