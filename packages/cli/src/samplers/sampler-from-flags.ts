import * as core from '@tunekit/core';
import type { Sampler } from '@tunekit/core';
import { UsageError } from '../errors/usage-error.js';

/** The sampler classes `@tunekit/core` exports, by name. */
export function availableSamplers(): string[] {
  return Object.keys(core).filter((name) => name.endsWith('Sampler') && typeof (core as Record<string, unknown>)[name] === 'function');
}

/**
 * `--sampler NAME [--sampler-kwargs JSON]`: a core sampler by class name (`RandomSampler`, or
 * just `random`), built with the JSON object as its options. `undefined` when no `--sampler`.
 */
export function samplerFromFlags(name: string | undefined, kwargs: string | undefined): Sampler | undefined {
  if (name === undefined) {
    if (kwargs !== undefined) throw new UsageError('--sampler-kwargs needs --sampler', { flag: '--sampler-kwargs' });
    return undefined;
  }
  const available = availableSamplers();
  const wanted = name.trim().toLowerCase().replace(/sampler$/, '');
  const className = available.find((candidate) => candidate.toLowerCase() === `${wanted}sampler`);
  if (className === undefined) throw UsageError.invalidValue('--sampler', name, `one of ${available.join(', ')}`);
  let options: unknown = {};
  if (kwargs !== undefined) {
    try {
      options = JSON.parse(kwargs);
    } catch (error) {
      throw UsageError.invalidValue('--sampler-kwargs', kwargs, `a JSON object (${(error as Error).message})`);
    }
    if (typeof options !== 'object' || options === null || Array.isArray(options)) throw UsageError.invalidValue('--sampler-kwargs', kwargs, 'a JSON object');
  }
  const SamplerClass = (core as Record<string, unknown>)[className] as new (options: unknown) => Sampler;
  return new SamplerClass(options);
}
