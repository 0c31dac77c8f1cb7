import { describe, expect, it } from 'vitest';
import { categoricalDistribution, floatDistribution, intDistribution } from '../distributions/distribution-factories.js';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { fakeStudy, randomTrials } from './__fixtures__/random-study.js';
import { FanovaImportanceEvaluator } from './fanova-importance-evaluator.js';
import { getParamImportances } from './get-param-importances.js';

const UNIT = { x0: floatDistribution(0, 1), x1: floatDistribution(0, 1), x2: floatDistribution(0, 1) };
const num = (value: unknown) => value as number;

describe('FanovaImportanceEvaluator', () => {
  it('rates f = 10·x0 + x1 + 0·x2 as its variance shares: 100/101, 1/101, 0', async () => {
    const trials = randomTrials(UNIT, 300, (p) => 10 * num(p.x0) + num(p.x1), 1);
    const importances = await getParamImportances(fakeStudy(trials), { evaluator: new FanovaImportanceEvaluator({ seed: 0 }) });
    expect(Object.keys(importances)).toEqual(['x0', 'x1', 'x2']);
    expect(importances.x0).toBeCloseTo(100 / 101, 1);
    expect(Math.abs(num(importances.x0) - 100 / 101)).toBeLessThan(0.05);
    expect(importances.x2).toBeLessThan(0.01);
  });

  it('returns raw variance fractions when not normalised: an additive target sums to about 1', async () => {
    const trials = randomTrials(UNIT, 300, (p) => 3 * num(p.x0) + 2 * num(p.x1), 2);
    const raw = await getParamImportances(fakeStudy(trials), { evaluator: new FanovaImportanceEvaluator({ seed: 0 }), normalize: false });
    const total = Object.values(raw).reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(0.85);
    expect(total).toBeLessThanOrEqual(1.0001);
    expect(num(raw.x0) / num(raw.x1)).toBeGreaterThan(1.5);
  });

  it('finds small main effects for an interaction-only target x0·x1', async () => {
    const space = { x0: floatDistribution(-1, 1), x1: floatDistribution(-1, 1) };
    const trials = randomTrials(space, 400, (p) => num(p.x0) * num(p.x1), 3);
    const raw = await getParamImportances(fakeStudy(trials), { evaluator: new FanovaImportanceEvaluator({ seed: 0 }), normalize: false });
    expect(raw.x0).toBeLessThan(0.15);
    expect(raw.x1).toBeLessThan(0.15);
  });

  it('finds a dominating categorical, splitting its choices as categories', async () => {
    const offsets: Record<string, number> = { a: 0, b: 5, c: 0, d: 5 };
    const space = { kind: categoricalDistribution(['a', 'b', 'c', 'd']), x: floatDistribution(0, 1) };
    const trials = randomTrials(space, 200, (p) => num(offsets[p.kind as string]) + 0.5 * num(p.x), 4);
    const importances = await getParamImportances(fakeStudy(trials), { evaluator: new FanovaImportanceEvaluator({ seed: 1 }) });
    expect(Object.keys(importances)[0]).toBe('kind');
    expect(importances.kind).toBeGreaterThan(0.95);
  });

  it('models log parameters in log space: log10(lr) and a linear x of equal variance share equally', async () => {
    // log10(lr) is uniform on [−5, −1] under log sampling, as x is on [0, 4]: equal main effects.
    const space = { lr: floatDistribution(1e-5, 1e-1, { log: true }), x: floatDistribution(0, 4), n: intDistribution(1, 1024, { log: true }) };
    const trials = randomTrials(space, 400, (p) => Math.log10(num(p.lr)) + num(p.x) + 0.001 * Math.log2(num(p.n)), 5);
    const importances = await getParamImportances(fakeStudy(trials), { evaluator: new FanovaImportanceEvaluator({ seed: 0 }) });
    expect(Math.abs(num(importances.lr) - 0.5)).toBeLessThan(0.07);
    expect(Math.abs(num(importances.x) - 0.5)).toBeLessThan(0.07);
    expect(importances.n).toBeLessThan(0.02);
  });

  it('is reproducible with a seed, and the seed matters', async () => {
    const trials = randomTrials(UNIT, 80, (p) => Math.sin(5 * num(p.x0)) + num(p.x1) * num(p.x2), 6);
    const run = (seed: number) => getParamImportances(fakeStudy(trials), { evaluator: new FanovaImportanceEvaluator({ seed, nTrees: 16 }) });
    expect(await run(3)).toEqual(await run(3));
    expect(await run(4)).not.toEqual(await run(3));
  });

  it('says a constant target has nothing to explain', async () => {
    const trials = randomTrials(UNIT, 20, () => 1, 7);
    await expect(getParamImportances(fakeStudy(trials), { evaluator: new FanovaImportanceEvaluator({ seed: 0 }) })).rejects.toThrow(/Invalid target: expected target values that vary/);
  });

  it('rejects bad options, naming them', () => {
    expect(() => new FanovaImportanceEvaluator({ nTrees: 0 })).toThrow(InvalidArgumentError);
    expect(() => new FanovaImportanceEvaluator({ maxDepth: -1 })).toThrow(/maxDepth/);
    expect(() => new FanovaImportanceEvaluator({ seed: Number.POSITIVE_INFINITY })).toThrow(/seed/);
  });
});
