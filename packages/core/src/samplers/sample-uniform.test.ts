import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { categoricalDistribution, containsExternal, floatDistribution, intDistribution } from '../distributions/index.js';
import type { Distribution } from '../protocol/distribution.js';
import { SeededRandom } from '../utils/seeded-random.js';
import { sampleUniform } from './sample-uniform.js';

const finite = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });

/** Valid distributions of every kind, built through the public factories. */
const arbitraryDistribution = (): fc.Arbitrary<Distribution> =>
  fc.oneof(
    fc.tuple(finite(-1e6, 1e6), finite(0, 1e6)).map(([low, width]) => floatDistribution(low, low + width)),
    fc.tuple(finite(-Number.MAX_VALUE / 4, Number.MAX_VALUE / 4), finite(-Number.MAX_VALUE / 4, Number.MAX_VALUE / 4)).map(([a, b]) => floatDistribution(Math.min(a, b), Math.max(a, b))),
    fc.tuple(finite(1e-12, 1e6), finite(1, 1e8)).map(([low, factor]) => floatDistribution(low, low * factor, { log: true })),
    fc.tuple(finite(-1e4, 1e4), finite(1e-3, 100), fc.integer({ min: 0, max: 10_000 })).map(([low, step, k]) => floatDistribution(low, low + k * step, { step })),
    fc.tuple(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 1, max: 1000 })).map(([low, width, step]) => intDistribution(low, low + width, { step })),
    fc.tuple(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 0, max: 1e9 })).map(([low, width]) => intDistribution(low, low + width, { log: true })),
    fc
      .uniqueArray(fc.oneof(fc.string({ maxLength: 4 }), fc.integer(), fc.boolean(), fc.constant(null), fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), { maxKeys: 2 })), {
        minLength: 1,
        maxLength: 8,
        selector: (value) => JSON.stringify(value),
      })
      .map((choices) => categoricalDistribution(choices)),
  );

describe('sampleUniform', () => {
  it('always returns a value inside the distribution, for any distribution and seed (property)', () => {
    fc.assert(
      fc.property(arbitraryDistribution(), fc.integer(), (dist, seed) => {
        const rng = new SeededRandom(seed);
        for (let draw = 0; draw < 20; draw++) {
          const value = sampleUniform(dist, rng);
          if (!containsExternal(dist, value)) throw new Error(`${JSON.stringify(value)} lies outside ${JSON.stringify(dist)}`);
          if (dist.type === 'int' && !Number.isSafeInteger(value)) throw new Error(`${value} is not an integer`);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('is deterministic for a seed', () => {
    const dist = floatDistribution(0, 1);
    const draw = (seed: number) => Array.from({ length: 5 }, ((rng) => () => sampleUniform(dist, rng))(new SeededRandom(seed)));
    expect(draw(5)).toEqual(draw(5));
    expect(draw(5)).not.toEqual(draw(6));
  });

  it('reaches both ends of small discrete ranges', () => {
    const rng = new SeededRandom(1);
    const seen = (dist: Distribution) => new Set(Array.from({ length: 300 }, () => sampleUniform(dist, rng)));
    expect([...seen(intDistribution(1, 4, { log: true }))].sort()).toEqual([1, 2, 3, 4]);
    expect([...seen(intDistribution(0, 12, { step: 4 }))].sort((a, b) => (a as number) - (b as number))).toEqual([0, 4, 8, 12]);
    expect(seen(floatDistribution(0, 1, { step: 0.25 })).size).toBe(5);
    expect(seen(categoricalDistribution([null, { a: 1 }, [2]])).size).toBe(3);
  });

  it('samples log-scaled floats uniformly in log space', () => {
    const rng = new SeededRandom(2);
    const dist = floatDistribution(1e-4, 1, { log: true });
    const draws = Array.from({ length: 4000 }, () => sampleUniform(dist, rng) as number);
    // A decade in log space holds a quarter of the mass; a linear sampler would put 90% in [0.1, 1].
    const topDecade = draws.filter((value) => value >= 0.1).length / draws.length;
    expect(topDecade).toBeGreaterThan(0.2);
    expect(topDecade).toBeLessThan(0.3);
  });

  it('returns the single value of a degenerate distribution', () => {
    const rng = new SeededRandom(3);
    expect(sampleUniform(floatDistribution(2.5, 2.5), rng)).toBe(2.5);
    expect(sampleUniform(intDistribution(7, 7, { log: true }), rng)).toBe(7);
    expect(sampleUniform(floatDistribution(0.3, 0.3, { step: 0.1 }), rng)).toBe(0.3);
  });
});
