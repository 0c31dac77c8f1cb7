import { describe, expect, it } from 'vitest';
import { categoricalDistribution, floatDistribution } from '../distributions/distribution-factories.js';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { fakeStudy, randomTrials } from './__fixtures__/random-study.js';
import { getParamImportances } from './get-param-importances.js';
import { MeanDecreaseImpurityImportanceEvaluator } from './mean-decrease-impurity-importance-evaluator.js';

const num = (value: unknown) => value as number;
const SPACE = { x0: floatDistribution(0, 1), x1: floatDistribution(0, 1), x2: floatDistribution(0, 1), kind: categoricalDistribution(['a', 'b', 'c']) };

describe('MeanDecreaseImpurityImportanceEvaluator', () => {
  it('credits the splits that remove the error: 10·x0 + x1 puts x0 far ahead', async () => {
    const trials = randomTrials(SPACE, 300, (p) => 10 * num(p.x0) + num(p.x1), 1);
    const importances = await getParamImportances(fakeStudy(trials), { evaluator: new MeanDecreaseImpurityImportanceEvaluator({ seed: 0 }) });
    expect(Object.keys(importances)[0]).toBe('x0');
    expect(importances.x0).toBeGreaterThan(0.9);
    expect(importances.x1).toBeGreaterThan(importances.x2 as number);
  });

  it('returns per-tree shares that sum to 1 before normalising, and is reproducible with a seed', async () => {
    const trials = randomTrials(SPACE, 100, (p) => (p.kind === 'b' ? 3 : 0) + num(p.x2), 2);
    const run = () => getParamImportances(fakeStudy(trials), { evaluator: new MeanDecreaseImpurityImportanceEvaluator({ seed: 4, nTrees: 16 }), normalize: false });
    const raw = await run();
    expect(Object.keys(raw)[0]).toBe('kind');
    expect(Object.values(raw).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
    expect(await run()).toEqual(raw);
  });

  it('rejects a constant target and bad options', async () => {
    await expect(getParamImportances(fakeStudy(randomTrials(SPACE, 10, () => 2, 3)), { evaluator: new MeanDecreaseImpurityImportanceEvaluator({ seed: 0 }) })).rejects.toThrow(InvalidArgumentError);
    expect(() => new MeanDecreaseImpurityImportanceEvaluator({ nTrees: 0 })).toThrow(/nTrees/);
  });
});
