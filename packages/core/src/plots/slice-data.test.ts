import { describe, expect, it } from 'vitest';
import { act, generatedTrials, lr, trialsOf } from './__fixtures__/plot-trials.js';
import { getSliceData } from './slice-data.js';

describe('getSliceData', () => {
  it('plots each parameter against the objective, with choice labels on categorical axes', () => {
    const trials = trialsOf([
      { value: 3, params: { lr: 1e-3, act: 'relu' }, distributions: { lr, act } },
      { state: 'fail', params: { lr: 1e-2 }, distributions: { lr } },
      { value: 1, params: { lr: 1e-2 }, distributions: { lr } },
      { value: 2, params: { act: null }, distributions: { act } },
    ]);
    const data = getSliceData(trials, ['minimize']);
    expect(data.params.map((param) => [param.axis.name, param.axis.scale, param.total])).toEqual([
      ['lr', 'log', 2],
      ['act', 'categorical', 2],
    ]);
    expect(data.params[0]?.points).toEqual([{ x: 1e-3, value: 3, number: 0 }, { x: 1e-2, value: 1, number: 2 }]);
    expect(data.params[1]?.points).toEqual([{ x: 'relu', value: 3, number: 0 }, { x: 'null', value: 2, number: 3 }]);
    expect(getSliceData(trials, ['minimize'], { params: ['act'] }).params.map((param) => param.axis.name)).toEqual(['act']);
  });

  it('samples down to maxPoints per parameter, keeping the best trials', () => {
    const many = generatedTrials(2000);
    const data = getSliceData(many, ['minimize'], { maxPoints: 100, topK: 10 });
    const best = many.filter((trial) => trial.state === 'complete').sort((a, b) => (a.values?.[0] as number) - (b.values?.[0] as number))[0];
    for (const param of data.params) {
      expect(param.points).toHaveLength(100);
      expect(param.total).toBeGreaterThan(1000);
      expect(param.points.some((point) => point.number === best?.number)).toBe(true);
    }
  });
});
