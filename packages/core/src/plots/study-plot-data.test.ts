import { describe, expect, it } from 'vitest';
import { act, depth, generatedTrials, lr, trialsOf } from './__fixtures__/plot-trials.js';
import { getStudyPlotData } from './study-plot-data.js';
import { getStudySummaryData } from './study-summary-data.js';

const T0 = Date.UTC(2024, 0, 1);

describe('getStudySummaryData', () => {
  it('counts states, finds the best trial and the duration', () => {
    const trials = trialsOf([
      { value: 2, params: { lr: 1e-3 }, distributions: { lr } },
      { value: 1, params: { lr: 1e-2, act: 'relu' }, distributions: { lr, act } },
      { state: 'pruned' },
      { state: 'fail' },
      { state: 'running' },
      { state: 'waiting' },
      { value: 1 },
    ]);
    const summary = getStudySummaryData(trials, ['minimize']);
    expect(summary.states).toEqual({ complete: 3, pruned: 1, fail: 1, running: 1, waiting: 1 });
    expect(summary.nTrials).toBe(7);
    expect(summary.best).toEqual({ number: 1, values: [1], params: { lr: 1e-2, act: 'relu' } });
    expect(summary.start).toBe(T0);
    expect(summary.end).toBe(T0 + 6500);
    expect(summary.durationMs).toBe(6500);
    expect(summary.params.map((param) => param.name)).toEqual(['lr', 'act']);
    expect(summary.paretoNumbers).toEqual([]);
  });

  it('lists the Pareto front of a multi-objective study', () => {
    const summary = getStudySummaryData(trialsOf([{ values: [1, 2] }, { values: [2, 1] }, { values: [3, 3] }], 2), ['minimize', 'minimize']);
    expect(summary.best).toBeUndefined();
    expect(summary.paretoNumbers).toEqual([0, 1]);
  });
});

describe('getStudyPlotData', () => {
  it('computes every plot, JSON-ready', () => {
    const trials = generatedTrials(300);
    const data = getStudyPlotData(trials, ['minimize']);
    expect(JSON.parse(JSON.stringify(data))).toEqual(data);
    expect(data.history).toHaveLength(1);
    expect(data.edf).toHaveLength(1);
    expect(data.parallelCoordinate.params.map((axis) => axis.name)).toEqual(['lr', 'depth', 'act']);
    expect(data.contours.map((contour) => [contour.x.axis.name, contour.y.axis.name])).toEqual([['lr', 'depth'], ['lr', 'act'], ['depth', 'act']]);
    expect(data.importance.available).toBe(false);
    expect(data.paretoFront.available).toBe(false);
    expect(data.intermediateValues.lines.length).toBeGreaterThan(100);
    expect(data.timeline.bars).toHaveLength(300);
    expect(data.summary.nTrials).toBe(300);
  });

  it('orders contour pairs by importance when importances are given', () => {
    const data = getStudyPlotData(generatedTrials(50), ['minimize'], { importances: { lr: 0.1, depth: 0.2, act: 0.7 }, importanceEvaluator: 'test', contourParams: 2 });
    expect(data.importance).toMatchObject({ available: true, evaluator: 'test', importances: [{ name: 'act' }, { name: 'depth' }, { name: 'lr' }] });
    expect(data.contours.map((contour) => [contour.x.axis.name, contour.y.axis.name])).toEqual([['act', 'depth']]);
  });

  it('stays bounded for 10,000 trials', () => {
    const data = getStudyPlotData(generatedTrials(10_000), ['minimize']);
    expect(data.parallelCoordinate.lines.length).toBeLessThanOrEqual(500);
    expect(data.intermediateValues.lines.length).toBeLessThanOrEqual(300);
    expect(data.timeline.bars.length).toBeLessThanOrEqual(3000);
    expect(data.edf[0]?.points.length).toBeLessThanOrEqual(1000);
    for (const param of data.slice.params) expect(param.points.length).toBeLessThanOrEqual(2000);
    expect(JSON.stringify(data).length).toBeLessThan(3_000_000);
    expect(data.summary.nTrials).toBe(10_000);
  });

  it('handles a multi-objective study', () => {
    const trials = trialsOf([{ values: [1, 2], params: { depth: 2 }, distributions: { depth } }, { values: [2, 1], params: { depth: 3 }, distributions: { depth } }], 2);
    const data = getStudyPlotData(trials, ['minimize', 'minimize']);
    expect(data.history.map((history) => history.objective)).toEqual([0, 1]);
    expect(data.paretoFront).toMatchObject({ available: true, front: [{ number: 0 }, { number: 1 }] });
  });
});

describe('getStudyPlotData contours', () => {
  it('pairs conditional parameters too, over the trials that have both', () => {
    const trials = trialsOf([
      { value: 1, params: { lr: 1e-3, act: 'relu' }, distributions: { lr, act } },
      { value: 2, params: { lr: 1e-2 }, distributions: { lr } },
      { value: 3, params: { lr: 1e-4, act: 'tanh' }, distributions: { lr, act } },
    ]);
    const data = getStudyPlotData(trials, ['minimize']);
    expect(data.parallelCoordinate.params.map((axis) => axis.name)).toEqual(['lr']);
    expect(data.contours.map((contour) => [contour.x.axis.name, contour.y.axis.name, contour.total])).toEqual([['lr', 'act', 2]]);
  });
});
