import type { FeatureMatrix, Label, Task } from '../data/dataset.js';
import type { FeatureRows } from '../data/prepare-dataset.js';
import type { MlRandomForestJSON } from '../export/ml-random-forest-json.js';
import type { Metric } from '../metrics/metric.js';
import type { RandomForestParams } from '../params/random-forest-params.js';

/** The engines: `'fast'` (this package's, scikit-learn semantics) or `'ml-random-forest'` (the library itself). */
export type EngineName = 'fast' | 'ml-random-forest';

/**
 * A fitted forest, whichever engine fitted it. Classifiers predict the training labels;
 * regressors predict numbers (and have no `predictProba`).
 */
export interface RandomForestModel {
  readonly engine: EngineName;
  readonly task: Task;
  /** Training labels in the order of `predictProba`'s columns (empty for regression). */
  readonly classes: readonly Label[];
  readonly nFeatures: number;
  readonly params: RandomForestParams;
  /** Labels (classification) or values (regression) for each row. */
  predict(x: FeatureRows): Label[];
  /** Classification: one row of probabilities per input row, columns in `classes` order. */
  predictProba(x: FeatureRows): number[][];
  /** Mean decrease in impurity per feature, summing to 1 (all zeros if no tree ever split). */
  featureImportances(): number[];
  /** The model in ml-random-forest's JSON format, for `RandomForestClassifier.load` / `RandomForestRegression.load`. */
  toMlRandomForestJSON(): MlRandomForestJSON;
  /**
   * @internal What a metric needs for `rows` of prepared features: class codes (`Int32Array`),
   * probabilities (`Float64Array`, `rows * classes`, row-major) or values (`Float64Array`).
   */
  predictPrepared(features: FeatureMatrix, rows: ArrayLike<number> | undefined, input: Metric['input']): Int32Array | Float64Array;
}

/** Probability rows from a flat row-major matrix. */
export function toRows(flat: Float64Array, columns: number): number[][] {
  const rows: number[][] = [];
  for (let i = 0; i < flat.length; i += columns) rows.push(Array.from(flat.subarray(i, i + columns)));
  return rows;
}
