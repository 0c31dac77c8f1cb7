import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidDistributionError } from '../errors/invalid-distribution-error.js';
import type { Distribution } from '../protocol/distribution.js';
import { sampleUniform } from '../samplers/sample-uniform.js';
import { SeededRandom } from '../utils/seeded-random.js';
import { categoricalDistribution, floatDistribution, intDistribution } from './distribution-factories.js';
import { containsExternal, containsInternal, distributionsEqual, isSingle, snapToDistribution, toExternal, toInternal } from './distribution-values.js';

/** Valid distributions of every kind, built through the factories (steps kept coarse enough for a grid of doubles). */
const arbitraryDistribution: fc.Arbitrary<Distribution> = fc.oneof(
  fc
    .tuple(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 1e6, noNaN: true }), fc.constantFrom('plain', 'log', 'step'), fc.double({ min: 1e-3, max: 1e3, noNaN: true }))
    .map(([low, span, kind, step]) => {
      if (kind === 'log') return floatDistribution(Math.abs(low) + 1e-9, Math.abs(low) + 1e-9 + span, { log: true });
      if (kind === 'step') return floatDistribution(low, low + span, { step });
      return floatDistribution(low, low + span);
    }),
  fc
    .tuple(fc.integer({ min: -1e6, max: 1e6 }), fc.integer({ min: 0, max: 1e6 }), fc.boolean(), fc.integer({ min: 1, max: 1000 }))
    .map(([low, span, log, step]) => (log ? intDistribution(Math.abs(low) + 1, Math.abs(low) + 1 + span, { log: true }) : intDistribution(low, low + span, { step }))),
  fc
    .uniqueArray(fc.jsonValue({ maxDepth: 2 }), { minLength: 1, maxLength: 8, selector: (value) => JSON.stringify(value) })
    .map((choices) => categoricalDistribution(choices as never[])),
);

