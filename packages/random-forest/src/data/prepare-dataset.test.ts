import { InvalidArgumentError } from '@tunekit/core';
import { describe, expect, it } from 'vitest';
import { prepareDataset, prepareHeldOutDataset } from './prepare-dataset.js';

const x = [
  [1, 2],
  [3, 4],
  [5, 6],
];

describe('prepareDataset', () => {
  it('stores features column-major and encodes labels in sorted order', () => {
    const data = prepareDataset(x, ['b', 'a', 'b'], 'classification');
    expect(Array.from(data.features.values)).toEqual([1, 3, 5, 2, 4, 6]);
    expect(data.target).toMatchObject({ task: 'classification', classes: ['a', 'b'] });
    expect(data.target.task === 'classification' && Array.from(data.target.codes)).toEqual([1, 0, 1]);
    // Numbers sort numerically (10 after 9), booleans false first.
    const numeric = prepareDataset(x, [10, 9, 10], 'classification');
    expect(numeric.target.task === 'classification' && numeric.target.classes).toEqual([9, 10]);
    const flags = prepareDataset(x, [true, false, true], 'classification');
    expect(flags.target.task === 'classification' && flags.target.classes).toEqual([false, true]);
    expect(prepareDataset([Float64Array.of(1), Float64Array.of(2)], [0.5, 1.5], 'regression').target.task).toBe('regression');
  });

  it('rejects ragged rows, naming the row and the expected width', () => {
    const call = () => prepareDataset([[1, 2], [3, 4], [5]], [0, 1, 0], 'classification');
    expect(call).toThrow(InvalidArgumentError);
    expect(call).toThrow(/Invalid x\[2\]: expected a row of 2 features \(as in x\[0\]\); rows must not be ragged, got 1/);
  });

  it('rejects NaN, infinite and non-numeric features, naming the cell', () => {
    expect(() => prepareDataset([[1, 2], [3, Number.NaN]], [0, 1], 'classification')).toThrow(/Invalid x\[1\]\[1\]: expected a finite number \(missing values are not supported: impute them first\), got NaN/);
    expect(() => prepareDataset([[1, Infinity], [3, 4]], [0, 1], 'classification')).toThrow(/x\[0\]\[1\]/);
    expect(() => prepareDataset([[1, '2' as never], [3, 4]], [0, 1], 'classification')).toThrow(/x\[0\]\[1\]/);
    expect(() => prepareDataset([], [], 'classification')).toThrow(/Invalid x: expected a non-empty array of rows/);
    expect(() => prepareDataset([[]], [0], 'classification')).toThrow(/at least one feature/);
  });

  it('rejects a single class, mixed label types, missing labels and a wrong length', () => {
    expect(() => prepareDataset(x, [1, 1, 1], 'classification')).toThrow(/Invalid y: expected at least 2 distinct classes for classification, got "only the class 1"/);
    expect(() => prepareDataset(x, [0, 'a', 1], 'classification')).toThrow(/Invalid y\[1\]: expected a number label like y\[0\]/);
    expect(() => prepareDataset(x, [0, null, 1] as never, 'classification')).toThrow(/Invalid y\[1\]: expected a label/);
    expect(() => prepareDataset(x, [0, Number.NaN, 1], 'classification')).toThrow(/y\[1\]/);
    expect(() => prepareDataset(x, [0, 1], 'classification')).toThrow(/Invalid y.length: expected 3 \(one label per row of x\), got 2/);
    expect(() => prepareDataset(x, [0, Number.NaN, 1], 'regression')).toThrow(/Invalid y\[1\]: expected a finite number \(regression target\)/);
    expect(() => prepareDataset(x, [0, 1, 0], 'clustering' as never)).toThrow(/Invalid task/);
  });
});

describe('prepareHeldOutDataset', () => {
  const training = prepareDataset(x, ['cat', 'dog', 'cat'], 'classification');

  it('encodes against the training classes and checks the width', () => {
    const test = prepareHeldOutDataset([[0, 0]], ['dog'], training, { x: 'testSet.x', y: 'testSet.y' });
    expect(test.target.task === 'classification' && Array.from(test.target.codes)).toEqual([1]);
    expect(() => prepareHeldOutDataset([[0, 0, 0]], ['dog'], training, { x: 'testSet.x', y: 'testSet.y' })).toThrow(/testSet.x\[0\]: expected a row of 2 features \(as in the training data\)/);
  });

  it('rejects labels the training data does not have', () => {
    expect(() => prepareHeldOutDataset([[0, 0]], ['cow'], training, { x: 'testSet.x', y: 'testSet.y' })).toThrow(/Invalid testSet.y\[0\]: expected one of the classes seen in the training data \("cat", "dog"\), got "cow"/);
  });
});
