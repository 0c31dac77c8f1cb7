import { describe, expect, it } from 'vitest';
import { generatedTrials, trialsOf } from './__fixtures__/plot-trials.js';
import { getIntermediateValuesData } from './intermediate-values-data.js';

describe('getIntermediateValuesData', () => {
  it('draws a line per reporting trial and marks where pruned trials stopped', () => {
    const trials = trialsOf([
      { value: 0.3, intermediateValues: [0.9, 0.5, 0.3] },
      { state: 'pruned', intermediateValues: [[0, 1.2], [2, 1.1]] },
      { state: 'running', intermediateValues: [0.8, Number.NaN, 0.7] },
      { value: 0.4 },
      { state: 'pruned', intermediateValues: new Map([[0, [2, 9]], [1, [1.5, 9]]]) },
    ]);
    const data = getIntermediateValuesData(trials, ['minimize']);
    expect(data.lines.map((line) => [line.number, line.state, line.points, line.totalSteps])).toEqual([
      [0, 'complete', [[0, 0.9], [1, 0.5], [2, 0.3]], 3],
      [1, 'pruned', [[0, 1.2], [2, 1.1]], 2],
      [2, 'running', [[0, 0.8], [2, 0.7]], 2],
      [4, 'pruned', [[0, 2], [1, 1.5]], 2],
    ]);
    expect(data.lines.find((line) => line.top)?.number).toBe(0);
    expect(data.prunedMarks).toEqual([{ number: 1, step: 2, value: 1.1 }, { number: 4, step: 1, value: 1.5 }]);
    expect(data).toMatchObject({ totalLines: 4, totalPruned: 2 });
  });

  it('caps lines and points for thousands of trials, keeping the best and a fair share of pruned ones', () => {
    const many = generatedTrials(10_000);
    const data = getIntermediateValuesData(many, ['minimize'], { maxLines: 100, topK: 10, maxPointsPerLine: 4 });
    expect(data.lines).toHaveLength(100);
    const best = many.filter((trial) => trial.state === 'complete').sort((a, b) => (a.values?.[0] as number) - (b.values?.[0] as number)).slice(0, 10);
    expect(data.lines.filter((line) => line.top).map((line) => line.number).sort((a, b) => a - b)).toEqual(best.map((trial) => trial.number).sort((a, b) => a - b));
    const pruned = data.lines.filter((line) => line.state === 'pruned').length;
    expect(pruned).toBeGreaterThanOrEqual(45);
    for (const line of data.lines) {
      expect(line.points.length).toBeLessThanOrEqual(4);
      // Thinning keeps the last step: where a pruned trial stopped.
      const original = many[line.number]?.intermediateValues;
      expect(line.points[line.points.length - 1]?.[0]).toBe(Math.max(...(original?.keys() ?? [])));
    }
    expect(data.totalPruned).toBe(many.filter((trial) => trial.state === 'pruned').length);
    expect(data.prunedMarks).toHaveLength(Math.min(2000, data.totalPruned));
  });
});
