import { describe, expect, it } from 'vitest';
import { categoricalDistribution, floatDistribution, intDistribution } from '../distributions/distribution-factories.js';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { fakeStudy, randomTrials } from './__fixtures__/random-study.js';
import { getParamImportances } from './get-param-importances.js';
import { PedAnovaImportanceEvaluator } from './ped-anova-importance-evaluator.js';

const num = (value: unknown) => value as number;
const SPACE = {
  x0: floatDistribution(-5, 5),
  x1: floatDistribution(-5, 5),
  lr: floatDistribution(1e-5, 1, { log: true }),
  units: intDistribution(16, 256, { step: 16 }),
  act: categoricalDistribution(['relu', 'tanh', 'gelu']),
};

describe('PedAnovaImportanceEvaluator', () => {
  it('ranks the decisive parameter first', async () => {
    const trials = randomTrials(SPACE, 300, (p) => (num(p.x0) - 1) ** 2 + 0.01 * num(p.x1), 1);
    const importances = await getParamImportances(fakeStudy(trials), { evaluator: new PedAnovaImportanceEvaluator() });
    expect(Object.keys(importances)[0]).toBe('x0');
    expect(importances.x0).toBeGreaterThan(0.5);
  });

  it('ranks a decisive log parameter and a decisive categorical first', async () => {
    const logTrials = randomTrials(SPACE, 300, (p) => (Math.log10(num(p.lr)) + 3) ** 2, 2);
    expect(Object.keys(await getParamImportances(fakeStudy(logTrials), { evaluator: new PedAnovaImportanceEvaluator() }))[0]).toBe('lr');
    const catTrials = randomTrials(SPACE, 300, (p) => (p.act === 'gelu' ? 0 : 1), 3);
    expect(Object.keys(await getParamImportances(fakeStudy(catTrials), { evaluator: new PedAnovaImportanceEvaluator() }))[0]).toBe('act');
  });

  it('follows the direction: maximising the same values rates other parameters', async () => {
    // Low values need x0 near 0; high values need x1 near 5.
    const trials = randomTrials(SPACE, 300, (p) => Math.abs(num(p.x0)) * 10 + (num(p.x1) > 4 ? 1000 : 0), 4);
    const minimize = await getParamImportances(fakeStudy(trials, ['minimize']), { evaluator: new PedAnovaImportanceEvaluator() });
    const maximize = await getParamImportances(fakeStudy(trials, ['maximize']), { evaluator: new PedAnovaImportanceEvaluator() });
    expect(Object.keys(minimize)[0]).toBe('x0');
    expect(Object.keys(maximize)[0]).toBe('x1');
  });

  it('gives equal shares when every trial is a top trial', async () => {
    const trials = randomTrials(SPACE, 50, (p) => num(p.x0), 5);
    const importances = await getParamImportances(fakeStudy(trials), { evaluator: new PedAnovaImportanceEvaluator({ targetQuantile: 1 }) });
    for (const value of Object.values(importances)) expect(value).toBeCloseTo(1 / 5, 12);
  });

  it('compares with the whole space when evaluateOnLocal is false, and within a region when regionQuantile < 1', async () => {
    const trials = randomTrials(SPACE, 300, (p) => (num(p.x0) - 1) ** 2 + 0.5 * (num(p.x1) + 2) ** 2, 6);
    const global = await getParamImportances(fakeStudy(trials), { evaluator: new PedAnovaImportanceEvaluator({ evaluateOnLocal: false }) });
    expect(Object.keys(global).slice(0, 2).sort()).toEqual(['x0', 'x1']);
    const regional = await getParamImportances(fakeStudy(trials), { evaluator: new PedAnovaImportanceEvaluator({ targetQuantile: 0.05, regionQuantile: 0.3 }) });
    expect(Object.keys(regional).slice(0, 2).sort()).toEqual(['x0', 'x1']);
    expect(regional).not.toEqual(await getParamImportances(fakeStudy(trials), { evaluator: new PedAnovaImportanceEvaluator({ targetQuantile: 0.05 }) }));
  });

  it("accepts Optuna's baselineQuantile as the target quantile", () => {
    expect(new PedAnovaImportanceEvaluator({ baselineQuantile: 0.2 }).targetQuantile).toBe(0.2);
    expect(() => new PedAnovaImportanceEvaluator({ baselineQuantile: 0.2, targetQuantile: 0.3 })).toThrow(/baselineQuantile/);
  });

  it('rejects bad quantiles, naming the option', () => {
    expect(() => new PedAnovaImportanceEvaluator({ targetQuantile: 1.5 })).toThrow(InvalidArgumentError);
    expect(() => new PedAnovaImportanceEvaluator({ targetQuantile: Number.NaN })).toThrow(/targetQuantile/);
    expect(() => new PedAnovaImportanceEvaluator({ targetQuantile: 0.5, regionQuantile: 0.2 })).toThrow(/regionQuantile/);
    expect(() => new PedAnovaImportanceEvaluator({ regionQuantile: 0.5, evaluateOnLocal: false })).toThrow(/evaluateOnLocal is false/);
  });
});
