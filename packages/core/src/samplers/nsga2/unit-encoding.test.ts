import { describe, expect, it } from 'vitest';
import { containsInternal, floatDistribution, intDistribution } from '../../distributions/index.js';
import { SeededRandom } from '../../utils/seeded-random.js';
import { sampleUniform } from '../sample-uniform.js';
import { fromUnit, toUnit } from './unit-encoding.js';

describe('toUnit / fromUnit', () => {
  it('maps floats linearly, log floats in log space, and grids with half a step beyond each end', () => {
    expect(toUnit(floatDistribution(-2, 6), 0)).toBe(0.25);
    expect(toUnit(floatDistribution(1e-3, 10, { log: true }), 0.1)).toBeCloseTo(0.5, 12);
    // Ints 0..3 span [−0.5, 3.5]: 0 → 0.125, 3 → 0.875; so each value owns a quarter of [0, 1].
    expect(toUnit(intDistribution(0, 3), 0)).toBe(0.125);
    expect(toUnit(intDistribution(0, 3), 3)).toBe(0.875);
    expect(fromUnit(intDistribution(0, 3), 0.24)).toBe(0);
    expect(fromUnit(intDistribution(0, 3), 0.26)).toBe(1);
    // Log ints 1..8 span [ln 0.5, ln 8.5].
    expect(toUnit(intDistribution(1, 8, { log: true }), 1)).toBeCloseTo((Math.log(1) - Math.log(0.5)) / (Math.log(8.5) - Math.log(0.5)), 12);
  });

  it('clips coordinates outside [0, 1] into the distribution and snaps them to its grid', () => {
    const dists = [floatDistribution(-2, 6), floatDistribution(1e-3, 10, { log: true }), floatDistribution(0, 1, { step: 0.3 }), intDistribution(-5, 11, { step: 4 }), intDistribution(1, 1024, { log: true })];
    for (const dist of dists) {
      expect(fromUnit(dist, -3)).toBe(dist.low);
      // floatDistribution(0, 1, { step: 0.3 }) ends at 0.9, the last grid value.
      expect(fromUnit(dist, 7)).toBe(dist.high);
      expect(containsInternal(dist, fromUnit(dist, Number.NaN))).toBe(true);
      const rng = new SeededRandom(4);
      let inside = 0;
      for (let k = 0; k < 500; k++) if (containsInternal(dist, fromUnit(dist, rng.uniform(-1, 2)))) inside++;
      expect(inside).toBe(500);
    }
  });

  it('round-trips every value of a distribution', () => {
    const rng = new SeededRandom(9);
    const dists = [floatDistribution(-2, 6), floatDistribution(1e-3, 10, { log: true }), floatDistribution(0, 1, { step: 0.1 }), intDistribution(-5, 12), intDistribution(2, 30, { step: 4 }), intDistribution(1, 1024, { log: true })];
    for (const dist of dists) {
      for (let k = 0; k < 200; k++) {
        const value = sampleUniform(dist, rng) as number;
        const back = fromUnit(dist, toUnit(dist, value));
        if (dist.type === 'int' || dist.step !== undefined) expect(back).toBe(value);
        else expect(back).toBeCloseTo(value, 9);
      }
    }
  });
});
