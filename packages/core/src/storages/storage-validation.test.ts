import { describe, expect, it } from 'vitest';
import { categoricalDistribution, floatDistribution, intDistribution } from '../distributions/index.js';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { InvalidDistributionError } from '../errors/invalid-distribution-error.js';
import type { Distribution } from '../protocol/distribution.js';
import type { JsonValue } from '../protocol/json-value.js';
import type { TrialTemplate } from '../protocol/storage.js';
import type { TrialState } from '../protocol/trial-state.js';
import {
  setOwnAttr,
  validateAttrKey,
  validateFinishState,
  validateGracePeriod,
  validateIntermediateValue,
  validateJsonValue,
  validateMaxTrials,
  validateParam,
  validateStudyDirections,
  validateTrialTemplate,
  validateTrialValues,
} from './storage-validation.js';

function thrown(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

describe('validateJsonValue', () => {
  it('accepts JSON values and returns a deep copy', () => {
    const input = { a: [1, 'x', null, true, { b: [] }], '': '', 'ü ✓': -1.5e-300, nested: { deep: { deeper: [[[]]] } } };
    const copy = validateJsonValue('memory:', 'attr', input);
    expect(copy).toEqual(input);
    expect(copy).not.toBe(input);
    (input.a[4] as { b: unknown[] }).b.push(1);
    expect(copy).toEqual({ a: [1, 'x', null, true, { b: [] }], '': '', 'ü ✓': -1.5e-300, nested: { deep: { deeper: [[[]]] } } });
    expect(validateJsonValue('memory:', 'attr', Object.assign(Object.create(null), { k: 1 }))).toEqual({ k: 1 });
  });

  it.each([
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['undefined', undefined],
    ['a function', () => 1],
    ['a Date', new Date(0)],
    ['a Map', new Map()],
    ['a class instance', new (class Point {})()],
    ['a bigint', 10n],
    ['a symbol', Symbol('s')],
    ['NaN nested in an array', [1, [2, Number.NaN]]],
    ['undefined nested in an object', { a: { b: undefined } }],
    ['a hole in an array', [1, , 3]],
  ])('refuses %s with an InvalidArgumentError naming the field and the storage', (_, value) => {
    const error = thrown(() => validateJsonValue('sqlite:./x.db', "user attr 'k'", value));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error).toMatchObject({ field: "user attr 'k'", value });
    expect((error as Error).message).toContain("user attr 'k'");
    expect((error as Error).message).toContain('sqlite:./x.db');
  });

  it('refuses cyclic and absurdly deep values instead of overflowing the stack', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect((thrown(() => validateJsonValue('memory:', 'attr', cyclic)) as Error).message).toContain('nested too deeply');
    let deep: unknown = 1;
    for (let i = 0; i < 100; i++) deep = [deep];
    expect(thrown(() => validateJsonValue('memory:', 'attr', deep))).toBeInstanceOf(InvalidArgumentError);
    let fine: unknown = 1;
    for (let i = 0; i < 60; i++) fine = { x: fine };
    expect(validateJsonValue('memory:', 'attr', fine)).toEqual(fine);
  });
});

describe('attr keys', () => {
  it('validateAttrKey accepts any string and refuses other types', () => {
    for (const key of ['', '__proto__', 'a.b', '✓']) expect(validateAttrKey('key', key)).toBe(key);
    for (const key of [1, undefined, null, Symbol('k')]) expect(thrown(() => validateAttrKey('key', key))).toBeInstanceOf(InvalidArgumentError);
  });

  it("setOwnAttr stores '__proto__' as a plain own key instead of changing the prototype", () => {
    const target: Record<string, JsonValue> = {};
    setOwnAttr(target, '__proto__', { polluted: true });
    setOwnAttr(target, 'constructor', 1);
    expect(Object.getPrototypeOf(target)).toBe(Object.prototype);
    expect(Object.keys(target)).toEqual(['__proto__', 'constructor']);
    expect((target as { polluted?: boolean }).polluted).toBeUndefined();
    expect(structuredClone(target)).toEqual(target);
    setOwnAttr(target, 'constructor', 2);
    expect(Object.getOwnPropertyDescriptor(target, 'constructor')).toEqual({ value: 2, enumerable: true, writable: true, configurable: true });
  });
});

