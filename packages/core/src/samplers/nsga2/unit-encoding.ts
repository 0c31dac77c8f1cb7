import { containsInternal, snapToDistribution } from '../../distributions/index.js';
import type { FloatDistribution, IntDistribution } from '../../protocol/distribution.js';

type NumericDistribution = FloatDistribution | IntDistribution;

/**
 * The interval a numeric distribution spans in the crossovers' coordinate, before scaling to
 * `[0, 1]`: its logarithm for `log: true`, and half a step beyond each end for ints and stepped
 * floats so that every grid value owns an equal share (Optuna's `_SearchSpaceTransform`).
 */
function span(dist: NumericDistribution): readonly [number, number] {
  const half = dist.type === 'int' ? (dist.log ? 0.5 : dist.step / 2) : dist.step === undefined ? 0 : dist.step / 2;
  if (dist.log) return [Math.log(dist.low - half), Math.log(dist.high + half)];
  return [dist.low - half, dist.high + half];
}

/** A value of `dist` → its coordinate in `[0, 1]`. */
export function toUnit(dist: NumericDistribution, value: number): number {
  const [low, high] = span(dist);
  if (!(high > low)) return 0.5;
  const x = dist.log ? Math.log(value) : value;
  return (x - low) / (high - low);
}

/** A coordinate (any finite number: clipped to `[0, 1]`) → the nearest legal value of `dist`. */
export function fromUnit(dist: NumericDistribution, unit: number): number {
  const [low, high] = span(dist);
  const clipped = Number.isFinite(unit) ? Math.min(1, Math.max(0, unit)) : 0.5;
  // The ends exactly (exp(log(low)) need not be low; `low + k * step` need not be high).
  if (clipped === 0) return dist.low;
  if (clipped === 1 && containsInternal(dist, dist.high)) return dist.high;
  const x = low + clipped * (high - low);
  return snapToDistribution(dist, dist.log ? Math.exp(x) : x);
}
