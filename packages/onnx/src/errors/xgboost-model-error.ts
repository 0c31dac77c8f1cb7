import { TunekitError } from '@tunekit/core';

/**
 * An XGBoost model that cannot be read or converted: malformed JSON, a missing or wrong-typed
 * field (`path` names it, e.g. `learner.gradient_booster.model.trees[3].left_children`), or a
 * feature tunekit does not support (a `dart` or `gblinear` booster, categorical splits,
 * vector leaves, an unknown objective).
 */
export class XGBoostModelError extends TunekitError {
  /** Where in the model the problem is (`''` for the whole document). */
  readonly path: string;

  constructor(path: string, message: string, options: { cause?: unknown } = {}) {
    super(path === '' ? `Invalid XGBoost model: ${message}` : `Invalid XGBoost model at ${path}: ${message}`, { code: 'XGBOOST_MODEL_INVALID', ...options });
    this.path = path;
  }
}
