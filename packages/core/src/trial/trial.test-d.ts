import { describe, expectTypeOf, it } from 'vitest';
import type { JsonValue } from '../protocol/json-value.js';
import type { Trial } from './trial.js';

declare const trial: Trial;

describe('Trial types', () => {
  it('suggestCategorical returns the union of `as const` choices', () => {
    expectTypeOf(trial.suggestCategorical('act', ['relu', 'tanh'] as const)).toEqualTypeOf<'relu' | 'tanh'>();
  });

  it('literal choices are inferred without `as const` too', () => {
    expectTypeOf(trial.suggestCategorical('size', [16, 32, 64])).toEqualTypeOf<16 | 32 | 64>();
    expectTypeOf(trial.suggestCategorical('flag', [true, false])).toEqualTypeOf<boolean>();
    expectTypeOf(trial.suggestCategorical('mixed', ['a', 1, null])).toEqualTypeOf<'a' | 1 | null>();
  });

  it('choices must be JSON values', () => {
    // @ts-expect-error a function is not a JsonValue
    trial.suggestCategorical('fn', [() => 1]);
    // @ts-expect-error a Date is not a JsonValue
    trial.suggestCategorical('date', [new Date()]);
    // @ts-expect-error undefined is not a JsonValue
    trial.suggestCategorical('u', [undefined]);
    expectTypeOf(trial.suggestCategorical('json', [{ a: [1] }] as JsonValue[])).toEqualTypeOf<JsonValue>();
  });

  it('numeric suggestions and reports', () => {
    expectTypeOf(trial.suggestFloat('x', 0, 1, { log: true })).toEqualTypeOf<number>();
    expectTypeOf(trial.suggestInt('n', 0, 10, { step: 2 })).toEqualTypeOf<number>();
    expectTypeOf(trial.report).parameters.toEqualTypeOf<[number | readonly number[], number]>();
    expectTypeOf(trial.shouldPrune()).toEqualTypeOf<Promise<boolean>>();
    expectTypeOf(trial.number).toEqualTypeOf<number>();
  });
});
