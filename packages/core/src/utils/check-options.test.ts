import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { RandomSampler } from '../samplers/random-sampler.js';
import { checkBooleans, checkFunctions, checkSamplerOption, checkSeed } from './check-options.js';

describe('option checks', () => {
  it('checkSeed accepts undefined and finite numbers, names the field otherwise', () => {
    expect(() => checkSeed('X', undefined)).not.toThrow();
    expect(() => checkSeed('X', -3.5)).not.toThrow();
    for (const bad of [Number.NaN, Infinity, '3', null]) expect(() => checkSeed('X', bad)).toThrow(/X\.seed/);
    expect(() => checkSeed('X', Number.NaN)).toThrow(InvalidArgumentError);
  });

  it('checkBooleans and checkFunctions check only the keys that are set', () => {
    const options: { a?: unknown; b?: unknown } = { a: true };
    expect(() => checkBooleans('X', options, ['a', 'b'])).not.toThrow();
    expect(() => checkBooleans('X', { a: 'false' }, ['a'])).toThrow(/X\.a.*a boolean/);
    expect(() => checkFunctions('X', { f: () => 1 }, ['f'])).not.toThrow();
    expect(() => checkFunctions('X', { f: 1 }, ['f'])).toThrow(/X\.f.*a function/);
  });

  it('checkSamplerOption returns the sampler, undefined when absent, and rejects non-samplers', () => {
    const sampler = new RandomSampler({ seed: 1 });
    expect(checkSamplerOption('X', 'inner', sampler)).toBe(sampler);
    expect(checkSamplerOption('X', 'inner', undefined)).toBeUndefined();
    expect(() => checkSamplerOption('X', 'inner', {})).toThrow(/X\.inner.*a Sampler/);
  });
});