describe('validateTrialValues', () => {
  it('accepts one number per objective, including ±0, ±Infinity and subnormals', () => {
    const values = [-0, Number.NEGATIVE_INFINITY, 5e-324];
    expect(validateTrialValues('memory:', values, 3)).toBe(values);
  });

  it.each([
    ['undefined', undefined, 1],
    ['a number', 1, 1],
    ['too few', [1], 2],
    ['too many', [1, 2], 1],
    ['empty', [], 1],
    ['NaN', [Number.NaN], 1],
    ['a string', ['1'], 1],
    ['null', [null], 1],
    ['a typed array', new Float64Array([1]), 1],
  ])('refuses %s', (_, values, n) => {
    expect(thrown(() => validateTrialValues('memory:', values as number[], n))).toMatchObject({ name: 'InvalidArgumentError', field: 'values' });
  });

  it('allows NaN only when asked (pruned / fail values)', () => {
    expect(validateTrialValues('memory:', [Number.NaN], 1, true)).toEqual([Number.NaN]);
    expect(thrown(() => validateTrialValues('memory:', ['x' as unknown as number], 1, true))).toBeInstanceOf(InvalidArgumentError);
  });
});

describe('validateIntermediateValue', () => {
  it('accepts non-negative safe integer steps and any double, keeping its exact bits', () => {
    for (const value of [0, -0, Number.NaN, Number.POSITIVE_INFINITY, Number.MIN_VALUE, -Number.MAX_VALUE]) {
      expect(Object.is(validateIntermediateValue('memory:', 0, value), value)).toBe(true);
    }
    expect(validateIntermediateValue('memory:', Number.MAX_SAFE_INTEGER, 1)).toBe(1);
  });

  it('returns a frozen copy of a vector', () => {
    const vector = [1, Number.NaN, -0];
    const copy = validateIntermediateValue('memory:', 3, vector) as readonly number[];
    expect(copy).not.toBe(vector);
    expect(Object.isFrozen(copy)).toBe(true);
    vector[0] = 9;
    expect(copy).toEqual([1, Number.NaN, -0]);
    expect(Object.is(copy[2], -0)).toBe(true);
  });

  it.each([1.5, -1, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, '2'])('refuses step %s (field "step")', (step) => {
    expect(thrown(() => validateIntermediateValue('memory:', step as number, 1))).toMatchObject({ name: 'InvalidArgumentError', field: 'step' });
  });

  it.each([['a string', '1'], ['null', null], ['an empty vector', []], ['a vector with a string', [1, '2']], ['an object', { 0: 1 }]])('refuses %s as a value', (_, value) => {
    const error = thrown(() => validateIntermediateValue('memory:', 4, value as unknown as number));
    expect(error).toMatchObject({ name: 'InvalidArgumentError', field: 'intermediate value at step 4' });
  });
});

describe('validateStudyDirections', () => {
  it('returns a frozen copy of valid directions', () => {
    const input = ['minimize', 'maximize'] as const;
    const copy = validateStudyDirections('memory:', input);
    expect(copy).toEqual(['minimize', 'maximize']);
    expect(copy).not.toBe(input);
    expect(Object.isFrozen(copy)).toBe(true);
  });

  it.each([[[]], [['up']], [['Minimize']], ['minimize'], [undefined], [[null]]])('refuses %j', (directions) => {
    expect(thrown(() => validateStudyDirections('memory:', directions))).toMatchObject({ name: 'InvalidArgumentError', field: 'directions' });
  });
});

