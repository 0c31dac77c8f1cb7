import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { containsExternal, floatDistribution, intDistribution } from '../../distributions/index.js';
import type { FloatDistribution, IntDistribution } from '../../protocol/distribution.js';
import { mapUnitToDistribution } from './map-unit-to-distribution.js';

/** Values at the midpoints of `n` equal cells of [0, 1), counted. */
function shares(dist: FloatDistribution | IntDistribution, n: number): Map<number, number> {
  const counts = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const value = mapUnitToDistribution(dist, (i + 0.5) / n);
    counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return counts;
}

describe('mapUnitToDistribution', () => {
  it('maps floats linearly and log floats linearly in log space', () => {
    const dist = floatDistribution(-2, 6);
    expect(mapUnitToDistribution(dist, 0)).toBe(-2);
    expect(mapUnitToDistribution(dist, 0.25)).toBe(0);
    expect(mapUnitToDistribution(dist, 1 - 2 ** -32)).toBeLessThan(6);
    const log = floatDistribution(1e-4, 1, { log: true });
    expect(mapUnitToDistribution(log, 0)).toBeCloseTo(1e-4, 15);
    expect(mapUnitToDistribution(log, 0.5)).toBeCloseTo(1e-2, 12);
    expect(mapUnitToDistribution(log, 0.75)).toBeCloseTo(1e-1, 12);
  });

  it('gives every value of an int or stepped-float grid an equal share, end points included', () => {
    expect([...shares(intDistribution(-5, 12), 18 * 7).entries()].sort((a, b) => a[0] - b[0])).toEqual(Array.from({ length: 18 }, (_, i) => [i - 5, 7]));
    expect([...shares(intDistribution(2, 30, { step: 4 }), 8 * 5).values()]).toEqual(new Array(8).fill(5));
    const stepped = shares(floatDistribution(0, 1, { step: 0.1 }), 11 * 3);
    expect(stepped.size).toBe(11);
    expect([...stepped.values()]).toEqual(new Array(11).fill(3));
    expect(mapUnitToDistribution(intDistribution(0, 3), 0.2499)).toBe(0);
    expect(mapUnitToDistribution(intDistribution(0, 3), 0.25)).toBe(1);
    expect(mapUnitToDistribution(intDistribution(0, 3), 1 - 2 ** -32)).toBe(3);
  });

  it('spreads log ints evenly in log space, over [low - 0.5, high + 0.5]', () => {
    const dist = intDistribution(1, 1024, { log: true });
    expect(mapUnitToDistribution(dist, 0)).toBe(1);
    expect(mapUnitToDistribution(dist, 1 - 2 ** -32)).toBe(1024);
    const values = Array.from({ length: 101 }, (_, i) => mapUnitToDistribution(dist, i / 101));
    for (let i = 1; i < values.length; i++) expect(values[i]).toBeGreaterThanOrEqual(values[i - 1] as number);
    // About as many values below sqrt(0.5 * 1024.5) ≈ 22.6 as above it.
    const below = values.filter((value) => value <= 22).length;
    expect(Math.abs(below - 50.5)).toBeLessThanOrEqual(3);
  });

  it('always returns a value inside the distribution', () => {
    const dists = [
      floatDistribution(-3.5, 7.25),
      floatDistribution(1e-5, 10, { log: true }),
      floatDistribution(0, 1, { step: 0.1 }),
      floatDistribution(0.3, 2.2, { step: 0.7 }),
      intDistribution(-5, 12),
      intDistribution(1, 1024, { log: true }),
      intDistribution(2, 30, { step: 4 }),
    ];
    fc.assert(
      fc.property(fc.constantFrom(...dists), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (dist, u) => {
        const value = mapUnitToDistribution(dist, u);
        expect(containsExternal(dist, value), `${JSON.stringify(dist)} u=${u} → ${value}`).toBe(true);
      }),
    );
  });
});
