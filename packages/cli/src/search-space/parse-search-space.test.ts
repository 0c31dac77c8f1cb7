import { describe, expect, it } from 'vitest';
import { parseSearchSpace } from './parse-search-space.js';

describe('parseSearchSpace', () => {
  it("reads tunekit's form with defaults (log false, no float step, int step 1)", () => {
    expect(
      parseSearchSpace('{"x":{"type":"float","low":0,"high":1},"n":{"type":"int","low":1,"high":9,"step":2},"m":{"type":"int","low":1,"high":64,"log":true},"s":{"type":"float","low":0,"high":1,"step":null},"c":{"type":"categorical","choices":["a",1,null]}}'),
    ).toEqual({
      x: { type: 'float', low: 0, high: 1, log: false, step: undefined },
      n: { type: 'int', low: 1, high: 9, log: false, step: 2 },
      m: { type: 'int', low: 1, high: 64, log: true, step: 1 },
      s: { type: 'float', low: 0, high: 1, log: false, step: undefined },
      c: { type: 'categorical', choices: ['a', 1, null] },
    });
  });

  it("reads Optuna CLI's form, legacy distribution classes included", () => {
    const space = parseSearchSpace(
      JSON.stringify({
        x: { name: 'FloatDistribution', attributes: { step: null, low: 0.0, high: 1.0, log: false } },
        lr: { name: 'LogUniformDistribution', attributes: { low: 1e-5, high: 0.1 } },
        n: { name: 'IntDistribution', attributes: { log: false, step: 1, low: 0, high: 10 } },
        c: { name: 'CategoricalDistribution', attributes: { choices: ['relu', 'tanh'] } },
      }),
    );
    expect(space).toEqual({
      x: { type: 'float', low: 0, high: 1, log: false, step: undefined },
      lr: { type: 'float', low: 1e-5, high: 0.1, log: true, step: undefined },
      n: { type: 'int', low: 0, high: 10, log: false, step: 1 },
      c: { type: 'categorical', choices: ['relu', 'tanh'] },
    });
  });

  it('names the parameter and the problem', () => {
    expect(() => parseSearchSpace('{"lr":{"type":"float","low":0,"high":1,"log":true}}')).toThrow("Invalid --search-space: Invalid parameter 'lr': low must be > 0 when log: true, got 0");
    expect(() => parseSearchSpace('{"c":{"type":"categorical","choices":[]}}')).toThrow("Invalid parameter 'c': choices must not be empty");
    expect(() => parseSearchSpace('{"x":5}')).toThrow("parameter 'x' must be an object");
    expect(() => parseSearchSpace('{"":{"type":"float","low":0,"high":1}}')).toThrow('a parameter name is empty');
  });
});
