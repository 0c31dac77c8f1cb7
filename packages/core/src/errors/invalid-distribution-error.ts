import { TunekitError } from './tunekit-error.js';

/** A parameter's range or choices are invalid (low > high, log with low <= 0, empty choices, ...). */
export class InvalidDistributionError extends TunekitError {
  readonly paramName: string | undefined;
  /** The offending field (`'low'`, `'step'`, `'choices'`, ...). */
  readonly field: string;
  readonly value: unknown;

  constructor(paramName: string | undefined, field: string, value: unknown, reason: string) {
    const subject = paramName === undefined ? 'distribution' : `parameter '${paramName}'`;
    super(`Invalid ${subject}: ${reason}`, { code: 'INVALID_DISTRIBUTION' });
    this.paramName = paramName;
    this.field = field;
    this.value = value;
  }
}
