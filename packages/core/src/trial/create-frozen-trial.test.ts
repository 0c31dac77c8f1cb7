import { describe, expect, it } from 'vitest';
import { categoricalDistribution, floatDistribution } from '../distributions/distribution-factories.js';
import type { Distribution } from '../protocol/distribution.js';
import type { JsonValue } from '../protocol/json-value.js';
import { createFrozenTrial } from './create-frozen-trial.js';
import { FrozenDate, FrozenMap, freezeDate } from './frozen-values.js';

describe('createFrozenTrial', () => {
  it('fills defaults for a bare trial', () => {
    const trial = createFrozenTrial({ trialId: 1, number: 0, state: 'waiting' });
    expect(trial).toMatchObject({ trialId: 1, number: 0, state: 'waiting', values: undefined, params: {}, distributions: {}, userAttrs: {}, systemAttrs: {}, datetimeStart: undefined, datetimeComplete: undefined });
    expect(trial.intermediateValues.size).toBe(0);
  });

  it('copies everything: later changes to the input never show through', () => {
    const values = [1, 2];
    const params: Record<string, JsonValue> = { x: 0.5, c: { deep: [1] } };
    const distributions: Record<string, Distribution> = { x: { type: 'float', low: 0, high: 1, log: false, step: undefined }, c: categoricalDistribution([{ deep: [1] }]) };
    const userAttrs: Record<string, JsonValue> = { note: { list: [1] } };
    const intermediate = new Map<number, number | number[]>([[0, 1], [1, [2, 3]]]);
    const start = new Date(1000);
    const trial = createFrozenTrial({ trialId: 3, number: 2, state: 'complete', values, params, distributions, intermediateValues: intermediate, userAttrs, datetimeStart: start, datetimeComplete: 2000 });
    values.push(3);
    (params.c as { deep: number[] }).deep.push(2);
    (distributions.x as { low: number }).low = -5;
    ((userAttrs.note as { list: number[] }).list).push(2);
    intermediate.set(2, 9);
    (intermediate.get(1) as number[]).push(4);
    start.setTime(0);
    expect(trial.values).toEqual([1, 2]);
    expect(trial.params).toEqual({ x: 0.5, c: { deep: [1] } });
    expect(trial.distributions.x).toMatchObject({ low: 0 });
    expect(trial.userAttrs).toEqual({ note: { list: [1] } });
    expect([...trial.intermediateValues]).toEqual([[0, 1], [1, [2, 3]]]);
    expect(trial.datetimeStart?.getTime()).toBe(1000);
    expect(trial.datetimeComplete?.getTime()).toBe(2000);
  });

  it('is deeply frozen: writes throw in strict mode', () => {
    const trial = createFrozenTrial({
      trialId: 1,
      number: 0,
      state: 'complete',
      values: [1],
      params: { x: 0.5, obj: { a: [1] } },
      distributions: { x: floatDistribution(0, 1), obj: categoricalDistribution([{ a: [1] }]) },
      intermediateValues: [[0, [1, 2]]],
      userAttrs: { a: { b: 1 } },
      systemAttrs: { fixed_params: { x: 0.5 } },
      datetimeStart: 0,
      datetimeComplete: 1,
    });
    expect(() => {
      (trial as { state: string }).state = 'fail';
    }).toThrow(TypeError);
    expect(() => (trial.values as number[]).push(2)).toThrow(TypeError);
    expect(() => {
      ((trial.params.obj as { a: number[] }).a as number[])[0] = 2;
    }).toThrow(TypeError);
    expect(() => {
      (trial.userAttrs.a as { b: number }).b = 2;
    }).toThrow(TypeError);
    expect(() => {
      (trial.systemAttrs as Record<string, unknown>).other = 1;
    }).toThrow(TypeError);
    expect(() => (trial.intermediateValues as Map<number, number>).set(1, 1)).toThrow(/read-only/);
    expect(() => (trial.intermediateValues as Map<number, number>).delete(0)).toThrow(TypeError);
    expect(() => (trial.intermediateValues as Map<number, number>).clear()).toThrow(TypeError);
    expect(() => (trial.intermediateValues.get(0) as number[]).push(3)).toThrow(TypeError);
    expect(() => trial.datetimeStart?.setTime(5)).toThrow(/Date\.setTime/);
    expect(() => trial.datetimeComplete?.setFullYear(2000)).toThrow(TypeError);
    expect(trial.datetimeStart?.getTime()).toBe(0);
  });

  it('sorts intermediate values by step and keeps frozen distributions as they are', () => {
    const dist = floatDistribution(0, 1);
    const trial = createFrozenTrial({ trialId: 1, number: 0, state: 'running', distributions: { x: dist }, params: { x: 0.1 }, intermediateValues: [[5, 0.5], [1, 0.1], [3, Number.NaN]] });
    expect([...trial.intermediateValues.keys()]).toEqual([1, 3, 5]);
    expect(trial.intermediateValues.get(3)).toBeNaN();
    expect(trial.distributions.x).toBe(dist);
  });
});

describe('frozen values', () => {
  it('FrozenMap reads like a Map', () => {
    const map = new FrozenMap([[1, 'a'], [2, 'b']]);
    expect(map).toBeInstanceOf(Map);
    expect(map.get(2)).toBe('b');
    expect([...map.entries()]).toEqual([[1, 'a'], [2, 'b']]);
    expect(Object.isFrozen(map)).toBe(true);
  });

  it('freezeDate copies dates and numbers, passes undefined and frozen dates through', () => {
    const frozen = freezeDate(1234);
    expect(frozen).toBeInstanceOf(Date);
    expect(frozen).toBeInstanceOf(FrozenDate);
    expect(frozen?.toISOString()).toBe('1970-01-01T00:00:01.234Z');
    expect(freezeDate(frozen)).toBe(frozen);
    expect(freezeDate(undefined)).toBeUndefined();
    expect(freezeDate(null)).toBeUndefined();
  });
});