describe('small option checks', () => {
  it('validateFinishState accepts only finished states', () => {
    for (const state of ['complete', 'pruned', 'fail']) expect(validateFinishState(state)).toBe(state);
    for (const state of ['running', 'waiting', 'COMPLETE', undefined]) expect(thrown(() => validateFinishState(state))).toMatchObject({ field: 'state' });
  });

  it('validateMaxTrials accepts undefined and numbers >= 0 (Infinity = no cap)', () => {
    for (const value of [undefined, 0, 1, 37, Number.POSITIVE_INFINITY]) expect(validateMaxTrials(value)).toBe(value);
    for (const value of [-1, Number.NaN, '3', null]) expect(thrown(() => validateMaxTrials(value))).toMatchObject({ field: 'maxTrials' });
  });

  it('validateGracePeriod accepts finite ms >= 0', () => {
    for (const value of [0, 1, 60_000.5]) expect(validateGracePeriod(value)).toBe(value);
    for (const value of [-1, Number.NaN, Number.POSITIVE_INFINITY, '1']) expect(thrown(() => validateGracePeriod(value))).toMatchObject({ field: 'gracePeriodMs' });
  });
});

describe('validateParam', () => {
  it('returns the validated, frozen distribution; values outside the range are allowed (fixed params)', () => {
    const input: Distribution = { type: 'float', low: 0, high: 1, log: false, step: undefined };
    const checked = validateParam('memory:', 'x', 2, input);
    expect(checked).toEqual(floatDistribution(0, 1));
    expect(checked).not.toBe(input);
    expect(Object.isFrozen(checked)).toBe(true);
    expect(validateParam('memory:', 'n', -4, intDistribution(0, 10, { step: 2 }))).toEqual(intDistribution(0, 10, { step: 2 }));
    expect(validateParam('memory:', 'c', 2, categoricalDistribution([null, false, { a: 1 }]))).toEqual(categoricalDistribution([null, false, { a: 1 }]));
  });

  it.each([
    ['NaN', Number.NaN, floatDistribution(0, 1)],
    ['Infinity', Number.POSITIVE_INFINITY, floatDistribution(0, 1)],
    ['a string', '0.5', floatDistribution(0, 1)],
    ['a fractional int', 2.5, intDistribution(0, 10)],
    ['a negative index', -1, categoricalDistribution(['a', 'b'])],
    ['an index past the end', 2, categoricalDistribution(['a', 'b'])],
    ['a fractional index', 0.5, categoricalDistribution(['a', 'b'])],
  ])('refuses %s as an internal value, naming the param', (_, internal, dist) => {
    const error = thrown(() => validateParam('memory:', 'lr', internal as number, dist));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error).toMatchObject({ field: "param 'lr'", value: internal });
  });

  it.each([
    ['low > high', { type: 'float', low: 1, high: 0, log: false, step: undefined }],
    ['log with low <= 0', { type: 'float', low: 0, high: 1, log: true, step: undefined }],
    ['step 0', { type: 'int', low: 0, high: 4, log: false, step: 0 }],
    ['no choices', { type: 'categorical', choices: [] }],
    ['an unknown type', { type: 'uniform', low: 0, high: 1 }],
    ['null', null],
  ])('refuses a distribution with %s (InvalidDistributionError naming the param)', (_, dist) => {
    const error = thrown(() => validateParam('memory:', 'lr', 0, dist as Distribution));
    expect(error).toBeInstanceOf(InvalidDistributionError);
    expect(error).toMatchObject({ paramName: 'lr' });
  });
});

