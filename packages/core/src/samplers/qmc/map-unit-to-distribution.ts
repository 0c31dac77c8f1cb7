import type { FloatDistribution, IntDistribution } from '../../protocol/distribution.js';

/**
 * Map a coordinate `u` in [0, 1) onto a numeric distribution, so that a uniform `u` gives the
 * distribution's uniform law: floats linearly, `log: true` linearly in log space; a grid of `n`
 * values (ints, stepped floats) takes value `floor(u * n)`, every grid value an equal share of
 * [0, 1) (no half-width end points). Log-scaled ints are drawn on `[low - 0.5, high + 0.5]` in log
 * space and rounded, as Optuna and `sampleUniform` do. The result always lies in the distribution.
 */
export function mapUnitToDistribution(dist: FloatDistribution | IntDistribution, u: number): number {
  const unit = Math.min(Math.max(u, 0), 1);
  if (dist.type === 'int' && dist.log) {
    const low = Math.log(dist.low - 0.5);
    const value = Math.round(Math.exp(low + unit * (Math.log(dist.high + 0.5) - low)));
    return Math.min(dist.high, Math.max(dist.low, value));
  }
  if (dist.type === 'float' && dist.log) {
    const low = Math.log(dist.low);
    const value = Math.exp(low + unit * (Math.log(dist.high) - low));
    return Math.min(dist.high, Math.max(dist.low, value));
  }
  const step = dist.step;
  if (step === undefined) return Math.min(dist.high, dist.low + unit * (dist.high - dist.low));
  const count = Math.round((dist.high - dist.low) / step) + 1;
  const k = Math.min(count - 1, Math.floor(unit * count));
  return Math.min(dist.high, dist.low + k * step);
}
