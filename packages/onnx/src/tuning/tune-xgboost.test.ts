import { describe, expect, it } from 'vitest';
import { createStudy, NopPruner } from '@tunekit/core';
import { xgboostCli, XGBOOST_CLI } from '../__fixtures__/system-requirements.js';
import { syntheticBinary } from '../__fixtures__/trial-doubles.js';
import { evaluateMetric } from '../metrics/evaluate-metric.js';
import { tuneXGBoost } from './tune-xgboost.js';

const cli = xgboostCli();
const train = syntheticBinary(11, 300);
const valid = syntheticBinary(12, 120);

describe('tuneXGBoost (real XGBoost CLI)', () => {
  it.skipIf(!cli.available)('tunes, records each trial and returns the best model evaluated in Node', async () => {
    const result = await tuneXGBoost({
      train,
      valid,
      task: 'binary',
      metric: 'auc',
      nTrials: 4,
      seed: 3,
      pruner: new NopPruner(),
      searchSpace: (trial) => ({ eta: trial.suggestFloat('eta', 0.05, 0.5, { log: true }), max_depth: trial.suggestInt('max_depth', 2, 5), num_round: trial.suggestInt('num_round', 5, 30) }),
      trainerOptions: { xgboostPath: XGBOOST_CLI },
    });
    expect(result.study.direction).toBe('maximize');
    expect(result.study.trials.map((trial) => trial.state)).toEqual(['complete', 'complete', 'complete', 'complete']);
    expect(result.bestValue).toBe(result.study.bestValue);
    expect(result.bestValue).toBeGreaterThan(0.7);
    expect(evaluateMetric('auc', valid.y, await result.model.predict(valid.x))).toBe(result.bestValue);
    expect(result.model.nRounds).toBe(result.bestRound + 1);
    const attrs = result.bestTrial.userAttrs;
    expect(attrs.best_round).toBe(result.bestRound);
    expect(attrs.xgboost_valid_auc).toBeCloseTo(result.bestValue, 9);
    for (const trial of result.study.trials) expect(trial.intermediateValues.size).toBe(trial.params.num_round);
    await result.model.dispose();
  });

  it('checks its options before training anything', async () => {
    await expect(tuneXGBoost({ train, valid, task: 'ranking' as 'binary', nTrials: 1 })).rejects.toThrow(/task/);
    await expect(tuneXGBoost({ train, valid, task: 'binary', metric: 'ndcg' as 'auc', nTrials: 1 })).rejects.toThrow(/metric/);
    await expect(tuneXGBoost({ train, valid, task: 'binary', nTrials: 0 })).rejects.toThrow(/nTrials/);
    await expect(tuneXGBoost({ train: { x: train.x, y: [1] }, valid, task: 'binary', nTrials: 1 })).rejects.toThrow(/train\.x/);
    const minimize = await createStudy({ direction: 'minimize' });
    await expect(tuneXGBoost({ train, valid, task: 'binary', metric: 'auc', nTrials: 1, study: minimize })).rejects.toThrow(/maximize/);
  });
});
