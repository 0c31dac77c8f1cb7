import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SeededRandom } from './seeded-random.js';

const draw = (rng: SeededRandom, n: number) => Array.from({ length: n }, () => rng.float());

describe('SeededRandom', () => {
  it('is deterministic for a seed, and different seeds give different streams', () => {
    expect(draw(new SeededRandom(42), 20)).toEqual(draw(new SeededRandom(42), 20));
    expect(draw(new SeededRandom(42), 20)).not.toEqual(draw(new SeededRandom(43), 20));
    // Seeds that differ only in ways a naive `seed | 0` would lose.
    const seeds = [0, -0.5, 0.5, 1, -1, 2 ** 32, 2 ** 32 + 1, 2 ** 53 - 1, 1e-300];
    const firsts = new Set(seeds.map((seed) => new SeededRandom(seed).nextUint32()));
    expect(firsts.size).toBe(seeds.length);
    expect(new SeededRandom(7).seed).toBe(7);
  });

  it('draws its own seed when none is given, and reports it for reproduction', () => {
    const a = new SeededRandom();
    const b = new SeededRandom();
    expect(Number.isSafeInteger(a.seed)).toBe(true);
    expect(a.seed).not.toBe(b.seed);
    expect(draw(new SeededRandom(a.seed), 5)).toEqual(draw(a, 5));
  });

  it('rejects a non-finite seed', () => {
    expect(() => new SeededRandom(Number.NaN)).toThrow(RangeError);
    expect(() => new SeededRandom(Number.POSITIVE_INFINITY)).toThrow(/seed must be a finite number/);
  });

  it('float() is in [0, 1) and roughly uniform', () => {
    const rng = new SeededRandom(1);
    const values = draw(rng, 20_000);
    expect(values.every((value) => value >= 0 && value < 1)).toBe(true);
    const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.01);
    const bins = new Array(10).fill(0) as number[];
    for (const value of values) bins[Math.floor(value * 10)]! += 1;
    for (const count of bins) expect(Math.abs(count - 2000)).toBeLessThan(200);
  });

  it('nextUint32() yields 32-bit unsigned integers', () => {
    const rng = new SeededRandom(3);
    for (let i = 0; i < 1000; i++) {
      const value = rng.nextUint32();
      expect(Number.isInteger(value) && value >= 0 && value < 2 ** 32).toBe(true);
    }
  });

  it('int(low, high) covers the inclusive range without bias', () => {
    const rng = new SeededRandom(5);
    const counts = new Map<number, number>();
    for (let i = 0; i < 30_000; i++) {
      const value = rng.int(-1, 4);
      counts.set(value, (counts.get(value) ?? 0) + 1);
    }
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual([-1, 0, 1, 2, 3, 4]);
    for (const count of counts.values()) expect(Math.abs(count - 5000)).toBeLessThan(300);
    expect(rng.int(3, 3)).toBe(3);
    const wide = rng.int(0, 2 ** 40);
    expect(Number.isInteger(wide) && wide >= 0 && wide <= 2 ** 40).toBe(true);
  });

  it('uniform, int, choice and shuffled stay in range (property)', () => {
    fc.assert(
      fc.property(fc.integer(), fc.double({ min: -1e9, max: 1e9, noNaN: true }), fc.double({ min: 0, max: 1e9, noNaN: true }), fc.integer({ min: -1e6, max: 1e6 }), fc.nat(1e6), (seed, low, span, intLow, intSpan) => {
        const rng = new SeededRandom(seed);
        const value = rng.uniform(low, low + span);
        expect(value).toBeGreaterThanOrEqual(low);
        expect(value).toBeLessThanOrEqual(low + span);
        const integer = rng.int(intLow, intLow + intSpan);
        expect(Number.isInteger(integer) && integer >= intLow && integer <= intLow + intSpan).toBe(true);
        const items = ['a', 'b', 'c', 'd'];
        expect(items).toContain(rng.choice(items));
        const shuffled = rng.shuffled(items);
        expect([...shuffled].sort()).toEqual(items);
        expect(items).toEqual(['a', 'b', 'c', 'd']); // a copy is shuffled
      }),
    );
  });

  it('normal() has mean 0 and variance 1', () => {
    const rng = new SeededRandom(11);
    const n = 20_000;
    const values = Array.from({ length: n }, () => rng.normal());
    const mean = values.reduce((sum, value) => sum + value, 0) / n;
    const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / n;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
    expect(values.every(Number.isFinite)).toBe(true);
  });

  it('shuffled() reaches every permutation', () => {
    const rng = new SeededRandom(13);
    const seen = new Set<string>();
    for (let i = 0; i < 600; i++) seen.add(rng.shuffled([1, 2, 3]).join());
    expect(seen.size).toBe(6);
  });

  it('fork() gives an independent, reproducible stream', () => {
    const parent = new SeededRandom(17);
    const child = parent.fork();
    expect(draw(child, 10)).not.toEqual(draw(parent, 10));
    const again = new SeededRandom(17).fork();
    expect(draw(again, 10)).toEqual(draw(new SeededRandom(17).fork(), 10));
  });
});
