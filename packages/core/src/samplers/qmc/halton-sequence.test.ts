import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../errors/invalid-argument-error.js';
import { SeededRandom } from '../../utils/seeded-random.js';
import { firstPrimes, HaltonSequence } from './halton-sequence.js';
import { binCounts, centeredDiscrepancy, loadScipyFixture } from './__fixtures__/qmc-test-helpers.js';

const points = (sequence: HaltonSequence, n: number, start = 0) => Array.from({ length: n }, (_, i) => sequence.point(start + i));
const scrambled = (dimension: number, seed: number) => new HaltonSequence(dimension, { scramble: true, rng: new SeededRandom(seed) });

describe('HaltonSequence', () => {
  it('equals SciPy 1.10 qmc.Halton(scramble=False) on the first 256 points, down to dimension 1024', () => {
    const fixture = loadScipyFixture();
    const sequence = new HaltonSequence(1024);
    for (let n = 0; n < fixture.n; n++) {
      const point = sequence.point(n);
      expect(fixture.columns.map((k) => point[k]), `point ${n}`).toEqual(fixture.halton[n]);
    }
  });

  it('uses the first primes as bases', () => {
    expect(firstPrimes(10)).toEqual([2, 3, 5, 7, 11, 13, 17, 19, 23, 29]);
    expect(firstPrimes(1000).at(-1)).toBe(7919);
    // Coordinate k of point 1 is 1 / base_k.
    expect(Array.from(new HaltonSequence(4).point(1))).toEqual([1 / 2, 1 / 3, 1 / 5, 1 / 7]);
  });

  it('puts exactly one point of the first b^m in each interval of width b^-m, scrambled or not', () => {
    for (const sequence of [new HaltonSequence(3), scrambled(3, 5), scrambled(3, 6)]) {
      for (const [k, base, m] of [[0, 2, 8], [1, 3, 5], [2, 5, 3]] as const) {
        expect(binCounts(points(sequence, base ** m), k, base ** m), `dim ${k}, ${base}^${m}`).toEqual(new Array(base ** m).fill(1));
      }
    }
  });

  it('scrambled, stays in [0, 1), depends on the seed only (not on which points were asked first), and differs between seeds', () => {
    const a = scrambled(30, 9);
    const b = scrambled(30, 9);
    const late = Array.from(a.point(123_456));
    const early = Array.from(a.point(3));
    expect(Array.from(b.point(3))).toEqual(early);
    expect(Array.from(b.point(123_456))).toEqual(late);
    expect(Array.from(scrambled(30, 10).point(3))).not.toEqual(early);
    expect(Array.from(a.point(0))).not.toEqual(new Array(30).fill(0));
    for (const point of points(a, 300)) for (const u of point) expect(u >= 0 && u < 1).toBe(true);
  });

  it('has a lower centered discrepancy than random points', () => {
    expect(centeredDiscrepancy(points(new HaltonSequence(2), 10))).toBeCloseTo(0.022904262045610357, 15); // SciPy's value for Halton(2).random(10)
    for (const seed of [1, 2, 3, 4, 5]) {
      const rng = new SeededRandom(seed);
      const random = Array.from({ length: 128 }, () => Float64Array.from({ length: 5 }, () => rng.float()));
      expect(centeredDiscrepancy(points(scrambled(5, seed), 128))).toBeLessThan(centeredDiscrepancy(random));
    }
  });

  it('rejects bad dimensions, indices and a scramble without a generator', () => {
    for (const dimension of [0, 2.5, 10_001]) expect(() => new HaltonSequence(dimension)).toThrow(InvalidArgumentError);
    expect(() => new HaltonSequence(2, { scramble: true })).toThrow(/rng/);
    for (const index of [-1, 0.5, Number.NaN]) expect(() => new HaltonSequence(2).point(index)).toThrow(InvalidArgumentError);
  });
});
