import { describe, expect, it } from 'vitest';
import { distributionToJson } from '../../distributions/distribution-json.js';
import { categoricalDistribution, floatDistribution, intDistribution } from '../../distributions/distribution-factories.js';
import { StorageError } from '../../errors/storage-error.js';
import { DistributionJsonCache, buildFrozenTrialFromRows, upgradeDistributionJson, type OptunaTrialRows } from './optuna-trial-rows.js';

const base: OptunaTrialRows = {
  trial: { trialId: 7, number: 3, state: 'COMPLETE', datetimeStart: '2024-01-02 03:04:05.006000', datetimeComplete: '2024-01-02 03:04:06.000000' },
  params: [],
  values: [],
  intermediateValues: [],
  userAttrs: [],
  systemAttrs: [],
};

describe('buildFrozenTrialFromRows', () => {
  it("decodes Optuna's rows into a frozen trial with external param values", () => {
    const trial = buildFrozenTrialFromRows('sqlite:test', {
      ...base,
      params: [
        { name: 'lr', value: 0.01, distributionJson: distributionToJson(floatDistribution(1e-4, 1, { log: true })) },
        { name: 'units', value: 64, distributionJson: '{"name": "IntDistribution", "attributes": {"log": false, "step": 16, "low": 16, "high": 256}}' },
        { name: 'act', value: 1, distributionJson: distributionToJson(categoricalDistribution(['relu', 'tanh'])) },
      ],
      values: [
        { objective: 1, value: null, valueType: 'INF_NEG' },
        { objective: 0, value: 0.5, valueType: 'FINITE' },
      ],
      intermediateValues: [
        { step: 2, value: null, valueType: 'NAN' },
        { step: 0, value: 1.5, valueType: 'FINITE' },
      ],
      userAttrs: [{ key: 'k', valueJson: '{"a": [1, 2]}' }],
      systemAttrs: [{ key: 'fixed_params', valueJson: '{"lr": 0.01}' }],
    });
    expect(trial).toMatchObject({ trialId: 7, number: 3, state: 'complete', values: [0.5, Number.NEGATIVE_INFINITY], params: { lr: 0.01, units: 64, act: 'tanh' } });
    expect(Object.keys(trial.params)).toEqual(['lr', 'units', 'act']);
    expect(trial.distributions.units).toEqual(intDistribution(16, 256, { step: 16 }));
    expect([...trial.intermediateValues]).toEqual([
      [0, 1.5],
      [2, Number.NaN],
    ]);
    expect(trial.userAttrs).toEqual({ k: { a: [1, 2] } });
    expect(trial.systemAttrs).toEqual({ fixed_params: { lr: 0.01 } });
    expect(trial.datetimeStart?.getTime()).toBe(new Date(2024, 0, 2, 3, 4, 5, 6).getTime());
    expect(Object.isFrozen(trial) && Object.isFrozen(trial.params)).toBe(true);
  });

  it("applies and hides tunekit's exact-value attrs", () => {
    const trial = buildFrozenTrialFromRows('sqlite:test', {
      ...base,
      trial: { ...base.trial, state: 'PRUNED' },
      values: [],
      intermediateValues: [
        { step: 0, value: 1, valueType: 'FINITE' },
        { step: 1, value: 0, valueType: 'FINITE' },
      ],
      systemAttrs: [
        { key: 'tunekit:values', valueJson: '["NaN"]' },
        { key: 'tunekit:intermediate_value:0', valueJson: '[1, "Infinity"]' },
        { key: 'tunekit:intermediate_value:1', valueJson: '"-0"' },
        { key: 'visible', valueJson: 'true' },
      ],
    });
    expect(trial.values).toEqual([Number.NaN]);
    expect(trial.intermediateValues.get(0)).toEqual([1, Number.POSITIVE_INFINITY]);
    expect(Object.is(trial.intermediateValues.get(1), -0)).toBe(true);
    expect(trial.systemAttrs).toEqual({ visible: true });
  });

  it('wraps undecodable rows in a StorageError naming the trial', () => {
    const broken = { ...base, trial: { ...base.trial, state: 'EXPLODED' } };
    expect(() => buildFrozenTrialFromRows('sqlite:test', broken)).toThrow(StorageError);
    expect(() => buildFrozenTrialFromRows('sqlite:test', broken)).toThrow(/trial 3 \(id 7\).*EXPLODED/);
    const badParam = { ...base, params: [{ name: 'c', value: 5, distributionJson: distributionToJson(categoricalDistribution(['a'])) }] };
    expect(() => buildFrozenTrialFromRows('sqlite:test', badParam)).toThrow(/out of range/);
  });

  it('parses each distribution JSON once', () => {
    const cache = new DistributionJsonCache();
    const json = distributionToJson(floatDistribution(0, 1));
    expect(cache.parse(json)).toBe(cache.parse(json));
  });
});

describe('upgradeDistributionJson (migration v3.0.0.a)', () => {
  it("converts Optuna 2.x classes like Optuna's migration and leaves current ones alone", () => {
    const up = (json: string) => JSON.parse(upgradeDistributionJson(json) ?? 'null');
    expect(up('{"name": "UniformDistribution", "attributes": {"low": -1.0, "high": 1.0}}')).toEqual({ name: 'FloatDistribution', attributes: { step: null, low: -1, high: 1, log: false } });
    expect(up('{"name": "LogUniformDistribution", "attributes": {"low": 1e-05, "high": 0.1}}')).toEqual({ name: 'FloatDistribution', attributes: { step: null, low: 1e-5, high: 0.1, log: true } });
    expect(up('{"name": "DiscreteUniformDistribution", "attributes": {"low": 0.0, "high": 1.0, "q": 0.25}}')).toEqual({ name: 'FloatDistribution', attributes: { step: 0.25, low: 0, high: 1, log: false } });
    expect(up('{"name": "IntUniformDistribution", "attributes": {"low": 1, "high": 9, "step": 2}}')).toEqual({ name: 'IntDistribution', attributes: { log: false, step: 2, low: 1, high: 9 } });
    expect(up('{"name": "IntLogUniformDistribution", "attributes": {"low": 1, "high": 1024, "step": 1}}')).toEqual({ name: 'IntDistribution', attributes: { log: true, step: 1, low: 1, high: 1024 } });
    expect(upgradeDistributionJson('{"name": "CategoricalDistribution", "attributes": {"choices": ["a"]}}')).toBeUndefined();
    expect(upgradeDistributionJson(distributionToJson(floatDistribution(0, 1)))).toBeUndefined();
  });
});
