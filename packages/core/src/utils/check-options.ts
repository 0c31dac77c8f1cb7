import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { Sampler } from '../protocol/sampler.js';

/**
 * Constructor option checks shared by the samplers (and other seeded components): each throws an
 * `InvalidArgumentError` naming `${where}.${field}` and the bad value. Absent (undefined) options
 * pass: their defaults apply.
 */

/** `seed`: a finite number. */
export function checkSeed(where: string, seed: unknown): void {
  if (seed !== undefined && (typeof seed !== 'number' || !Number.isFinite(seed))) throw new InvalidArgumentError(`${where}.seed`, seed, 'a finite number');
}

/** Each of `keys` that is set is a boolean. */
export function checkBooleans<T extends object>(where: string, options: T, keys: readonly (keyof T & string)[]): void {
  for (const key of keys) if (options[key] !== undefined && typeof options[key] !== 'boolean') throw new InvalidArgumentError(`${where}.${key}`, options[key], 'a boolean');
}

/** Each of `keys` that is set is a function. */
export function checkFunctions<T extends object>(where: string, options: T, keys: readonly (keyof T & string)[]): void {
  for (const key of keys) if (options[key] !== undefined && typeof options[key] !== 'function') throw new InvalidArgumentError(`${where}.${key}`, options[key], 'a function');
}

/** `value` (option `field`), when set, is a `Sampler` (an object with `sampleIndependent`). */
export function checkSamplerOption(where: string, field: string, value: unknown): Sampler | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || typeof (value as Partial<Sampler>).sampleIndependent !== 'function') {
    throw new InvalidArgumentError(`${where}.${field}`, value, 'a Sampler');
  }
  return value as Sampler;
}
