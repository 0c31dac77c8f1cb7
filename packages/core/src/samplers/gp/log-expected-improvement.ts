import { erfcx, LOG_SQRT_2PI, normalCdf, normalPdf } from '../../math/normal.js';

const SQRT_HALF_PI = Math.sqrt(Math.PI / 2);

/**
 * `log h(z)` with `h(z) = φ(z) + z Φ(z)`, the expected improvement of a standard normal over
 * `−z` (so `EI = σ h((f* − μ)/σ)` when minimising). Numerically stable for every finite `z`, after
 * Ament et al. 2023, "Unexpected Improvements to Expected Improvement" (eq. 9): for `z < −1`,
 * `h(z) = φ(z) (1 + z m(z))` with the Mills ratio `m(z) = Φ(z)/φ(z) = √(π/2) erfcx(−z/√2)`, and far
 * in the tail the asymptote `log h ≈ −z²/2 − log √(2π) − 2 log|z|`.
 */
export function logH(z: number): number {
  if (z > -1) return Math.log(normalPdf(z) + z * normalCdf(z));
  if (z < -1e4) return -0.5 * z * z - LOG_SQRT_2PI - 2 * Math.log(-z);
  const mills = SQRT_HALF_PI * erfcx(-z / Math.SQRT2);
  return -0.5 * z * z - LOG_SQRT_2PI + Math.log1p(z * mills);
}

/** `d log h(z)/dz = Φ(z)/h(z)`, stable like `logH` (`≈ −z − 2/z` far in the tail). */
export function logHDerivative(z: number): number {
  if (z > -1) return normalCdf(z) / (normalPdf(z) + z * normalCdf(z));
  if (z < -1e4) return -z - 2 / z;
  const mills = SQRT_HALF_PI * erfcx(-z / Math.SQRT2);
  return mills / (1 + z * mills);
}
