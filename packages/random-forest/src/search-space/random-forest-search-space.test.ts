import { categoricalDistribution, createStudy, floatDistribution, intDistribution, RandomSampler, type Trial } from '@tunekit/core';
import { describe, expect, it } from 'vitest';
import { checkSearchSpace, defaultSearchSpace, suggestParams, type SearchSpaceInput } from './random-forest-search-space.js';

async function drawMany(space: SearchSpaceInput | undefined, task: 'classification' | 'regression' = 'classification', engine: 'fast' | 'ml-random-forest' = 'fast', n = 40) {
  const study = await createStudy({ sampler: new RandomSampler({ seed: 1 }) });
  const drawn: { params: ReturnType<typeof suggestParams>; trial: Trial }[] = [];
  for (let i = 0; i < n; i++) {
    const trial = await study.ask();
    drawn.push({ params: suggestParams(trial, space, task, engine), trial });
    await study.tell(trial, 0);
  }
  return drawn;
}

describe('the default search space', () => {
  it('covers trees, depth, features (fraction, sqrt, log2), leaf and split sizes, bootstrap, criterion', async () => {
    const drawn = await drawMany(undefined);
    const values = (key: keyof (typeof drawn)[number]['params']) => new Set(drawn.map((d) => d.params[key]));
    for (const { params, trial } of drawn) {
      expect(params.nEstimators).toBeGreaterThanOrEqual(10);
      expect(params.nEstimators).toBeLessThanOrEqual(300);
      expect(params.maxDepth).toBeGreaterThanOrEqual(2);
      expect(params.maxDepth).toBeLessThanOrEqual(32);
      expect(params.minSamplesLeaf).toBeLessThanOrEqual(20);
      expect(params.minSamplesSplit).toBeGreaterThanOrEqual(2);
      if (typeof params.maxFeatures === 'number') {
        expect(trial.params.maxFeatures).toBe('fraction');
        expect(params.maxFeatures).toBe(trial.params.maxFeaturesFraction);
        expect(params.maxFeatures).toBeGreaterThanOrEqual(0.1);
      } else expect(trial.params.maxFeaturesFraction).toBeUndefined();
    }
    expect([...values('maxFeatures')].some((v) => v === 'sqrt')).toBe(true);
    expect([...values('maxFeatures')].some((v) => v === 'log2')).toBe(true);
    expect(values('bootstrap')).toEqual(new Set([true, false]));
    expect(values('criterion')).toEqual(new Set(['gini', 'entropy']));
  });

  it('fixes what does not apply: mse for regression; gini and leaf size 1 for ml-random-forest', async () => {
    expect(defaultSearchSpace('regression').criterion).toBe('mse');
    for (const { params, trial } of await drawMany(undefined, 'classification', 'ml-random-forest', 10)) {
      expect(params.criterion).toBe('gini');
      expect(params.minSamplesLeaf).toBe(1);
      expect(trial.params.criterion).toBeUndefined(); // not a search dimension
    }
  });
});

describe('overrides', () => {
  it('per parameter: a fixed value (null included), a distribution, or a function of the trial', async () => {
    const drawn = await drawMany({
      nEstimators: 25,
      maxDepth: null,
      maxFeatures: floatDistribution(0.2, 0.4),
      minSamplesLeaf: intDistribution(3, 4),
      bootstrap: (trial) => trial.suggestInt('bag', 0, 1) === 1,
      criterion: categoricalDistribution(['entropy']),
    });
    for (const { params, trial } of drawn) {
      expect(params).toMatchObject({ nEstimators: 25, maxDepth: null, criterion: 'entropy' });
      expect(params.maxFeatures).toBe(trial.params.maxFeatures);
      expect(params.bootstrap).toBe(trial.params.bag === 1);
      expect(Object.keys(trial.params)).not.toContain('nEstimators');
    }
  });

  it('a whole-space function; unset parameters take scikit-learn defaults', async () => {
    const [first] = await drawMany((trial) => ({ nEstimators: trial.suggestInt('trees', 5, 6) }), 'classification', 'fast', 1);
    expect(first?.params).toMatchObject({ maxDepth: null, maxFeatures: 'sqrt', minSamplesLeaf: 1, bootstrap: true, criterion: 'gini' });
  });

  it('checks spaces before any trial: unknown keys, bad fixed values, engine limits', () => {
    expect(() => checkSearchSpace({ nTrees: 5 } as never, 'classification', 'fast')).toThrow(/searchSpace.nTrees: expected no such parameter/);
    expect(() => checkSearchSpace({ maxFeatures: 2 }, 'classification', 'fast')).toThrow(/searchSpace.maxFeatures: expected a fraction of the features in \(0, 1\]/);
    expect(() => checkSearchSpace({ criterion: 'mse' }, 'classification', 'fast')).toThrow(/'gini' or 'entropy' for classification/);
    expect(() => checkSearchSpace({ minSamplesLeaf: intDistribution(1, 5) }, 'classification', 'ml-random-forest')).toThrow(/searchSpace.minSamplesLeaf: expected left out or 1 with engine 'ml-random-forest'/);
    expect(() => checkSearchSpace({ criterion: 'entropy' }, 'classification', 'ml-random-forest')).toThrow(/no entropy criterion/);
    expect(() => checkSearchSpace({ minSamplesLeaf: 1, nEstimators: intDistribution(5, 9) }, 'classification', 'ml-random-forest')).not.toThrow();
  });
});
