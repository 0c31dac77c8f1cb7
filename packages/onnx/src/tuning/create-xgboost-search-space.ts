import { InvalidArgumentError, type Trial } from '@tunekit/core';
import type { XGBoostParams } from '../trainers/xgboost-trainer.js';

export interface XGBoostSearchSpaceOptions {
  /** Range of `num_round` (log scale). Default `[20, 300]`. */
  readonly rounds?: readonly [number, number];
}

/**
 * A search space modelled on common practice (XGBoost's parameter-tuning notes, Optuna's XGBoost
 * examples): learning rate and L1/L2 regularisation on log scales, tree depth, child weight (log),
 * row and column subsampling, and the number of rounds (log scale; pruning and the best-round cut
 * keep long runs cheap).
 */
export function createXGBoostSearchSpace(options: XGBoostSearchSpaceOptions = {}): (trial: Trial) => XGBoostParams {
  const [low, high] = options.rounds ?? [20, 300];
  if (!Number.isSafeInteger(low) || !Number.isSafeInteger(high) || low < 1 || high < low) {
    throw new InvalidArgumentError('createXGBoostSearchSpace rounds', options.rounds, 'integers [low, high] with 1 <= low <= high');
  }
  return (trial) => ({
    eta: trial.suggestFloat('eta', 0.01, 0.3, { log: true }),
    max_depth: trial.suggestInt('max_depth', 2, 10),
    min_child_weight: trial.suggestFloat('min_child_weight', 0.5, 20, { log: true }),
    subsample: trial.suggestFloat('subsample', 0.5, 1),
    colsample_bytree: trial.suggestFloat('colsample_bytree', 0.5, 1),
    lambda: trial.suggestFloat('lambda', 1e-3, 10, { log: true }),
    alpha: trial.suggestFloat('alpha', 1e-3, 10, { log: true }),
    num_round: trial.suggestInt('num_round', low, high, { log: true }),
  });
}

/** The default search space of `tuneXGBoost`: `createXGBoostSearchSpace()` (20 to 300 rounds). */
export const defaultXGBoostSearchSpace: (trial: Trial) => XGBoostParams = createXGBoostSearchSpace();
