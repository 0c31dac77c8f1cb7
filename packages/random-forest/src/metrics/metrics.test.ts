import { readFileSync } from 'node:fs';
import { InvalidArgumentError } from '@tunekit/core';
import { describe, expect, it } from 'vitest';
import type { Label } from '../data/dataset.js';
import { accuracy } from './accuracy.js';
import { balancedAccuracy } from './balanced-accuracy.js';
import { f1Score } from './f1-score.js';
import { logLoss } from './log-loss.js';
import { meanAbsoluteError } from './mean-absolute-error.js';
import { resolveMetric } from './metric.js';
import { r2Score } from './r2-score.js';
import { rocAuc } from './roc-auc.js';
import { rootMeanSquaredError } from './root-mean-squared-error.js';

// Reference values from scikit-learn 1.2.1: scripts/make-sklearn-fixtures.py.
interface MetricCase {
  name: string;
  yTrue: Label[];
  yPred: Label[];
  probabilities?: number[][];
  labels?: Label[];
  [metric: string]: unknown;
}
const fixture = JSON.parse(readFileSync(new URL('../__fixtures__/sklearn-metrics.json', import.meta.url), 'utf8')) as { cases: MetricCase[] };
const byName = (name: string) => fixture.cases.find((c) => c.name === name) as MetricCase;

describe('metrics against scikit-learn', () => {
  it('binary labels and probabilities (ties in the scores)', () => {
    const c = byName('binary-01');
    const proba = c.probabilities as number[][];
    expect(accuracy(c.yTrue, c.yPred)).toBeCloseTo(c.accuracy as number, 14);
    expect(balancedAccuracy(c.yTrue, c.yPred)).toBeCloseTo(c.balancedAccuracy as number, 14);
    expect(f1Score(c.yTrue, c.yPred)).toBeCloseTo(c.f1 as number, 14);
    expect(f1Score(c.yTrue, c.yPred, { average: 'macro' })).toBeCloseTo(c.f1Macro as number, 14);
    expect(logLoss(c.yTrue, proba)).toBeCloseTo(c.logLoss as number, 12);
    expect(rocAuc(c.yTrue, proba)).toBeCloseTo(c.rocAuc as number, 14);
  });

  it('multiclass string labels, macro one-vs-rest AUC, clipped log loss', () => {
    const c = byName('multiclass-strings');
    const proba = c.probabilities as number[][];
    expect(accuracy(c.yTrue, c.yPred)).toBeCloseTo(c.accuracy as number, 14);
    expect(balancedAccuracy(c.yTrue, c.yPred)).toBeCloseTo(c.balancedAccuracy as number, 14);
    expect(f1Score(c.yTrue, c.yPred, { average: 'macro' })).toBeCloseTo(c.f1Macro as number, 14);
    expect(logLoss(c.yTrue, proba, { labels: c.labels })).toBeCloseTo(c.logLoss as number, 12);
    expect(rocAuc(c.yTrue, proba, { labels: c.labels })).toBeCloseTo(c.rocAuc as number, 14);
  });

  it('a predicted class absent from yTrue: ignored by balanced accuracy, counted by macro F1', () => {
    const c = byName('unseen-predicted-class');
    expect(accuracy(c.yTrue, c.yPred)).toBeCloseTo(c.accuracy as number, 14);
    expect(balancedAccuracy(c.yTrue, c.yPred)).toBeCloseTo(c.balancedAccuracy as number, 14);
    expect(f1Score(c.yTrue, c.yPred, { average: 'macro' })).toBeCloseTo(c.f1Macro as number, 14);
  });

  it('regression errors and R²', () => {
    const c = byName('regression');
    const t = c.yTrue as number[];
    const p = c.yPred as number[];
    expect(rootMeanSquaredError(t, p)).toBeCloseTo(c.rmse as number, 12);
    expect(meanAbsoluteError(t, p)).toBeCloseTo(c.mae as number, 12);
    expect(r2Score(t, p)).toBeCloseTo(c.r2 as number, 12);
  });
});

