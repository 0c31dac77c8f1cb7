import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidDistributionError } from '../errors/invalid-distribution-error.js';
import type { Distribution } from '../protocol/distribution.js';
import { categoricalDistribution, floatDistribution, intDistribution } from './distribution-factories.js';
import { distributionFromJson, distributionToJson } from './distribution-json.js';
import { distributionsEqual } from './distribution-values.js';

// Strings exactly as Python Optuna 3.x writes them (`json.dumps`, so ", " and ": " separators and
// 0.0-style floats) into `trial_params.distribution_json`.
const OPTUNA: readonly (readonly [string, Distribution])[] = [
  ['{"name": "FloatDistribution", "attributes": {"step": null, "low": -10.0, "high": 10.0, "log": false}}', floatDistribution(-10, 10)],
  ['{"name": "FloatDistribution", "attributes": {"step": null, "low": 1e-05, "high": 0.1, "log": true}}', floatDistribution(1e-5, 0.1, { log: true })],
  ['{"name": "FloatDistribution", "attributes": {"step": 0.25, "low": 0.0, "high": 1.0, "log": false}}', floatDistribution(0, 1, { step: 0.25 })],
  ['{"name": "IntDistribution", "attributes": {"log": false, "step": 1, "low": 0, "high": 10}}', intDistribution(0, 10)],
  ['{"name": "IntDistribution", "attributes": {"log": true, "step": 1, "low": 2, "high": 32}}', intDistribution(2, 32, { log: true })],
  ['{"name": "IntDistribution", "attributes": {"log": false, "step": 16, "low": 16, "high": 256}}', intDistribution(16, 256, { step: 16 })],
  ['{"name": "CategoricalDistribution", "attributes": {"choices": ["relu", "tanh"]}}', categoricalDistribution(['relu', 'tanh'])],
  ['{"name": "CategoricalDistribution", "attributes": {"choices": [null, true, 1, 2.5, "x"]}}', categoricalDistribution([null, true, 1, 2.5, 'x'])],
  // Legacy classes (Optuna < 3.0 databases).
  ['{"name": "UniformDistribution", "attributes": {"low": -1.0, "high": 1.0}}', floatDistribution(-1, 1)],
  ['{"name": "LogUniformDistribution", "attributes": {"low": 1e-05, "high": 1.0}}', floatDistribution(1e-5, 1, { log: true })],
  ['{"name": "DiscreteUniformDistribution", "attributes": {"low": 0.0, "high": 1.0, "q": 0.1}}', floatDistribution(0, 1, { step: 0.1 })],
  ['{"name": "IntUniformDistribution", "attributes": {"low": 1, "high": 9, "step": 2}}', intDistribution(1, 9, { step: 2 })],
  ['{"name": "IntUniformDistribution", "attributes": {"low": 0, "high": 5}}', intDistribution(0, 5)],
  ['{"name": "IntLogUniformDistribution", "attributes": {"low": 1, "high": 1024, "step": 1}}', intDistribution(1, 1024, { log: true })],
  // Optuna's abbreviated form (json_to_distribution's "type" branch).
  ['{"type": "float", "low": 0.0, "high": 1.0}', floatDistribution(0, 1)],
  ['{"type": "float", "low": 0.001, "high": 1.0, "log": true, "step": null}', floatDistribution(0.001, 1, { log: true })],
  ['{"type": "float", "low": 0.0, "high": 1.0, "step": 0.5}', floatDistribution(0, 1, { step: 0.5 })],
  ['{"type": "int", "low": 0, "high": 9, "step": 3}', intDistribution(0, 9, { step: 3 })],
  ['{"type": "int", "low": 1, "high": 9, "log": true}', intDistribution(1, 9, { log: true })],
  ['{"type": "categorical", "choices": ["a", "b"]}', categoricalDistribution(['a', 'b'])],
];

