import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateMetric, logGamma, metricDirection, rocAuc } from './evaluate-metric.js';

/** AUC by its definition: the share of (positive, negative) pairs ordered correctly, ties half. */
function pairwiseAuc(labels: number[], scores: number[]): number {
  let wins = 0;
  let pairs = 0;
  labels.forEach((label, i) => {
    if (label !== 1) return;
    labels.forEach((other, j) => {
      if (other !== 0) return;
      pairs++;
      wins += (scores[i] as number) > (scores[j] as number) ? 1 : scores[i] === scores[j] ? 0.5 : 0;
    });
  });
  return wins / pairs;
}

describe('metrics', () => {
  it('rocAuc equals the pairwise definition, ties included', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 5 })), { minLength: 2, maxLength: 40 }), (rows) => {
        const labels = rows.map(([label]) => label);
        const scores = rows.map(([, score]) => score / 5);
        if (!labels.includes(0) || !labels.includes(1)) return;
        expect(rocAuc(labels, scores)).toBeCloseTo(pairwiseAuc(labels, scores), 12);
      }),
    );
    expect(rocAuc([1, 1], [0.2, 0.4])).toBeNaN();
  });

  it('computes XGBoost definitions on small hand-checked cases', () => {
    expect(evaluateMetric('logloss', [1, 0], [0.8, 0.4])).toBeCloseTo(-(Math.log(0.8) + Math.log(0.6)) / 2, 12);
    // Binary classifier output as [1 - p, p] reads p.
    expect(evaluateMetric('logloss', [1, 0], [0.2, 0.8, 0.6, 0.4])).toBeCloseTo(-(Math.log(0.8) + Math.log(0.6)) / 2, 12);
    expect(evaluateMetric('error', [1, 0, 1], [0.8, 0.4, 0.5])).toBeCloseTo(1 / 3, 12); // 0.5 is not > 0.5
    expect(evaluateMetric('auc', [1, 0, 1, 0], [0.9, 0.1, 0.4, 0.6])).toBeCloseTo(0.75, 12);
    expect(evaluateMetric('rmse', [1, 2], [2, 4])).toBeCloseTo(Math.sqrt(2.5), 12);
    expect(evaluateMetric('mae', [1, 2], [2, 4])).toBeCloseTo(1.5, 12);
    expect(evaluateMetric('mlogloss', [0, 2], [0.5, 0.3, 0.2, 0.1, 0.1, 0.8])).toBeCloseTo(-(Math.log(0.5) + Math.log(0.8)) / 2, 12);
    expect(evaluateMetric('merror', [0, 2], [0.5, 0.3, 0.2, 0.1, 0.8, 0.1])).toBeCloseTo(0.5, 12);
    expect(evaluateMetric('poisson-nloglik', [2], [1.5])).toBeCloseTo(Math.log(2) + 1.5 - Math.log(1.5) * 2, 12);
    expect(evaluateMetric('logloss', [1], [0])).toBeCloseTo(-Math.log(1e-16), 6);
    expect(() => evaluateMetric('mlogloss', [3], [0.5, 0.5])).toThrow(/class index/);
    expect(() => evaluateMetric('logloss', [1, 0], [0.5, 0.5, 0.5])).toThrow(/whole number/);
  });

  it('logGamma matches known values', () => {
    expect(logGamma(1)).toBeCloseTo(0, 12);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
    expect(logGamma(101)).toBeCloseTo(363.73937555556347, 8);
  });

  it('knows which metrics are maximised', () => {
    expect(['auc', 'aucpr', 'ndcg@5', 'map'].map(metricDirection)).toEqual(['maximize', 'maximize', 'maximize', 'maximize']);
    expect(['logloss', 'error', 'rmse', 'mlogloss', 'error@0.7'].map(metricDirection)).toEqual(['minimize', 'minimize', 'minimize', 'minimize', 'minimize']);
  });
});
