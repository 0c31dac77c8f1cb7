import type { Distribution, ParamValue } from '../protocol/distribution.js';
import type { SeededRandom } from '../utils/seeded-random.js';

/**
 * Draw one external value uniformly from a distribution (log-uniformly for `log: true`).
 * Log-scaled ints are drawn on `[low - 0.5, high + 0.5]` in log space and rounded, as Optuna
 * does, so the end points get their fair share.
 */
export function sampleUniform(dist: Distribution, rng: SeededRandom): ParamValue {
  switch (dist.type) {
    case 'categorical':
      return dist.choices[rng.int(0, dist.choices.length - 1)] as ParamValue;
    case 'int': {
      if (dist.log) {
        const value = Math.round(Math.exp(rng.uniform(Math.log(dist.low - 0.5), Math.log(dist.high + 0.5))));
        return Math.min(dist.high, Math.max(dist.low, value));
      }
      return dist.low + rng.int(0, Math.round((dist.high - dist.low) / dist.step)) * dist.step;
    }
    case 'float': {
      if (dist.log) {
        const value = Math.exp(rng.uniform(Math.log(dist.low), Math.log(dist.high)));
        return Math.min(dist.high, Math.max(dist.low, value));
      }
      if (dist.step !== undefined) {
        const k = rng.int(0, Math.round((dist.high - dist.low) / dist.step));
        return Math.min(dist.high, dist.low + k * dist.step);
      }
      return rng.uniform(dist.low, dist.high);
    }
  }
}
