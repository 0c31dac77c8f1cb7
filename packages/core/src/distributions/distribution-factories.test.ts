import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { InvalidDistributionError } from '../errors/invalid-distribution-error.js';
import { TunekitError } from '../errors/tunekit-error.js';
import type { CategoricalDistribution, Distribution } from '../protocol/distribution.js';
import { categoricalDistribution, floatDistribution, intDistribution, validateDistribution } from './distribution-factories.js';
import { distributionsEqual } from './distribution-values.js';

/** Run `build` and return the `InvalidDistributionError` it throws (fails the test otherwise). */
function invalid(build: () => unknown): InvalidDistributionError {
  try {
    build();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidDistributionError);
    expect(TunekitError.isInstance(error)).toBe(true);
    expect((error as InvalidDistributionError).code).toBe('INVALID_DISTRIBUTION');
    return error as InvalidDistributionError;
  }
  throw new Error('expected an InvalidDistributionError, nothing was thrown');
}

describe('floatDistribution', () => {
  it('builds uniform, log and stepped float distributions, frozen', () => {
    expect(floatDistribution(0, 1)).toEqual({ type: 'float', low: 0, high: 1, log: false, step: undefined });
    expect(floatDistribution(1e-5, 0.1, { log: true })).toEqual({ type: 'float', low: 1e-5, high: 0.1, log: true, step: undefined });
    expect(floatDistribution(0, 1, { step: 0.25 })).toEqual({ type: 'float', low: 0, high: 1, log: false, step: 0.25 });
    expect(floatDistribution(2, 2)).toEqual({ type: 'float', low: 2, high: 2, log: false, step: undefined });
    expect(Object.isFrozen(floatDistribution(0, 1))).toBe(true);
    expect(Object.is(floatDistribution(-0, 0).low, 0)).toBe(true); // -0 normalised
  });

  it('rejects low > high, naming the parameter and both values', () => {
    const error = invalid(() => floatDistribution(2, 1, {}, 'lr'));
    expect(error.paramName).toBe('lr');
    expect(error.field).toBe('low');
    expect(error.value).toBe(2);
    expect(error.message).toContain("parameter 'lr'");
    expect(error.message).toContain('low (2) must be <= high (1)');
  });

  it('rejects log with low <= 0', () => {
    for (const low of [0, -1, -0]) {
      const error = invalid(() => floatDistribution(low, 1, { log: true }, 'lr'));
      expect(error).toMatchObject({ paramName: 'lr', field: 'low' });
      expect(error.message).toMatch(/'lr'.*low must be > 0 when log: true, got -?0|'lr'.*got -1/);
    }
  });

  it('rejects a step that is not positive, not finite, or combined with log', () => {
    for (const step of [0, -0.1, Number.NaN, Number.POSITIVE_INFINITY]) {
      const error = invalid(() => floatDistribution(0, 1, { step }, 'dropout'));
      expect(error).toMatchObject({ paramName: 'dropout', field: 'step' });
      expect(Object.is(error.value, step)).toBe(true);
      expect(error.message).toContain("'dropout'");
    }
    expect(invalid(() => floatDistribution(0, 1, { step: -0.5 }, 'dropout')).message).toContain('step must be > 0, got -0.5');
    expect(invalid(() => floatDistribution(1, 2, { log: true, step: 0.5 }, 'x')).message).toContain('step cannot be combined with log');
  });

  it('rejects NaN, infinite and non-number bounds, showing the value', () => {
    const nan = invalid(() => floatDistribution(Number.NaN, 1, {}, 'x'));
    expect(nan).toMatchObject({ paramName: 'x', field: 'low' });
    expect(nan.message).toContain('low must be a finite number, got NaN');
    const inf = invalid(() => floatDistribution(0, Number.POSITIVE_INFINITY, {}, 'x'));
    expect(inf).toMatchObject({ field: 'high' });
    expect(inf.message).toContain('got Infinity');
    expect(invalid(() => floatDistribution('0' as unknown as number, 1, {}, 'x')).message).toContain('got "0"');
    expect(invalid(() => floatDistribution(0, 1, { log: 'yes' as unknown as boolean }, 'x')).field).toBe('log');
  });

  it('without a name, the message speaks of "distribution"', () => {
    const error = invalid(() => floatDistribution(1, 0));
    expect(error.paramName).toBeUndefined();
    expect(error.message).toMatch(/^Invalid distribution: /);
  });

  describe('a step that does not divide the range (Optuna: high moves down to the last grid point)', () => {
    it.each([
      // [low, high, step, expected high] — as Optuna's _adjust_discrete_uniform_high computes them
      [0, 1, 0.3, 0.9],
      [0, 10, 3, 9],
      [0.5, 2.2, 0.5, 2],
      [-1, 1, 0.75, 0.5],
      [0, 0.30000000000000004, 0.1, 0.3], // decimal arithmetic: not 0.30000000000000004
      [1e-3, 1e-2, 4e-3, 9e-3],
    ])('(%s, %s, step %s) → high %s', (low, high, step, expected) => {
      expect(floatDistribution(low, high, { step }).high).toBe(expected);
    });

    it.each([
      [0, 1, 0.1],
      [0.1, 0.9, 0.2],
      [0, 1, 0.25],
      [-5, 5, 0.5],
      [16, 256, 16],
    ])('(%s, %s, step %s) keeps high', (low, high, step) => {
      expect(floatDistribution(low, high, { step }).high).toBe(high);
    });

    it('a step larger than the range leaves a single value', () => {
      expect(floatDistribution(0, 0.5, { step: 1 })).toMatchObject({ low: 0, high: 0 });
    });

    it('is idempotent: validating a validated distribution changes nothing', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: -10_000, max: 10_000 }),
          fc.integer({ min: 0, max: 100_000 }),
          fc.integer({ min: 1, max: 5_000 }),
          fc.integer({ min: 0, max: 6 }),
          (lowUnits, spanUnits, stepUnits, decimals) => {
            const scale = 10 ** decimals;
            const dist = floatDistribution(lowUnits / scale, (lowUnits + spanUnits) / scale, { step: stepUnits / scale });
            expect(dist.high).toBeLessThanOrEqual((lowUnits + spanUnits) / scale);
            expect(dist.high).toBeGreaterThanOrEqual(dist.low);
            expect(validateDistribution(dist)).toEqual(dist);
          },
        ),
      );
    });

    it('stays idempotent for arbitrary doubles, including grid points that need more than 17 digits', () => {
      // The grid point 863.865456789 + 18 * 0.24238554100231122 has no exact double; its nearest
      // double prints below it, so Optuna's rule applied again would drop a further step.
      const once = floatDistribution(863.865456789, 868.2429661128026, { step: 0.24238554100231122 });
      expect(once.high).toBe(868.2283965270416);
      expect(validateDistribution(once)).toEqual(once);
      fc.assert(
        fc.property(
          fc.double({ min: -1e6, max: 1e6, noNaN: true }),
          fc.double({ min: 0, max: 1e6, noNaN: true }),
          fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
          (low, span, step) => {
            const high = low + span;
            fc.pre(Number.isFinite(high) && high >= low && span / step < 1e9);
            const dist = floatDistribution(low, high, { step });
            expect(dist.high).toBeLessThanOrEqual(high);
            expect(dist.high).toBeGreaterThanOrEqual(low);
            expect(validateDistribution(dist)).toEqual(dist);
          },
        ),
      );
    });
  });
});

