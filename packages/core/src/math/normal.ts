/**
 * The standard normal distribution, with the tails computed in log space so that Bayesian
 * optimisation acquisitions stay finite far from the data.
 */

const SQRT2 = Math.SQRT2;
const SQRT_PI = Math.sqrt(Math.PI);
/** `log √(2π)`, the log normalising constant of the standard normal density. */
export const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
const TWO_OVER_SQRT_PI = 2 / SQRT_PI;

/** Density of the standard normal at `z`. */
export function normalPdf(z: number): number {
  return Math.exp(-0.5 * z * z - LOG_SQRT_2PI);
}

/**
 * The scaled complementary error function `erfcx(x) = exp(x²) erfc(x)`, accurate to ~1e-14
 * relative. For `x < 2` a positive-term series of `erf` (Abramowitz & Stegun 7.1.6); above, the
 * Laplace continued fraction of `erfc` (A&S 7.1.14), evaluated backwards with a depth that
 * shrinks as `x` grows. Negative `x` via `erfcx(-x) = 2 exp(x²) - erfcx(x)` (overflows to
 * Infinity below about -26.6).
 */
export function erfcx(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return 2 * Math.exp(x * x) - erfcx(-x);
  if (x < 2) {
    // erf(x) = 2/√π exp(-x²) Σ 2^n x^(2n+1) / (1·3·…·(2n+1)): every term is positive.
    const x2 = 2 * x * x;
    let term = x;
    let sum = x;
    for (let n = 1; n < 100; n++) {
      term *= x2 / (2 * n + 1);
      sum += term;
      if (term < 1e-17 * sum) break;
    }
    return Math.exp(x * x) - TWO_OVER_SQRT_PI * sum;
  }
  if (x > 1e8) return 1 / (SQRT_PI * x);
  const depth = Math.min(200, 10 + Math.ceil(400 / (x * x)));
  let t = x;
  for (let n = depth; n >= 1; n--) t = x + n / 2 / t;
  return 1 / (SQRT_PI * t);
}

/** Cumulative distribution of the standard normal, accurate in the lower tail. */
export function normalCdf(z: number): number {
  if (z > 0) return 1 - 0.5 * Math.exp(-0.5 * z * z) * erfcx(z / SQRT2);
  return 0.5 * Math.exp(-0.5 * z * z) * erfcx(-z / SQRT2);
}

/** `log Φ(z)`, finite for any finite `z` (about `-z²/2 - log(-z √(2π))` far in the lower tail). */
export function logNormalCdf(z: number): number {
  if (z > 0) return Math.log1p(-0.5 * Math.exp(-0.5 * z * z) * erfcx(z / SQRT2));
  return -0.5 * z * z + Math.log(0.5 * erfcx(-z / SQRT2));
}

/** `d/dz log Φ(z) = φ(z) / Φ(z)` (the inverse Mills ratio), stable in both tails. */
export function logNormalCdfDerivative(z: number): number {
  if (z > 0) return normalPdf(z) / normalCdf(z);
  // φ(z)/Φ(z) = (1/√(2π)) exp(-z²/2) / (½ exp(-z²/2) erfcx(-z/√2)).
  return Math.sqrt(2 / Math.PI) / erfcx(-z / SQRT2);
}