describe('metrics by hand', () => {
  it('small cases worked out on paper', () => {
    expect(accuracy(['a', 'b', 'b', 'c'], ['a', 'b', 'c', 'c'])).toBe(0.75);
    // recalls: class 0: 1/2, class 1: 2/2 → 0.75 (accuracy would be 0.75 too); imbalanced case below.
    expect(balancedAccuracy([0, 0, 1, 1], [0, 1, 1, 1])).toBe(0.75);
    expect(balancedAccuracy([0, 0, 0, 0, 0, 0, 0, 0, 0, 1], Array(10).fill(0))).toBe(0.5);
    // TP=2, FP=1, FN=1 → F1 = 4/6.
    expect(f1Score([1, 1, 1, 0, 0], [1, 1, 0, 1, 0])).toBeCloseTo(2 / 3, 15);
    expect(f1Score(['no', 'no'], ['no', 'no'], { positiveLabel: 'no' })).toBe(1);
    expect(f1Score([1, 1], [0, 0], { positiveLabel: 1 })).toBe(0);
    // The built-in 'f1' in a fold without the positive class: scikit-learn's zero_division gives 0.
    expect(resolveMetric('f1', { task: 'classification', codes: Int32Array.of(0, 1), classes: [0, 1] }).score([0, 0], [0, 0], [0, 1])).toBe(0);
    expect(rocAuc([0, 0, 1, 1], [[0.9, 0.1], [0.6, 0.4], [0.65, 0.35], [0.2, 0.8]])).toBe(0.75);
    expect(rocAuc([0, 1], [[0.5, 0.5], [0.5, 0.5]])).toBe(0.5); // a tie counts one half
    expect(logLoss([0, 1], [[1, 0], [0, 1]])).toBeCloseTo(2.220446049250313e-16, 25);
    expect(logLoss([1], [[1, 0]], { labels: [0, 1] })).toBeCloseTo(-Math.log(2.220446049250313e-16), 10);
    expect(rootMeanSquaredError([0, 0], [3, 4])).toBeCloseTo(Math.sqrt(12.5), 15);
    expect(meanAbsoluteError([1, 2], [2, 4])).toBe(1.5);
    expect(r2Score([1, 2, 3], [1, 2, 3])).toBe(1);
    expect(r2Score([2, 2, 2], [2, 2, 2])).toBe(1); // constant target, perfect
    expect(r2Score([2, 2, 2], [1, 2, 3])).toBe(0); // constant target, imperfect (scikit-learn's rule)
    expect(r2Score([1, 2, 3], [2, 2, 2])).toBe(0);
  });

  it('rejects bad inputs with errors naming them', () => {
    expect(() => accuracy([], [])).toThrow(InvalidArgumentError);
    expect(() => accuracy([1, 2], [1])).toThrow(/accuracy yPred.length.*expected 2/);
    expect(() => rocAuc([1, 1], [[0.2, 0.8], [0.3, 0.7]], { labels: [0, 1] })).toThrow(/ROC AUC is undefined/);
    expect(() => logLoss([0, 1, 2], [[0.5, 0.5], [0.5, 0.5], [0.5, 0.5]])).toThrow(/probabilities\[0\]\.length/);
    expect(() => logLoss([0, 1], [[0.5, 0.5], [Number.NaN, 0.5]])).toThrow(/probabilities\[1\]\[0\]/);
    expect(() => logLoss(['x', 'y'], [[0.5, 0.5], [0.5, 0.5]], { labels: ['x', 'z'] })).toThrow(/logLoss yTrue\[1\].*one of the classes/);
    expect(() => f1Score([0, 1, 2], [0, 1, 2])).toThrow(/'macro' for 3 classes/);
    expect(() => f1Score(['M', 'B'], ['M', 'B'], { positiveLabel: 'yes' })).toThrow(/f1Score positiveLabel.*"yes"/);
    expect(() => r2Score([1, Number.NaN], [1, 2])).toThrow(/r2Score yTrue\[1\]/);
    expect(() => meanAbsoluteError([1, 2], [1, Number.POSITIVE_INFINITY])).toThrow(/meanAbsoluteError yPred\[1\]/);
    expect(() => rootMeanSquaredError([1, '2' as never], [1, 2])).toThrow(/rootMeanSquaredError yTrue\[1\]/);
    expect(() => rootMeanSquaredError([1, 2], [1])).toThrow(/rootMeanSquaredError yPred.length.*expected 2/);
    // The error names the class that is missing (or alone) in yTrue, binary and one-vs-rest.
    expect(() => rocAuc([0, 0], [[0.2, 0.8], [0.3, 0.7]], { labels: [0, 1] })).toThrow(/got "no rows of class 1"/);
    expect(() => rocAuc(['a', 'a'], [[0.2, 0.8], [0.3, 0.7]], { labels: ['a', 'b'] })).toThrow(/rows of class "b" and of other classes.*got "no rows of class b"/);
    expect(() => rocAuc(['a', 'a', 'b'], [[1, 0, 0], [1, 0, 0], [0, 1, 0]], { labels: ['a', 'b', 'c'] })).toThrow(/rows of class "c" and of other classes.*got "no rows of class c"/);
  });
});

describe('resolveMetric', () => {
  const binary = { task: 'classification' as const, codes: Int32Array.of(0, 1), classes: [0, 1] };
  const three = { task: 'classification' as const, codes: Int32Array.of(0, 1, 2), classes: ['a', 'b', 'c'] };
  const regression = { task: 'regression' as const, values: Float64Array.of(1, 2) };

  it('knows directions and inputs, defaults by task', () => {
    expect(resolveMetric(undefined, binary).name).toBe('accuracy');
    expect(resolveMetric(undefined, regression).name).toBe('r2');
    expect(resolveMetric('logLoss', binary)).toMatchObject({ direction: 'minimize', input: 'probabilities' });
    expect(resolveMetric('rmse', regression)).toMatchObject({ direction: 'minimize', input: 'values' });
    expect(resolveMetric('rocAuc', three)).toMatchObject({ direction: 'maximize', input: 'probabilities' });
  });

  it('rejects unknown names, wrong tasks, binary F1 on three classes, malformed custom metrics', () => {
    expect(() => resolveMetric('auc' as never, binary)).toThrow(/Invalid metric.*'accuracy'/);
    expect(() => resolveMetric('rmse', binary)).toThrow(/a classification metric \(rmse is for regression\)/);
    expect(() => resolveMetric('accuracy', regression)).toThrow(/a regression metric/);
    expect(() => resolveMetric('f1', three)).toThrow(/'f1Macro' for 3 classes/);
    expect(() => resolveMetric({ name: 'x', task: 'classification', direction: 'up', input: 'labels', score: () => 0 } as never, binary)).toThrow(/metric.direction/);
  });
});
