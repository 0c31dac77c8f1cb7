import { InvalidArgumentError } from '@tunekit/core';
import type { Task } from '../data/dataset.js';
import type { SplitCriterion } from '../fast/tree-grower.js';

/** Features examined per split: a fraction of them in `(0, 1]`, or `'sqrt'` / `'log2'` of their count. */
export type MaxFeatures = number | 'sqrt' | 'log2';

/**
 * The hyperparameters of a random forest, with scikit-learn's meaning (camelCased). The
 * `'ml-random-forest'` engine maps them onto that library where it can (see its docs).
 */
export interface RandomForestParams {
  /** Number of trees. Default 100. */
  readonly nEstimators: number;
  /** Deepest level a node may sit at (root = 0); `null` for unlimited. Default `null`. */
  readonly maxDepth: number | null;
  /** Default `'sqrt'` for classification, `1` (all features) for regression. */
  readonly maxFeatures: MaxFeatures;
  /** Minimum distinct training rows in a leaf. Default 1. */
  readonly minSamplesLeaf: number;
  /** Minimum distinct training rows to split a node. Default 2. */
  readonly minSamplesSplit: number;
  /** Fit each tree on a bootstrap sample (true) or on all training rows (false). Default true. */
  readonly bootstrap: boolean;
  /** `'gini'` (default) or `'entropy'` for classification; `'mse'` (squared error) for regression. */
  readonly criterion: SplitCriterion;
}

/** scikit-learn's defaults for `task`. */
export function defaultParams(task: Task): RandomForestParams {
  return {
    nEstimators: 100,
    maxDepth: null,
    maxFeatures: task === 'classification' ? 'sqrt' : 1,
    minSamplesLeaf: 1,
    minSamplesSplit: 2,
    bootstrap: true,
    criterion: task === 'classification' ? 'gini' : 'mse',
  };
}

const KEYS: readonly (keyof RandomForestParams)[] = ['nEstimators', 'maxDepth', 'maxFeatures', 'minSamplesLeaf', 'minSamplesSplit', 'bootstrap', 'criterion'];

function integerAtLeast(field: string, value: unknown, min: number): number {
  if (!Number.isSafeInteger(value) || (value as number) < min) throw new InvalidArgumentError(field, value, `an integer >= ${min}`);
  return value as number;
}

/** Fill defaults and validate every field; errors name the field (`params.maxDepth`, ...). */
export function resolveParams(params: Partial<RandomForestParams> | undefined, task: Task, field = 'params'): RandomForestParams {
  if (params !== undefined && (params === null || typeof params !== 'object')) throw new InvalidArgumentError(field, params, 'an object of random forest parameters');
  for (const key of Object.keys(params ?? {})) {
    if (!(KEYS as readonly string[]).includes(key)) throw new InvalidArgumentError(`${field}.${key}`, (params as Record<string, unknown>)[key], `no such parameter (known: ${KEYS.join(', ')})`);
  }
  const merged: RandomForestParams = { ...defaultParams(task), ...stripUndefined(params ?? {}) };
  integerAtLeast(`${field}.nEstimators`, merged.nEstimators, 1);
  if (merged.maxDepth !== null) integerAtLeast(`${field}.maxDepth`, merged.maxDepth, 1);
  const maxFeatures = merged.maxFeatures;
  if (!(maxFeatures === 'sqrt' || maxFeatures === 'log2' || (typeof maxFeatures === 'number' && maxFeatures > 0 && maxFeatures <= 1))) {
    throw new InvalidArgumentError(`${field}.maxFeatures`, maxFeatures, "a fraction of the features in (0, 1], 'sqrt' or 'log2'");
  }
  integerAtLeast(`${field}.minSamplesLeaf`, merged.minSamplesLeaf, 1);
  integerAtLeast(`${field}.minSamplesSplit`, merged.minSamplesSplit, 2);
  if (typeof merged.bootstrap !== 'boolean') throw new InvalidArgumentError(`${field}.bootstrap`, merged.bootstrap, 'a boolean');
  const criteria = task === 'classification' ? ['gini', 'entropy'] : ['mse'];
  if (!criteria.includes(merged.criterion)) throw new InvalidArgumentError(`${field}.criterion`, merged.criterion, `${criteria.map((c) => `'${c}'`).join(' or ')} for ${task}`);
  return merged;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** scikit-learn's count of features per split: `max(1, floor(fraction * n))`, `floor(sqrt(n))`, `floor(log2(n))`. */
export function maxFeaturesCount(maxFeatures: MaxFeatures, nFeatures: number): number {
  const raw = maxFeatures === 'sqrt' ? Math.sqrt(nFeatures) : maxFeatures === 'log2' ? Math.log2(nFeatures) : maxFeatures * nFeatures;
  return Math.min(nFeatures, Math.max(1, Math.floor(raw)));
}
