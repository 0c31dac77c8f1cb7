import { TunekitError } from '@tunekit/core';

/**
 * A command could not do its work for a reason the user can act on (no such study, no database
 * file, a study file without `objective`). Exit code 1; the message is the whole story.
 */
export class CommandError extends TunekitError {
  constructor(message: string, options: { code?: string; cause?: unknown } = {}) {
    super(message, { code: options.code ?? 'CLI_COMMAND_FAILED', cause: options.cause });
  }
}