describe('intDistribution', () => {
  it('builds uniform, log and stepped int distributions', () => {
    expect(intDistribution(0, 10)).toEqual({ type: 'int', low: 0, high: 10, log: false, step: 1 });
    expect(intDistribution(2, 32, { log: true })).toEqual({ type: 'int', low: 2, high: 32, log: true, step: 1 });
    expect(intDistribution(16, 256, { step: 16 })).toEqual({ type: 'int', low: 16, high: 256, log: false, step: 16 });
    expect(Object.isFrozen(intDistribution(0, 1))).toBe(true);
  });

  it('adjusts high down to the last step (Optuna)', () => {
    expect(intDistribution(0, 10, { step: 3 }).high).toBe(9);
    expect(intDistribution(1, 10, { step: 4 }).high).toBe(9);
    expect(intDistribution(-7, 7, { step: 5 }).high).toBe(3);
    expect(intDistribution(5, 6, { step: 10 }).high).toBe(5);
  });

  it('rejects bad ranges, naming the parameter and the value', () => {
    expect(invalid(() => intDistribution(5, 1, {}, 'depth'))).toMatchObject({ paramName: 'depth', field: 'low', value: 5 });
    expect(invalid(() => intDistribution(0, 8, { log: true }, 'depth')).message).toContain("'depth': low must be >= 1 when log: true, got 0");
    expect(invalid(() => intDistribution(1, 8, { log: true, step: 2 }, 'depth')).message).toContain('step must be 1 when log: true');
    for (const step of [0, -2, 1.5, Number.NaN]) {
      const error = invalid(() => intDistribution(0, 8, { step }, 'units'));
      expect(error).toMatchObject({ paramName: 'units', field: 'step' });
      expect(error.message).toContain('step must be a positive integer');
    }
    expect(invalid(() => intDistribution(0.5, 8, {}, 'n'))).toMatchObject({ field: 'low', value: 0.5 });
    expect(invalid(() => intDistribution(0, 2.5, {}, 'n'))).toMatchObject({ field: 'high', value: 2.5 });
    expect(invalid(() => intDistribution(Number.NaN, 2, {}, 'n')).message).toContain('got NaN');
    expect(invalid(() => intDistribution(0, 2 ** 60, {}, 'n')).field).toBe('high');
  });
});

