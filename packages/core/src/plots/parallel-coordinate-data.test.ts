import { describe, expect, it } from 'vitest';
import { act, depth, dropout, generatedTrials, lr, trialsOf } from './__fixtures__/plot-trials.js';
import { getParallelCoordinateData } from './parallel-coordinate-data.js';

describe('getParallelCoordinateData', () => {
  const trials = trialsOf([
    { value: 0.5, params: { lr: 1e-3, depth: 2, act: 'relu' }, distributions: { lr, depth, act } },
    { value: 0.2, params: { lr: 1e-2, depth: 5, act: null, dropout: 0.1 }, distributions: { lr, depth, act, dropout } },
    { state: 'pruned', params: { lr: 1e-4, depth: 1, act: 'tanh' }, distributions: { lr, depth, act } },
    { value: 0.9, params: { lr: 1e-5, depth: 8, act: 'tanh' }, distributions: { lr, depth, act } },
  ]);

  it('has an axis per shared parameter (log, linear, categorical) and a line per complete trial', () => {
    const data = getParallelCoordinateData(trials, ['minimize']);
    expect(data.params).toEqual([
      { name: 'lr', scale: 'log', low: 1e-5, high: 1e-1, integer: false },
      { name: 'depth', scale: 'linear', low: 1, high: 8, integer: true },
      { name: 'act', scale: 'categorical', categories: ['relu', 'tanh', 'null'] },
    ]);
    expect(data.omittedParams).toEqual(['dropout']);
    expect(data.lines.map((line) => [line.number, line.value, line.params])).toEqual([
      [0, 0.5, [1e-3, 2, 'relu']],
      [1, 0.2, [1e-2, 5, 'null']],
      [3, 0.9, [1e-5, 8, 'tanh']],
    ]);
    expect(data.valueRange).toEqual([0.2, 0.9]);
    expect(data).toMatchObject({ totalLines: 3, skipped: 0 });
  });

  it('leaves out trials lacking a requested parameter, as Optuna does', () => {
    const data = getParallelCoordinateData(trials, ['minimize'], { params: ['dropout', 'lr'] });
    expect(data.params.map((axis) => axis.name)).toEqual(['dropout', 'lr']);
    expect(data.lines.map((line) => line.number)).toEqual([1]);
    expect(data).toMatchObject({ totalLines: 1, skipped: 2 });
  });

  it('samples down to maxLines and always keeps the top-k trials', () => {
    const many = generatedTrials(3000);
    const data = getParallelCoordinateData(many, ['minimize'], { maxLines: 200, topK: 20 });
    expect(data.lines).toHaveLength(200);
    const scored = many.filter((trial) => trial.state === 'complete').sort((a, b) => (a.values?.[0] as number) - (b.values?.[0] as number));
    expect(data.totalLines).toBe(scored.length);
    const best20 = scored.slice(0, 20).map((trial) => trial.number);
    const tops = data.lines.filter((line) => line.top).map((line) => line.number);
    expect(tops.sort((a, b) => a - b)).toEqual(best20.sort((a, b) => a - b));
    // The others are spread over the whole study, not only its beginning.
    const others = data.lines.filter((line) => !line.top).map((line) => line.number);
    expect(Math.max(...others)).toBeGreaterThan(2500);
    expect(Math.min(...others)).toBeLessThan(100);
    // The value range still covers every eligible trial.
    expect(data.valueRange).toEqual([scored[0]?.values?.[0], scored[scored.length - 1]?.values?.[0]]);
  });

  it('ranks by the study direction when maximising', () => {
    const data = getParallelCoordinateData(trials, ['maximize'], { maxLines: 2, topK: 1 });
    expect(data.lines.find((line) => line.top)?.number).toBe(3);
    expect(data.lines).toHaveLength(2);
  });
});
