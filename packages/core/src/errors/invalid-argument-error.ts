import { TunekitError, describeValue } from './tunekit-error.js';

/** An option or argument has a bad value. `field` names it (e.g. `'optimize.nTrials'`). */
export class InvalidArgumentError extends TunekitError {
  readonly field: string;
  readonly value: unknown;

  constructor(field: string, value: unknown, expected: string) {
    super(`Invalid ${field}: expected ${expected}, got ${describeValue(value)}`, { code: 'INVALID_ARGUMENT' });
    this.field = field;
    this.value = value;
  }
}