describe('toInternal / toExternal', () => {
  it('categoricals map to the index of the choice, structurally for objects', () => {
    const dist = categoricalDistribution(['a', null, 3, { k: [1] }]);
    expect(toInternal(dist, 'a')).toBe(0);
    expect(toInternal(dist, null)).toBe(1);
    expect(toInternal(dist, 3)).toBe(2);
    expect(toInternal(dist, { k: [1] })).toBe(3); // a different object with the same content
    expect(toExternal(dist, 3)).toEqual({ k: [1] });
    expect(toExternal(dist, 1)).toBeNull();
  });

  it('numbers are themselves; ints come back as integers', () => {
    expect(toInternal(floatDistribution(0, 1), 0.25)).toBe(0.25);
    expect(toExternal(floatDistribution(0, 1), 0.25)).toBe(0.25);
    expect(toExternal(intDistribution(0, 10), 3.0000000001)).toBe(3);
  });

  it('rejects values the distribution cannot produce, naming the parameter', () => {
    const error = (() => {
      try {
        toInternal(categoricalDistribution(['relu', 'tanh']), 'gelu', 'act');
      } catch (caught) {
        return caught as InvalidDistributionError;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(InvalidDistributionError);
    expect(error).toMatchObject({ paramName: 'act', value: 'gelu' });
    expect(error?.message).toContain('"gelu" is not one of the choices ["relu","tanh"]');
    expect(() => toInternal(floatDistribution(0, 1), 'x', 'lr')).toThrow(/'lr': expected a number, got "x"/);
    expect(() => toInternal(intDistribution(0, 1), Number.NaN, 'n')).toThrow(InvalidDistributionError);
    expect(() => toExternal(categoricalDistribution(['a']), 1)).toThrow(/index 1 is out of range 0\.\.0/);
    expect(() => toExternal(categoricalDistribution(['a']), -1)).toThrow(InvalidDistributionError);
  });

  it('round-trips every value of every distribution (property)', () => {
    fc.assert(
      fc.property(arbitraryDistribution, fc.integer(), (dist, seed) => {
        const value = sampleUniform(dist, new SeededRandom(seed));
        const internal = toInternal(dist, value);
        expect(Number.isFinite(internal)).toBe(true);
        expect(toExternal(dist, internal)).toEqual(value);
        expect(toInternal(dist, toExternal(dist, internal))).toBe(internal);
      }),
    );
  });

  it('round-trips every categorical index (property)', () => {
    fc.assert(
      fc.property(arbitraryDistribution, fc.nat(), (dist, n) => {
        fc.pre(dist.type === 'categorical');
        if (dist.type !== 'categorical') return;
        const index = n % dist.choices.length;
        expect(toInternal(dist, toExternal(dist, index))).toBe(index);
      }),
    );
  });
});

describe('containsInternal / containsExternal', () => {
  it('floats: inside [low, high], on the grid when stepped', () => {
    const plain = floatDistribution(0, 1);
    expect([0, 0.5, 1].map((v) => containsInternal(plain, v))).toEqual([true, true, true]);
    expect([-1e-12, 1.0000001, Number.NaN].map((v) => containsInternal(plain, v))).toEqual([false, false, false]);
    const stepped = floatDistribution(0, 1, { step: 0.1 });
    expect(containsInternal(stepped, 0.30000000000000004)).toBe(true); // 3 * 0.1 in binary
    expect(containsInternal(stepped, 0.35)).toBe(false);
  });

  it('floats on a very fine grid: grid points computed as low + k * step are inside, midpoints are not', () => {
    const step = 0.0011934107677387703;
    const dist = floatDistribution(0, 132894.0855402577, { step }); // ~1.1e8 steps
    const kMax = Math.floor(dist.high / step);
    for (const k of [1, 12_345, 98_765_432, 111_356_520, 111_356_523, 111_356_531, kMax]) {
      expect(containsInternal(dist, dist.low + k * step), `k=${k}`).toBe(true);
      if (k < kMax) expect(containsInternal(dist, dist.low + (k + 0.5) * step), `k=${k}.5`).toBe(false);
    }
    expect(containsInternal(dist, sampleUniform(dist, new SeededRandom(-1215500826)) as number)).toBe(true);
  });

  it('ints: integers on the step grid', () => {
    const dist = intDistribution(1, 9, { step: 2 });
    expect([1, 3, 9].every((v) => containsInternal(dist, v))).toBe(true);
    expect([2, 11, -1, 1.5].some((v) => containsInternal(dist, v))).toBe(false);
  });

  it('categoricals: valid indices internally, choices externally', () => {
    const dist = categoricalDistribution(['a', 'b']);
    expect([0, 1].every((v) => containsInternal(dist, v))).toBe(true);
    expect([2, -1, 0.5].some((v) => containsInternal(dist, v))).toBe(false);
    expect(containsExternal(dist, 'b')).toBe(true);
    expect(containsExternal(dist, 'c')).toBe(false);
    expect(containsExternal(floatDistribution(0, 1), '0.5')).toBe(false);
  });

  it('a sample from any distribution lies inside it (property)', () => {
    fc.assert(
      fc.property(arbitraryDistribution, fc.integer(), (dist, seed) => {
        const rng = new SeededRandom(seed);
        for (let i = 0; i < 5; i++) {
          const value = sampleUniform(dist, rng);
          expect(containsExternal(dist, value)).toBe(true);
          expect(containsInternal(dist, toInternal(dist, value))).toBe(true);
          if (dist.type === 'int') expect(Number.isInteger(value)).toBe(true);
        }
      }),
    );
  });
});

describe('distributionsEqual / isSingle', () => {
  it('compares structure', () => {
    expect(distributionsEqual(floatDistribution(0, 1), floatDistribution(0, 1))).toBe(true);
    expect(distributionsEqual(floatDistribution(0, 1), floatDistribution(0, 2))).toBe(false);
    expect(distributionsEqual(floatDistribution(1, 2), floatDistribution(1, 2, { log: true }))).toBe(false);
    expect(distributionsEqual(floatDistribution(0, 1), floatDistribution(0, 1, { step: 0.5 }))).toBe(false);
    // Same range after the step adjustment: (0, 1.1, 0.5) is (0, 1, 0.5).
    expect(distributionsEqual(floatDistribution(0, 1.1, { step: 0.5 }), floatDistribution(0, 1, { step: 0.5 }))).toBe(true);
    expect(distributionsEqual(intDistribution(0, 10), floatDistribution(0, 10))).toBe(false);
    expect(distributionsEqual(intDistribution(0, 10, { step: 2 }), intDistribution(0, 11, { step: 2 }))).toBe(true);
    expect(distributionsEqual(categoricalDistribution(['a', 'b']), categoricalDistribution(['a', 'b']))).toBe(true);
    expect(distributionsEqual(categoricalDistribution(['a', 'b']), categoricalDistribution(['b', 'a']))).toBe(false);
    expect(distributionsEqual(categoricalDistribution([1]), categoricalDistribution(['1']))).toBe(false);
  });

  it('knows single-valued distributions', () => {
    expect(isSingle(floatDistribution(1, 1))).toBe(true);
    expect(isSingle(floatDistribution(0, 0.5, { step: 1 }))).toBe(true);
    expect(isSingle(intDistribution(3, 4, { step: 2 }))).toBe(true);
    expect(isSingle(categoricalDistribution(['only']))).toBe(true);
    expect(isSingle(intDistribution(3, 4))).toBe(false);
    expect(isSingle(categoricalDistribution(['a', 'b']))).toBe(false);
  });
});

describe('snapToDistribution', () => {
  it('clips, rounds to the grid and to integers', () => {
    expect(snapToDistribution(floatDistribution(0, 1), 1.7)).toBe(1);
    expect(snapToDistribution(floatDistribution(0, 1, { step: 0.25 }), 0.3)).toBe(0.25);
    expect(snapToDistribution(intDistribution(0, 10, { step: 5 }), 3)).toBe(5);
    expect(snapToDistribution(intDistribution(0, 10), -4)).toBe(0);
    expect(snapToDistribution(categoricalDistribution(['a', 'b', 'c']), 7)).toBe(2);
  });

  it('always lands inside the distribution (property)', () => {
    fc.assert(
      fc.property(arbitraryDistribution, fc.double({ min: -1e7, max: 1e7, noNaN: true }), (dist, raw) => {
        expect(containsInternal(dist, snapToDistribution(dist, raw))).toBe(true);
      }),
    );
  });
});

