import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixtureText, xgboostFixtures } from '../__fixtures__/fixtures.js';
import { evaluateMetric } from '../metrics/evaluate-metric.js';
import { OnnxBoostedModel } from '../onnx-boosted-model.js';
import { tuneRounds } from './tune-rounds.js';
import { tuneThreshold, type ThresholdMetric } from './tune-threshold.js';

describe('tuneRounds (number of trees, no retraining)', () => {
  it.each([
    ['binary_logistic-missing', 'logloss'],
    ['multi_softprob-complete', 'mlogloss'],
    ['reg_squarederror-missing', 'rmse'],
  ] as const)('%s: every truncation is evaluated exactly and the best one is returned', async (name, metric) => {
    const fixture = xgboostFixtures[name];
    const model = await OnnxBoostedModel.fromXGBoostJson(fixtureText(`xgboost/${name}.json`));
    const data = { x: fixture?.rows ?? [], y: syntheticLabels(name, fixture?.predict ?? []) };
    const result = tuneRounds(model, data, metric);
    expect(result.values).toHaveLength(6);
    for (let rounds = 1; rounds <= 6; rounds++) {
      const truncated = await model.withRounds(rounds);
      expect(result.values[rounds - 1]).toBeCloseTo(evaluateMetric(metric, data.y, await truncated.predict(data.x)), 9);
    }
    const best = Math.min(...result.values);
    expect(result.bestValue).toBe(best);
    expect(result.bestRounds).toBe(result.values.indexOf(best) + 1);
  });
});

/** Labels for a fixture's rows: XGBoost's own predictions rounded (the tests need only some labels). */
function syntheticLabels(name: string, predict: number[] | number[][]): number[] {
  if (name.startsWith('multi_')) return (predict as number[][]).map((row) => row.indexOf(Math.max(...row)));
  if (name.startsWith('binary_')) return (predict as number[]).map((p, index) => (index % 5 === 0 ? 1 - Math.round(p) : Math.round(p)));
  return (predict as number[]).map((value, index) => value + (index % 3) - 1);
}

function bruteForce(scores: number[], labels: number[], metric: ThresholdMetric): number {
  const candidates = [...new Set([-1, 2, ...scores])];
  let best = Number.NEGATIVE_INFINITY;
  for (const threshold of candidates) {
    let tp = 0;
    let fp = 0;
    let tn = 0;
    let fn = 0;
    scores.forEach((score, index) => {
      const predicted = score > threshold;
      const actual = labels[index] === 1;
      if (predicted && actual) tp++;
      else if (predicted) fp++;
      else if (actual) fn++;
      else tn++;
    });
    const value =
      metric === 'accuracy' ? (tp + tn) / scores.length
      : metric === 'f1' ? (tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn))
      : metric === 'balanced_accuracy' ? (tp / (tp + fn) + tn / (tn + fp)) / 2
      : metric === 'youden' ? tp / (tp + fn) - fp / (tn + fp)
      : (() => {
          const d = Math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn));
          return d === 0 ? 0 : (tp * tn - fp * fn) / d;
        })();
    best = Math.max(best, value);
  }
  return best;
}

describe('tuneThreshold (decision threshold, no retraining)', () => {
  it('finds the best achievable value for every metric (checked by brute force)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 1 })), { minLength: 2, maxLength: 30 }),
        fc.constantFrom<ThresholdMetric>('accuracy', 'f1', 'balanced_accuracy', 'mcc', 'youden'),
        (rows, metric) => {
          const scores = rows.map(([score]) => score / 20);
          const labels = rows.map(([, label]) => label);
          if (!labels.includes(0) || !labels.includes(1)) return;
          const result = tuneThreshold(scores, labels, metric);
          expect(result.value).toBeCloseTo(bruteForce(scores, labels, metric), 12);
          // The threshold reproduces the value it reports.
          expect(bruteForce(scores.map((score) => (score > result.threshold ? 1 : 0)), labels, metric)).toBeGreaterThanOrEqual(result.value - 1e-12);
        },
      ),
    );
  });

  it('accepts [1 - p, p] pairs and separates the classes at a gap midpoint', () => {
    const result = tuneThreshold([0.9, 0.1, 0.8, 0.2, 0.3, 0.7, 0.6, 0.4], [0, 0, 1, 1], 'accuracy');
    expect(result.value).toBe(1);
    expect(result.threshold).toBeCloseTo(0.3, 12); // p = [0.1, 0.2, 0.7, 0.4]: between 0.2 and 0.4
    expect(() => tuneThreshold([0.2], [2])).toThrow(/0 or 1/);
    expect(() => tuneThreshold([0.2, 0.3, 0.4], [1])).toThrow(/one score per label/);
  });
});
