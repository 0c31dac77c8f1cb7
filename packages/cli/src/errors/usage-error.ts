import { TunekitError } from '@tunekit/core';

/**
 * The command line itself is wrong: an unknown command or flag, a missing argument, a flag value
 * that does not parse. Exit code 2, like most Unix tools.
 */
export class UsageError extends TunekitError {
  /** The flag or argument at fault (`'--trials'`, `'<study file>'`), when there is one. */
  readonly flag: string | undefined;
  readonly value: string | undefined;

  constructor(message: string, options: { flag?: string; value?: string; cause?: unknown } = {}) {
    super(message, { code: 'CLI_USAGE', cause: options.cause });
    this.flag = options.flag;
    this.value = options.value;
  }

  /** `Invalid --trials '0': expected a positive integer`. */
  static invalidValue(flag: string, value: string, expected: string): UsageError {
    return new UsageError(`Invalid ${flag} ${JSON.stringify(value)}: expected ${expected}`, { flag, value });
  }
}
