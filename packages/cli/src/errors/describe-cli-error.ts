import { InvalidArgumentError, TunekitError } from '@tunekit/core';
import { UsageError } from './usage-error.js';

/** What the CLI prints for an error, and the exit code. */
export interface CliErrorReport {
  /** One line, control characters removed. */
  readonly message: string;
  readonly exitCode: 1 | 2;
  /** The stack and the chain of causes, for `--debug`. */
  readonly details: string;
}

/**
 * Turn anything a command threw into one line and an exit code: 2 when the command line is wrong
 * (`UsageError`, a storage URL core rejects), 1 otherwise.
 */
export function describeCliError(error: unknown): CliErrorReport {
  let exitCode: 1 | 2 = 1;
  let message: string;
  if (UsageError.isInstance(error) && error.code === 'CLI_USAGE') {
    exitCode = 2;
    message = error.message;
  } else if (InvalidArgumentError.isInstance(error) && (error as InvalidArgumentError).field === 'storage') {
    exitCode = 2;
    message = error.message.replace(/^Invalid storage:/, 'Invalid --storage:');
  } else if (TunekitError.isInstance(error)) {
    message = error.message;
  } else if (error instanceof Error) {
    message = `${error.name}: ${error.message}`;
  } else {
    message = `Thrown value: ${String(error)}`;
  }
  return { message: oneLine(message), exitCode, details: describeChain(error) };
}

/** Collapse whitespace runs with newlines and drop other control characters. */
export function oneLine(text: string): string {
  // biome-ignore lint: control characters are what this removes
  return text.replace(/\s*[\r\n]+\s*/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f]/g, '').trim();
}

function describeChain(error: unknown): string {
  const lines: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < 8; depth++) {
    const prefix = depth === 0 ? '' : 'Caused by: ';
    lines.push(current instanceof Error ? `${prefix}${current.stack ?? `${current.name}: ${current.message}`}` : `${prefix}${String(current)}`);
    current = current instanceof Error ? current.cause : undefined;
  }
  return lines.join('\n');
}