describe('distributionFromJson', () => {
  it.each(OPTUNA)('parses %s', (text, expected) => {
    const parsed = distributionFromJson(text);
    expect(parsed).toEqual(expected);
    expect(Object.isFrozen(parsed)).toBe(true);
  });

  it("applies Optuna's range adjustment to ranges a step does not divide", () => {
    expect(distributionFromJson('{"name": "DiscreteUniformDistribution", "attributes": {"low": 0.0, "high": 1.0, "q": 0.3}}')).toMatchObject({ high: 0.9 });
    expect(distributionFromJson('{"name": "IntDistribution", "attributes": {"log": false, "step": 4, "low": 0, "high": 10}}')).toMatchObject({ high: 8 });
  });

  it('rejects malformed JSON with InvalidDistributionError naming the parameter', () => {
    const cases: readonly (readonly [string, RegExp])[] = [
      ['not json', /'p': not valid JSON/],
      ['[1, 2]', /expected \{"name": \.\.\., "attributes": \{\.\.\.\}\}/],
      ['{"attributes": {}}', /expected \{"name"/],
      ['{"name": "FloatDistribution", "attributes": "low=0"}', /expected \{"name"/],
      ['{"name": "GaussianDistribution", "attributes": {}}', /unknown distribution class 'GaussianDistribution'/],
      ['{"name": "FloatDistribution", "attributes": {"high": 1.0}}', /FloatDistribution JSON lacks the attribute 'low'/],
      ['{"name": "CategoricalDistribution", "attributes": {}}', /lacks the attribute 'choices'/],
      ['{"name": "CategoricalDistribution", "attributes": {"choices": []}}', /choices must not be empty/],
      ['{"name": "FloatDistribution", "attributes": {"step": null, "low": 2.0, "high": 1.0, "log": false}}', /low \(2\) must be <= high \(1\)/],
      ['{"name": "FloatDistribution", "attributes": {"step": null, "low": 0.0, "high": 1.0, "log": "false"}}', /log must be a boolean/],
      ['{"name": "IntDistribution", "attributes": {"log": false, "step": 0, "low": 0, "high": 1}}', /step must be a positive integer/],
      ['{"type": "gaussian", "low": 0}', /unknown distribution type "gaussian"/],
      ['{"type": "int", "high": 3}', /lacks the attribute 'low'/],
    ];
    for (const [text, message] of cases) {
      let caught: unknown;
      try {
        distributionFromJson(text, 'p');
      } catch (error) {
        caught = error;
      }
      expect(caught, text).toBeInstanceOf(InvalidDistributionError);
      expect((caught as InvalidDistributionError).paramName, text).toBe('p');
      expect((caught as Error).message, text).toMatch(message);
    }
  });
});

describe('distributionToJson', () => {
  it("writes Optuna's format, attribute order included", () => {
    expect(distributionToJson(floatDistribution(1e-5, 0.1, { log: true }))).toBe('{"name":"FloatDistribution","attributes":{"step":null,"low":0.00001,"high":0.1,"log":true}}');
    expect(distributionToJson(floatDistribution(0, 1, { step: 0.3 }))).toBe('{"name":"FloatDistribution","attributes":{"step":0.3,"low":0,"high":0.9,"log":false}}');
    expect(distributionToJson(intDistribution(16, 256, { step: 16 }))).toBe('{"name":"IntDistribution","attributes":{"log":false,"step":16,"low":16,"high":256}}');
    expect(distributionToJson(categoricalDistribution(['relu', null, 1]))).toBe('{"name":"CategoricalDistribution","attributes":{"choices":["relu",null,1]}}');
  });

  it('what Optuna wrote reads back to the same JSON modulo whitespace and 1.0 vs 1', () => {
    for (const [text] of OPTUNA.slice(0, 8)) {
      const optuna = JSON.parse(text) as unknown;
      expect(JSON.parse(distributionToJson(distributionFromJson(text)))).toEqual(optuna);
    }
  });
});

describe('JSON codec round-trip (property)', () => {
  const numeric = fc.oneof(
    fc
      .tuple(fc.double({ min: -1e9, max: 1e9, noNaN: true }), fc.double({ min: 0, max: 1e9, noNaN: true }), fc.constantFrom('plain', 'log', 'step'), fc.double({ min: 1e-4, max: 1e4, noNaN: true }))
      .filter(([, span, kind, step]) => kind !== 'step' || span / step < 1e9)
      .map(([low, span, kind, step]): Distribution => {
        if (kind === 'log') return floatDistribution(Math.abs(low) + 1e-12, Math.abs(low) + 1e-12 + span, { log: true });
        if (kind === 'step') return floatDistribution(low, low + span, { step });
        return floatDistribution(low, low + span);
      }),
    fc
      .tuple(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 0, max: 1e9 }), fc.boolean(), fc.integer({ min: 1, max: 1e6 }))
      .map(([low, span, log, step]): Distribution => (log ? intDistribution(Math.abs(low) + 1, Math.abs(low) + 1 + span, { log: true }) : intDistribution(low, low + span, { step }))),
  );
  const categorical = fc
    .uniqueArray(fc.jsonValue({ maxDepth: 3 }), { minLength: 1, maxLength: 10, selector: (value) => JSON.stringify(value) })
    .map((choices): Distribution => categoricalDistribution(choices as never[]));

  it('distributionFromJson(distributionToJson(d)) equals d', () => {
    fc.assert(
      fc.property(fc.oneof(numeric, categorical), (dist) => {
        const text = distributionToJson(dist);
        const back = distributionFromJson(text);
        expect(back).toEqual(dist);
        expect(distributionsEqual(back, dist)).toBe(true);
        expect(distributionToJson(back)).toBe(text);
      }),
      { numRuns: 300 },
    );
  });
});
