import { InvalidArgumentError } from '../errors/invalid-argument-error.js';

/** `value` when it is an integer `>= min`, else an `InvalidArgumentError` naming `field`. */
export function integerAtLeast(field: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new InvalidArgumentError(field, value, `an integer >= ${min}`);
  }
  return value;
}

/** `value` when it is a finite number in `[min, max]`, else an `InvalidArgumentError` naming `field`. */
export function numberInRange(field: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || Number.isNaN(value) || value < min || value > max) {
    const range = max === Infinity ? `>= ${min}` : `between ${min} and ${max} inclusive`;
    throw new InvalidArgumentError(field, value, `a number ${range}`);
  }
  return value;
}

/** `options` when it is an object or undefined (as `{}`), else an `InvalidArgumentError`. */
export function optionsObject<T extends object>(field: string, options: T | undefined): Partial<T> {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new InvalidArgumentError(field, options, 'an options object');
  }
  return options;
}
