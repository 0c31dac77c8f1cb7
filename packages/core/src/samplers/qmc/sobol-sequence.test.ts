import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../errors/invalid-argument-error.js';
import { SeededRandom } from '../../utils/seeded-random.js';
import { binCounts, centeredDiscrepancy, loadScipyFixture } from './__fixtures__/qmc-test-helpers.js';
import { SobolSequence } from './sobol-sequence.js';

const points = (sequence: SobolSequence, n: number, start = 0) => Array.from({ length: n }, (_, i) => sequence.point(start + i));
const scrambled = (dimension: number, seed: number) => new SobolSequence(dimension, { scramble: true, rng: new SeededRandom(seed) });

describe('SobolSequence', () => {
  it('equals SciPy 1.10 qmc.Sobol(scramble=False) on the first 256 points, down to dimension 1024', () => {
    const fixture = loadScipyFixture();
    const sequence = new SobolSequence(1024);
    expect(SobolSequence.maxDimension).toBe(1024);
    for (let n = 0; n < fixture.n; n++) {
      const point = sequence.point(n);
      const expected = fixture.sobolTimes2To30[n] as readonly number[];
      expect(fixture.columns.map((k) => point[k]), `point ${n}`).toEqual(expected.map((value) => value / 2 ** 30));
    }
  });

  it('unscrambled, starts at the origin and has column k independent of the dimension', () => {
    expect(Array.from(new SobolSequence(5).point(0))).toEqual([0, 0, 0, 0, 0]);
    const small = new SobolSequence(3);
    const large = new SobolSequence(40);
    for (const n of [1, 2, 77, 1023, 2 ** 20 + 5]) expect(Array.from(large.point(n).subarray(0, 3))).toEqual(Array.from(small.point(n)));
  });

  it('puts exactly one point of each run of 2^m points in each interval of width 2^-m, in every dimension', () => {
    for (const sequence of [new SobolSequence(64), scrambled(64, 3)]) {
      for (const m of [1, 3, 6, 9]) {
        for (const start of [0, 2 ** m * 5]) {
          const run = points(sequence, 2 ** m, start);
          for (const k of [0, 1, 2, 17, 63]) expect(binCounts(run, k, 2 ** m), `m=${m} start=${start} dim=${k}`).toEqual(new Array(2 ** m).fill(1));
        }
      }
    }
  });

  it('scrambled, keeps the (0, m, 2)-net of its first two dimensions: one point per elementary box', () => {
    const m = 8;
    const run = points(scrambled(2, 11), 2 ** m);
    for (let a = 0; a <= m; a++) {
      const counts = new Map<string, number>();
      for (const point of run) {
        const key = `${Math.floor((point[0] as number) * 2 ** a)}:${Math.floor((point[1] as number) * 2 ** (m - a))}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      expect(counts.size, `boxes 2^-${a} x 2^-${m - a}`).toBe(2 ** m);
    }
  });

  it('scrambled, stays in [0, 1), depends on the seed only, and differs between seeds', () => {
    const a = scrambled(10, 7);
    const b = scrambled(10, 7);
    const c = scrambled(10, 8);
    expect(Array.from(b.point(999))).toEqual(Array.from(a.point(999))); // random access: no earlier point needed
    expect(Array.from(a.point(0))).not.toEqual(new Array(10).fill(0));
    expect(Array.from(c.point(999))).not.toEqual(Array.from(a.point(999)));
    for (const point of points(a, 512)) for (const u of point) expect(u >= 0 && u < 1).toBe(true);
    expect(a.scrambled).toBe(true);
  });

  it('has a lower centered discrepancy than random points, scrambled or not', () => {
    const fixtureCheck = centeredDiscrepancy(points(new SobolSequence(3), 64));
    expect(fixtureCheck).toBeCloseTo(0.0005947820123695102, 15); // SciPy: qmc.discrepancy(Sobol(3, scramble=False).random(64))
    for (const seed of [1, 2, 3, 4, 5]) {
      const rng = new SeededRandom(seed);
      const random = Array.from({ length: 128 }, () => Float64Array.from({ length: 5 }, () => rng.float()));
      const sobol = centeredDiscrepancy(points(scrambled(5, seed), 128));
      expect(sobol).toBeLessThan(centeredDiscrepancy(random));
    }
  });

  it('rejects bad dimensions, indices and a scramble without a generator', () => {
    for (const dimension of [0, -1, 1.5, 1025, Number.NaN]) expect(() => new SobolSequence(dimension)).toThrow(InvalidArgumentError);
    expect(() => new SobolSequence(2, { scramble: true })).toThrow(/rng/);
    const sequence = new SobolSequence(2);
    for (const index of [-1, 0.5, 2 ** 32]) expect(() => sequence.point(index)).toThrow(InvalidArgumentError);
    expect(sequence.point(2 ** 32 - 1)[0]).toBeLessThan(1);
  });
});
