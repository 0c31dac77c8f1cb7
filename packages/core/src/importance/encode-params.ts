import { toInternal } from '../distributions/distribution-values.js';
import type { Distribution, SearchSpace } from '../protocol/distribution.js';
import type { FrozenTrial } from '../protocol/frozen-trial.js';
import type { FeatureDomain } from './functional-anova.js';
import type { FeatureKind, RegressionData } from './regression-tree.js';

/** Trials as a forest's training data, one column per parameter, and each column's domain. */
export interface EncodedParams {
  readonly data: RegressionData;
  readonly domains: readonly FeatureDomain[];
}

/**
 * One column per parameter of `space`, in its key order. Numbers keep their internal value, in
 * log space for `log: true` (so a log-uniform range is weighted as the sampler drew it);
 * categoricals are choice indices that the trees split as categories, not as ordered numbers.
 * Stepped and integer domains extend half a step beyond both ends so that every grid value
 * carries the same weight (Optuna's `_SearchSpaceTransform` does the same with `transform_step`).
 */
export function encodeParams(space: SearchSpace, trials: readonly FrozenTrial[], targets: readonly number[]): EncodedParams {
  const names = Object.keys(space);
  const features: FeatureKind[] = [];
  const domains: FeatureDomain[] = [];
  const columns = names.map((name) => {
    const dist = space[name] as Distribution;
    const column = new Float64Array(trials.length);
    for (const [i, trial] of trials.entries()) column[i] = encodeValue(dist, toInternal(dist, trial.params[name] as NonNullable<FrozenTrial['params'][string]>, name));
    if (dist.type === 'categorical') {
      features.push({ kind: 'categorical', nChoices: dist.choices.length });
      domains.push({ kind: 'categorical', nChoices: dist.choices.length });
    } else {
      features.push({ kind: 'numeric' });
      domains.push({ kind: 'numeric', ...encodedBounds(dist) });
    }
    return column;
  });
  return { data: { columns, y: Float64Array.from(targets), features }, domains };
}

function encodeValue(dist: Distribution, internal: number): number {
  return dist.type !== 'categorical' && dist.log ? Math.log(internal) : internal;
}

function encodedBounds(dist: Exclude<Distribution, { type: 'categorical' }>): { low: number; high: number } {
  const half = dist.step === undefined ? 0 : dist.step / 2;
  if (dist.log) {
    // Log ints (step 1, low >= 1): the cell of value k is [k - 1/2, k + 1/2], taken to log space.
    // Log floats have no step (half = 0). Either way low - half > 0.
    return { low: Math.log(dist.low - half), high: Math.log(dist.high + half) };
  }
  return { low: dist.low - half, high: dist.high + half };
}