describe('categoricalDistribution', () => {
  it('accepts any JSON choices and deep-freezes a copy', () => {
    const nested = { layers: [64, 32], act: 'relu' };
    const choices = ['a', 1, 2.5, true, null, [1, 2], nested] as const;
    const dist = categoricalDistribution(choices, 'c');
    expect(dist).toEqual({ type: 'categorical', choices: ['a', 1, 2.5, true, null, [1, 2], { layers: [64, 32], act: 'relu' }] });
    expect(Object.isFrozen(dist.choices)).toBe(true);
    expect(Object.isFrozen(dist.choices[6])).toBe(true);
    expect(Object.isFrozen(nested)).toBe(false); // the caller's object is untouched
    nested.layers.push(16);
    expect(dist.choices[6]).toEqual({ layers: [64, 32], act: 'relu' });
  });

  it('stores choices exactly as JSON gives them back (-0 is 0), so every storage agrees', () => {
    const dist = categoricalDistribution([-0, { w: [-0, 1] }]);
    expect(Object.is(dist.choices[0], 0)).toBe(true);
    expect(Object.is((dist.choices[1] as unknown as { w: number[] }).w[0], 0)).toBe(true);
    expect(invalid(() => categoricalDistribution([0, -0], 'z')).message).toContain('choice 0 appears twice');
  });

  it('keeps the literal types of `as const` choices', () => {
    const dist = categoricalDistribution(['relu', 'tanh'] as const);
    expectTypeOf(dist).toEqualTypeOf<CategoricalDistribution<'relu' | 'tanh'>>();
    expectTypeOf(dist.choices[0]).toEqualTypeOf<'relu' | 'tanh' | undefined>();
  });

  it('rejects empty, duplicate and non-JSON choices, naming the parameter and the value', () => {
    expect(invalid(() => categoricalDistribution([], 'act'))).toMatchObject({ paramName: 'act', field: 'choices' });
    expect(invalid(() => categoricalDistribution([], 'act')).message).toContain("'act': choices must not be empty");
    const duplicate = invalid(() => categoricalDistribution(['relu', 'tanh', 'relu'], 'act'));
    expect(duplicate).toMatchObject({ paramName: 'act', value: 'relu' });
    expect(duplicate.message).toContain('choice "relu" appears twice');
    expect(invalid(() => categoricalDistribution([{ a: 1 }, { a: 1 }], 'obj')).message).toContain('appears twice');
    const bad: unknown[] = [Number.NaN, Number.POSITIVE_INFINITY, undefined, () => 1, new Date(0), new Map(), 10n, Symbol('s'), [1, undefined], { a: Number.NaN }];
    for (const choice of bad) {
      const error = invalid(() => categoricalDistribution(['ok', choice] as never, 'p'));
      expect(error).toMatchObject({ paramName: 'p', field: 'choices' });
      expect(error.message).toContain('choice 1 (');
      expect(error.message).toContain('is not a JSON value');
    }
    // A hole in a sparse array is not a JSON value either.
    // biome-ignore lint: a sparse array on purpose
    expect(invalid(() => categoricalDistribution(['a', , 'b'] as never, 'p')).message).toContain('choice 1 (undefined)');
    expect(invalid(() => categoricalDistribution('ab' as never, 'p')).message).toContain('choices must be an array');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(invalid(() => categoricalDistribution([cyclic] as never, 'p')).field).toBe('choices');
  });
});

