import { TunekitError } from '@tunekit/core';
import { applyTransform, CompiledForest } from '../evaluator/compiled-forest.js';
import { evaluateMetric, metricDirection, type MetricName } from '../metrics/evaluate-metric.js';
import type { OnnxBoostedModel } from '../onnx-boosted-model.js';
import { toRowMatrix } from '../to-row-matrix.js';
import type { Dataset } from '../trainers/dataset.js';

export interface TuneRoundsResult {
  /** Number of boosting rounds to keep (`model.withRounds(bestRounds)`). */
  readonly bestRounds: number;
  readonly bestValue: number;
  /** The metric with the first `k + 1` rounds, for k = 0 .. nRounds - 1. */
  readonly values: readonly number[];
}

/**
 * A knob of an exported model that needs no retraining: how many of its boosting rounds to use.
 * Every truncation is evaluated exactly on `data` in one pass over the trees (each round's trees
 * are added onto the previous margins), so there is nothing to sample: the best count is found.
 * Ties go to fewer rounds (a smaller, faster model).
 */
export function tuneRounds(model: OnnxBoostedModel, data: Dataset, metric: MetricName): TuneRoundsResult {
  const xgboost = model.xgboostModel;
  if (xgboost === undefined) throw new TunekitError('tuneRounds needs a model converted from XGBoost', { code: 'NOT_AN_XGBOOST_MODEL' });
  const forest = CompiledForest.fromXGBoost(xgboost, { compile: 'never' });
  const rows = toRowMatrix(data.x, forest.nFeatures);
  const twoColumns = model.task === 'classification' && forest.nGroups === 1;
  const values: number[] = [];
  forest.forEachRound(rows.data, rows.nRows, (_round, margins) => {
    values.push(evaluateMetric(metric, data.y, applyTransform(forest.transform, margins, forest.nGroups, twoColumns)));
  });
  const maximize = metricDirection(metric) === 'maximize';
  let best = 0;
  for (let index = 1; index < values.length; index++) {
    const value = values[index] as number;
    if (maximize ? value > (values[best] as number) : value < (values[best] as number)) best = index;
  }
  return { bestRounds: best + 1, bestValue: values[best] as number, values };
}
