import { describe, expect, it } from 'vitest';
import { floatDistribution } from '../../distributions/distribution-factories.js';
import { InvalidArgumentError } from '../../errors/invalid-argument-error.js';
import { prepareFinishValues, prepareIntermediateValue, prepareStudy, prepareTrialSystemAttr, prepareTrialTemplate, exactIntermediateAttr } from './rdb-operation-input.js';

describe('rdb operation input', () => {
  it('validates study input like the in-memory storage', () => {
    expect(prepareStudy('x', { studyName: 's', directions: ['maximize'] })).toEqual({ studyName: 's', directions: ['maximize'] });
    expect(() => prepareStudy('x', { studyName: '', directions: ['minimize'] })).toThrow(InvalidArgumentError);
    expect(() => prepareStudy('x', { studyName: 's', directions: ['up'] })).toThrow(InvalidArgumentError);
  });

  it("refuses tunekit's reserved system attr keys", () => {
    expect(() => prepareTrialSystemAttr('x', 'tunekit:values', 1)).toThrow(/reserved/);
    expect(() => prepareTrialSystemAttr('x', 'tunekit:intermediate_value:3', 1)).toThrow(/reserved/);
    expect(prepareTrialSystemAttr('x', 'fail_reason', 'boom')).toEqual({ key: 'fail_reason', valueJson: '"boom"' });
    expect(() => prepareTrialTemplate('x', { systemAttrs: { 'tunekit:values': [] } }, 1)).toThrow(InvalidArgumentError);
  });

  it('encodes a template with its exact-value attrs', () => {
    const prepared = prepareTrialTemplate(
      'x',
      {
        state: 'pruned',
        values: [Number.NaN],
        params: { a: { internal: 0.5, distribution: floatDistribution(0, 1) } },
        intermediateValues: new Map([[4, [1, 2]]]),
        userAttrs: { u: 1 },
      },
      1,
    );
    expect(prepared.optunaState).toBe('PRUNED');
    expect(prepared.values).toEqual({ rows: [], exact: ['NaN'] });
    expect(prepared.params).toEqual([{ name: 'a', internal: 0.5, distribution: floatDistribution(0, 1), distributionJson: '{"name":"FloatDistribution","attributes":{"step":null,"low":0,"high":1,"log":false}}' }]);
    expect(prepared.systemAttrs).toEqual([
      { key: 'tunekit:values', valueJson: '["NaN"]' },
      { key: 'tunekit:intermediate_value:4', valueJson: '[1,2]' },
    ]);
    expect(prepared.userAttrs).toEqual([{ key: 'u', valueJson: '1' }]);
  });

  it('requires values to complete and accepts NaN only when not complete', () => {
    expect(() => prepareFinishValues('x', 'complete', undefined, 1)).toThrow(InvalidArgumentError);
    expect(() => prepareFinishValues('x', 'complete', [Number.NaN], 1)).toThrow(InvalidArgumentError);
    expect(prepareFinishValues('x', 'fail', [Number.NaN], 1)?.exact).toEqual(['NaN']);
    expect(prepareFinishValues('x', 'pruned', undefined, 1)).toBeUndefined();
    expect(exactIntermediateAttr(prepareIntermediateValue('x', 2, 0.5))).toBeUndefined();
    expect(() => prepareIntermediateValue('x', -1, 0.5)).toThrow(InvalidArgumentError);
  });
});
