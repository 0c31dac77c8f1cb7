/**
 * @tunekit/random-forest: tune random forests in Node with honest cross-validation.
 *
 * - `tuneRandomForest`: the whole job (search, refit, optional test score).
 * - `randomForestObjective`, `crossValidate`, `stratifiedKFold`, `kFold`, metrics: the pieces.
 * - `FastRandomForestClassifier` / `FastRandomForestRegressor`: the fast engine, scikit-learn
 *   semantics, exporting genuine ml-random-forest models (`toMlRandomForestJSON`).
 */
export { tuneRandomForest } from './tune/tune-random-forest.js';
export type { TuneRandomForestOptions, TuneRandomForestResult, TuneStudyOptions } from './tune/tune-random-forest.js';
export { randomForestObjective } from './tune/random-forest-objective.js';
export type { RandomForestObjective, RandomForestObjectiveOptions } from './tune/random-forest-objective.js';
export { crossValidate } from './tune/cross-validate.js';
export { fitRandomForest } from './tune/fit-random-forest.js';
export type { FitRandomForestOptions } from './tune/fit-random-forest.js';
export type { CrossValidateOptions, CrossValidationResult } from './tune/cross-validate.js';

export { kFold } from './cv/k-fold.js';
export type { Fold, KFoldOptions } from './cv/k-fold.js';
export { stratifiedKFold } from './cv/stratified-k-fold.js';
export { crossValidationFolds } from './cv/cross-validation-folds.js';
export type { CrossValidationFold, CrossValidationOptions } from './cv/cross-validation-folds.js';

export { accuracy } from './metrics/accuracy.js';
export { balancedAccuracy } from './metrics/balanced-accuracy.js';
export { f1Score } from './metrics/f1-score.js';
export type { F1Options } from './metrics/f1-score.js';
export { logLoss } from './metrics/log-loss.js';
export type { ProbabilityMetricOptions } from './metrics/log-loss.js';
export { rocAuc } from './metrics/roc-auc.js';
export { rootMeanSquaredError } from './metrics/root-mean-squared-error.js';
export { meanAbsoluteError } from './metrics/mean-absolute-error.js';
export { r2Score } from './metrics/r2-score.js';
export { METRIC_NAMES, resolveMetric } from './metrics/metric.js';
export type { Metric, MetricName } from './metrics/metric.js';

export { defaultParams, maxFeaturesCount, resolveParams } from './params/random-forest-params.js';
export type { MaxFeatures, RandomForestParams } from './params/random-forest-params.js';
export { defaultSearchSpace, suggestParams } from './search-space/random-forest-search-space.js';
export type { ParamSpec, RandomForestSearchSpace, SearchSpaceInput } from './search-space/random-forest-search-space.js';

export { FastRandomForestClassifier, FastRandomForestRegressor } from './fast/fast-random-forest.js';
export type { FastRandomForestOptions } from './fast/fast-random-forest.js';
export type { Voting } from './fast/predict-forest.js';
export type { SplitCriterion } from './fast/tree-grower.js';
export { MlRandomForestModel } from './engines/ml-random-forest-engine.js';
export type { MlRandomForestInstance } from './engines/ml-random-forest-engine.js';
export type { EngineName, RandomForestModel } from './model/random-forest-model.js';
export { mlRandomForestLabelMode } from './export/ml-random-forest-json.js';
export type {
  MlCartNodeJSON,
  MlCartOptionsJSON,
  MlCartTreeJSON,
  MlRandomForestBaseModelJSON,
  MlRandomForestClassifierJSON,
  MlRandomForestJSON,
  MlRandomForestRegressionJSON,
} from './export/ml-random-forest-json.js';
export type { Label, Task } from './data/dataset.js';
export type { FeatureRows } from './data/prepare-dataset.js';
