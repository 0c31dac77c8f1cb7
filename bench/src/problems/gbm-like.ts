import { choiceValue } from './choice-value.js';

export type GbmBooster = 'gbtree' | 'dart' | 'gblinear';

/** Parameters of {@link gbmLike}, named as in suite.json. */
export interface GbmLikeParams {
  /** Float, log-scaled, [1e-4, 1]. */
  readonly learning_rate: number;
  /** Int, log-scaled, [10, 1000]. */
  readonly n_estimators: number;
  /** Int, [1, 12]; ignored by `gblinear`. */
  readonly max_depth: number;
  /** Float, [0.3, 1.0]. */
  readonly subsample: number;
  readonly booster: GbmBooster | (string & {});
}

const BOOSTER_OFFSET: Readonly<Record<GbmBooster, number>> = { gbtree: 0.0, dart: 0.01, gblinear: 0.08 };
const DEPTH_OPTIMUM: Readonly<Record<Exclude<GbmBooster, 'gblinear'>, number>> = { gbtree: 6, dart: 8 };

/**
 * Synthetic gradient-boosting-like error rate (FUNCTIONS.md §8): a valley along
 * `learning_rate · n_estimators = 10`, a booster-dependent optimal depth and a 0.6 "failed run"
 * cap. Global minimum `0.05` at `gbtree, n_estimators = 300, learning_rate = 1/30, max_depth = 6,
 * subsample = 0.8`.
 */
export function gbmLike(params: GbmLikeParams): number {
  const { learning_rate: learningRate, n_estimators: nEstimators, max_depth: maxDepth, subsample, booster } = params;
  // The spec fixes this order (product, then / 10, then log10) so the valley floor rounds alike.
  const u = Math.log10((learningRate * nEstimators) / 10.0);
  const v = Math.log10(nEstimators / 300.0);
  let f = 0.05 + choiceValue(BOOSTER_OFFSET, booster, 'gbm_like.booster') + 0.3 * u * u + 0.05 * v * v;
  if (booster !== 'gblinear') {
    const dd = maxDepth - choiceValue(DEPTH_OPTIMUM, booster, 'gbm_like.booster');
    f += 0.004 * dd * dd;
  }
  f += 0.2 * (subsample - 0.8) ** 2;
  return Math.min(f, 0.6);
}