describe('validateDistribution', () => {
  it('normalises distributions that arrive as data', () => {
    expect(validateDistribution({ type: 'float', low: 0, high: 1, log: false, step: undefined })).toEqual(floatDistribution(0, 1));
    expect(validateDistribution({ type: 'float', low: 0, high: 1, log: false, step: null } as unknown as Distribution)).toEqual(floatDistribution(0, 1));
    expect(validateDistribution({ type: 'int', low: 0, high: 10, log: false, step: 4 })).toEqual(intDistribution(0, 8, { step: 4 }));
    expect(validateDistribution({ type: 'categorical', choices: ['a'] })).toEqual(categoricalDistribution(['a']));
  });

  it('returns what the factories built as it is, and checks look-alikes (frozen or not)', () => {
    const built = floatDistribution(0, 1, { step: 0.3 });
    expect(validateDistribution(built)).toBe(built);
    const copy = { ...built };
    expect(validateDistribution(copy)).not.toBe(copy);
    expect(validateDistribution(copy)).toEqual(built);
    expect(() => validateDistribution(Object.freeze({ ...built, low: 2 }), 'x')).toThrow(InvalidDistributionError);
  });

  it('rejects what is not a distribution', () => {
    expect(invalid(() => validateDistribution(null as never, 'x')).message).toContain("'x': not a distribution: null");
    expect(invalid(() => validateDistribution({ type: 'gaussian' } as never, 'x'))).toMatchObject({ field: 'type', value: 'gaussian' });
    expect(invalid(() => validateDistribution({ type: 'float', low: 1, high: 0, log: false, step: undefined }, 'x')).paramName).toBe('x');
  });

  it('accepts every distribution the factories build, unchanged (property)', () => {
    fc.assert(
      fc.property(arbitraryDistribution(), (dist) => {
        const again = validateDistribution(dist);
        expect(again).toEqual(dist);
        expect(distributionsEqual(again, dist)).toBe(true);
      }),
    );
  });
});

/** Valid distributions of every kind, built through the factories. */
function arbitraryDistribution(): fc.Arbitrary<Distribution> {
  const float = fc
    .tuple(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 1e6, noNaN: true }), fc.constantFrom('plain', 'log', 'step'), fc.double({ min: 1e-3, max: 1e3, noNaN: true }))
    .map(([low, span, kind, step]) => {
      if (kind === 'log') return floatDistribution(Math.abs(low) + 1e-9, Math.abs(low) + 1e-9 + span, { log: true });
      if (kind === 'step') return floatDistribution(low, low + span, { step });
      return floatDistribution(low, low + span);
    });
  const int = fc
    .tuple(fc.integer({ min: -1e6, max: 1e6 }), fc.integer({ min: 0, max: 1e6 }), fc.boolean(), fc.integer({ min: 1, max: 1000 }))
    .map(([low, span, log, step]) => (log ? intDistribution(Math.abs(low) + 1, Math.abs(low) + 1 + span, { log: true }) : intDistribution(low, low + span, { step })));
  const categorical = fc.uniqueArray(fc.jsonValue({ maxDepth: 2 }), { minLength: 1, maxLength: 8, selector: (value) => JSON.stringify(value) }).map((choices) => categoricalDistribution(choices as never[]));
  return fc.oneof(float, int, categorical);
}
