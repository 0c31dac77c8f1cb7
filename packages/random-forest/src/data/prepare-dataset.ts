import { InvalidArgumentError } from '@tunekit/core';
import { sharedFloat64, sharedInt32, type ClassTarget, type Dataset, type FeatureMatrix, type Label, type RegressionTarget, type Task } from './dataset.js';

/** Rows of numbers: `number[][]`, or an array of typed arrays. */
export type FeatureRows = readonly ArrayLike<number>[];

function isArrayLike(value: unknown): value is ArrayLike<unknown> {
  return Array.isArray(value) || ArrayBuffer.isView(value);
}

/**
 * Validate rows of features and copy them column-major. Every row must have the same length
 * (`nFeatures` when given, else that of the first row) and hold only finite numbers: random
 * forests here have no missing-value support, so a NaN is an error naming its cell.
 */
export function prepareFeatures(x: unknown, field = 'x', nFeatures?: number): FeatureMatrix {
  if (!Array.isArray(x) || x.length === 0) throw new InvalidArgumentError(field, x, 'a non-empty array of rows (number[][])');
  const first: unknown = x[0];
  if (!isArrayLike(first)) throw new InvalidArgumentError(`${field}[0]`, first, 'an array of numbers');
  const columns = nFeatures ?? first.length;
  if (columns === 0) throw new InvalidArgumentError(`${field}[0]`, first, 'at least one feature');
  const rows = x.length;
  const values = sharedFloat64(rows * columns);
  for (let i = 0; i < rows; i++) {
    const row: unknown = x[i];
    if (!isArrayLike(row)) throw new InvalidArgumentError(`${field}[${i}]`, row, 'an array of numbers');
    if (row.length !== columns) {
      const reference = nFeatures === undefined ? `${field}[0]` : 'the training data';
      throw new InvalidArgumentError(`${field}[${i}]`, row.length, `a row of ${columns} features (as in ${reference}); rows must not be ragged`);
    }
    for (let j = 0; j < columns; j++) {
      const value = row[j];
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new InvalidArgumentError(`${field}[${i}][${j}]`, value, 'a finite number (missing values are not supported: impute them first)');
      }
      values[j * rows + i] = value;
    }
  }
  return { values, nSamples: rows, nFeatures: columns };
}

function labelType(label: unknown): 'number' | 'string' | 'boolean' | undefined {
  if (typeof label === 'number') return Number.isFinite(label) ? 'number' : undefined;
  if (typeof label === 'string' || typeof label === 'boolean') return typeof label as 'string' | 'boolean';
  return undefined;
}

/** Sort labels the way `classes` are ordered: numbers ascending, strings by code unit, `false` first. */
export function sortLabels(labels: Iterable<Label>): Label[] {
  return [...labels].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Encode classification labels as indices into their sorted distinct values. Labels must all be
 * finite numbers, all strings or all booleans, and there must be at least two classes.
 */
export function encodeLabels(y: unknown, expectedLength: number, field = 'y'): ClassTarget {
  if (!isArrayLike(y)) throw new InvalidArgumentError(field, y, 'an array of labels');
  if (y.length !== expectedLength) throw new InvalidArgumentError(`${field}.length`, y.length, `${expectedLength} (one label per row of x)`);
  let kind: 'number' | 'string' | 'boolean' | undefined;
  const distinct = new Set<Label>();
  for (let i = 0; i < y.length; i++) {
    const label = y[i];
    const type = labelType(label);
    if (type === undefined) throw new InvalidArgumentError(`${field}[${i}]`, label, 'a label: a finite number, a string or a boolean');
    kind ??= type;
    if (type !== kind) throw new InvalidArgumentError(`${field}[${i}]`, label, `a ${kind} label like ${field}[0] (labels must share one type)`);
    distinct.add(label as Label);
  }
  const classes = sortLabels(distinct);
  if (classes.length < 2) {
    throw new InvalidArgumentError(field, `only the class ${JSON.stringify(classes[0])}`, 'at least 2 distinct classes for classification');
  }
  return { task: 'classification', codes: encodeWithClasses(y as ArrayLike<Label>, classes, field), classes };
}

/** Encode labels against known classes; a label outside them is an error naming it. */
export function encodeWithClasses(y: ArrayLike<unknown>, classes: readonly Label[], field = 'y'): Int32Array {
  const index = new Map<unknown, number>(classes.map((label, code) => [label, code]));
  const codes = sharedInt32(y.length);
  for (let i = 0; i < y.length; i++) {
    const code = index.get(y[i]);
    if (code === undefined) {
      throw new InvalidArgumentError(`${field}[${i}]`, y[i], `one of the classes seen in the training data (${classes.map((label) => JSON.stringify(label)).join(', ')})`);
    }
    codes[i] = code;
  }
  return codes;
}

/** Validate a regression target: finite numbers, one per row. */
export function prepareRegressionTarget(y: unknown, expectedLength: number, field = 'y'): RegressionTarget {
  if (!isArrayLike(y)) throw new InvalidArgumentError(field, y, 'an array of numbers');
  if (y.length !== expectedLength) throw new InvalidArgumentError(`${field}.length`, y.length, `${expectedLength} (one target value per row of x)`);
  const values = sharedFloat64(y.length);
  for (let i = 0; i < y.length; i++) {
    const value = y[i];
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new InvalidArgumentError(`${field}[${i}]`, value, 'a finite number (regression target)');
    values[i] = value;
  }
  return { task: 'regression', values };
}

/** Validate `x` and `y` together for `task`. */
export function prepareDataset(x: unknown, y: unknown, task: Task, fields: { x?: string; y?: string } = {}): Dataset {
  if (task !== 'classification' && task !== 'regression') throw new InvalidArgumentError('task', task, "'classification' or 'regression'");
  const features = prepareFeatures(x, fields.x ?? 'x');
  const target = task === 'classification' ? encodeLabels(y, features.nSamples, fields.y ?? 'y') : prepareRegressionTarget(y, features.nSamples, fields.y ?? 'y');
  return { features, target };
}

/**
 * Validate a held-out set against the training data: same number of features; for
 * classification, only labels the training data has (a model cannot predict an unseen class).
 */
export function prepareHeldOutDataset(x: unknown, y: unknown, training: Dataset, fields: { x: string; y: string }): Dataset {
  const features = prepareFeatures(x, fields.x, training.features.nFeatures);
  const trainTarget = training.target;
  if (trainTarget.task === 'regression') return { features, target: prepareRegressionTarget(y, features.nSamples, fields.y) };
  if (!isArrayLike(y)) throw new InvalidArgumentError(fields.y, y, 'an array of labels');
  if (y.length !== features.nSamples) throw new InvalidArgumentError(`${fields.y}.length`, y.length, `${features.nSamples} (one label per row of ${fields.x})`);
  return { features, target: { task: 'classification', codes: encodeWithClasses(y, trainTarget.classes, fields.y), classes: trainTarget.classes } };
}