describe('validateTrialTemplate', () => {
  it('defaults to an empty running trial', () => {
    expect(validateTrialTemplate('memory:', undefined, 1)).toEqual({
      state: 'running',
      params: [],
      values: undefined,
      intermediateValues: [],
      userAttrs: {},
      systemAttrs: {},
      datetimeStart: undefined,
      datetimeComplete: undefined,
    });
  });

  it('copies and normalises a full template: sorted steps, validated params, own-key attrs, dates as ms', () => {
    const values = [1, 2];
    const vector = [3, 4];
    const template: TrialTemplate = {
      state: 'complete',
      values,
      params: { x: { internal: 0.5, distribution: floatDistribution(0, 1) }, c: { internal: 1, distribution: categoricalDistribution(['a', null]) } },
      intermediateValues: new Map<number, number | number[]>([[5, 1], [0, vector], [2, Number.NaN]]),
      userAttrs: JSON.parse('{"__proto__": {"x": 1}, "k": [1]}') as Record<string, JsonValue>,
      systemAttrs: { fixed_params: { x: 0.5 } },
      datetimeStart: new Date(1000),
      datetimeComplete: new Date(2000),
    };
    const checked = validateTrialTemplate('memory:', template, 2);
    values[0] = 99;
    vector[0] = 99;
    expect(checked.values).toEqual([1, 2]);
    expect(Object.isFrozen(checked.values)).toBe(true);
    expect(checked.params).toEqual([
      { name: 'x', internal: 0.5, distribution: floatDistribution(0, 1) },
      { name: 'c', internal: 1, distribution: categoricalDistribution(['a', null]) },
    ]);
    expect(checked.intermediateValues).toEqual([[0, [3, 4]], [2, Number.NaN], [5, 1]]);
    expect(Object.keys(checked.userAttrs)).toEqual(['__proto__', 'k']);
    expect(Object.getPrototypeOf(checked.userAttrs)).toBe(Object.prototype);
    expect(checked.systemAttrs).toEqual({ fixed_params: { x: 0.5 } });
    expect(checked.datetimeStart).toBe(1000);
    expect(checked.datetimeComplete).toBe(2000);
  });

  it('takes optional values (NaN allowed) for pruned and fail, none for running and waiting', () => {
    expect(validateTrialTemplate('memory:', { state: 'pruned' }, 1).values).toBeUndefined();
    expect(validateTrialTemplate('memory:', { state: 'pruned', values: [Number.NaN] }, 1).values).toEqual([Number.NaN]);
    expect(validateTrialTemplate('memory:', { state: 'fail', values: [3] }, 1).values).toEqual([3]);
    expect(thrown(() => validateTrialTemplate('memory:', { state: 'running', values: [1] }, 1))).toMatchObject({ field: 'template.values' });
    expect(thrown(() => validateTrialTemplate('memory:', { state: 'waiting', values: [1] }, 1))).toMatchObject({ field: 'template.values' });
  });

  it.each<[string, TrialTemplate, string]>([
    ['an unknown state', { state: 'done' as TrialState }, 'template.state'],
    ['complete without values', { state: 'complete' }, 'values'],
    ['complete with NaN', { state: 'complete', values: [Number.NaN] }, 'values'],
    ['complete with the wrong arity', { state: 'complete', values: [1, 2] }, 'values'],
    ['a bad param value', { params: { c: { internal: 5, distribution: categoricalDistribution(['a']) } } }, "param 'c'"],
    ['a param that is not an object', { params: { c: null as never } }, "template.params['c']"],
    ['a negative step', { intermediateValues: new Map([[-1, 0]]) }, 'step'],
    ['a non-JSON user attr', { userAttrs: { k: Number.NaN } }, "template.userAttrs['k']"],
    ['a non-JSON system attr', { systemAttrs: { k: new Date() as never } }, "template.systemAttrs['k']"],
    ['an invalid date', { datetimeStart: new Date(Number.NaN) }, 'template.datetimeStart'],
    ['a date that is not a Date', { datetimeComplete: 5 as never, state: 'fail' }, 'template.datetimeComplete'],
  ])('refuses %s, naming the field', (_, template, field) => {
    const error = thrown(() => validateTrialTemplate('memory:', template, 1));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error).toMatchObject({ field });
  });

  it('refuses an invalid distribution in a template with InvalidDistributionError', () => {
    const template: TrialTemplate = { params: { x: { internal: 0, distribution: { type: 'int', low: 5, high: 1, log: false, step: 1 } } } };
    expect(thrown(() => validateTrialTemplate('memory:', template, 1))).toMatchObject({ name: 'InvalidDistributionError', paramName: 'x' });
  });
});
