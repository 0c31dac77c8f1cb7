import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { categoricalDistribution, containsExternal, floatDistribution, intDistribution } from '../distributions/index.js';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { Distribution } from '../protocol/distribution.js';
import { createStudy } from '../study/create-study.js';
import { describeSamplerConformance } from '../testing/describe-sampler-conformance.js';
import { RandomSampler } from './random-sampler.js';

describeSamplerConformance('RandomSampler', (seed) => new RandomSampler({ seed }));

const finite = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });

/** Valid distributions of every kind (sample-uniform.test.ts has the wider generator). */
const arbitraryDistribution = (): fc.Arbitrary<Distribution> =>
  fc.oneof(
    fc.tuple(finite(-1e6, 1e6), finite(0, 1e6), fc.boolean()).map(([low, width, log]) => (log ? floatDistribution(Math.abs(low) + 1e-9, Math.abs(low) + 1e-9 + width, { log }) : floatDistribution(low, low + width))),
    fc.tuple(finite(-1e3, 1e3), finite(1e-2, 10), fc.integer({ min: 0, max: 500 })).map(([low, step, k]) => floatDistribution(low, low + k * step, { step })),
    fc.tuple(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 1, max: 50 }), fc.boolean()).map(([low, width, step, log]) => intDistribution(low, low + width, log ? { log } : { step })),
    fc.uniqueArray(fc.oneof(fc.string({ maxLength: 3 }), fc.integer(), fc.constant(null)), { minLength: 1, maxLength: 6, selector: (value) => JSON.stringify(value) }).map((choices) => categoricalDistribution(choices)),
  );

describe('RandomSampler', () => {
  it('rejects a seed that is not a finite number', () => {
    expect(() => new RandomSampler({ seed: Number.NaN })).toThrow(InvalidArgumentError);
    expect(() => new RandomSampler({ seed: Number.POSITIVE_INFINITY })).toThrow(/seed/);
  });

  it('is independent: no relative search space', async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 1 }) });
    const sampler = study.sampler;
    const trial = await study.ask();
    expect(sampler.inferRelativeSearchSpace(undefined as never, trial.toFrozen())).toEqual({});
    expect(sampler.sampleRelative(undefined as never, trial.toFrozen(), {})).toEqual({});
  });

  it('samples random distributions in range through ask-and-tell, for any seed (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer(), fc.array(arbitraryDistribution(), { minLength: 1, maxLength: 6 }), async (seed, dists) => {
        const study = await createStudy({ sampler: new RandomSampler({ seed }) });
        const fixed: Record<string, Distribution> = {};
        dists.forEach((dist, index) => {
          fixed[`p${index}`] = dist;
        });
        for (let round = 0; round < 3; round++) {
          const trial = await study.ask(fixed);
          for (const [name, dist] of Object.entries(fixed)) {
            expect(containsExternal(dist, trial.params[name] as never), `${name}=${JSON.stringify(trial.params[name])} outside ${JSON.stringify(dist)}`).toBe(true);
          }
          await study.tell(trial, 0);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('covers a small int range uniformly', async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 3 }) });
    const counts = new Map<number, number>();
    await study.optimize((trial) => {
      const x = trial.suggestInt('x', 1, 4);
      counts.set(x, (counts.get(x) ?? 0) + 1);
      return x;
    }, { nTrials: 400, progress: false, logger: false });
    expect([...counts.keys()].sort()).toEqual([1, 2, 3, 4]);
    // Each of 4 values expected 100 times; 60..140 is more than 4 standard deviations wide.
    for (const count of counts.values()) expect(count).toBeGreaterThan(60);
    for (const count of counts.values()) expect(count).toBeLessThan(140);
  });
});
