import type { CliIo } from '../cli-context.js';

/** One `tunekit <name>` command. Each lives in its own file under `commands/`. */
export interface Command {
  readonly name: string;
  /** One line for `tunekit --help`. */
  readonly summary: string;
  /** The full `tunekit <name> --help` text: usage, options, examples. */
  readonly help: string;
  /**
   * Do the work; return the exit code. Throw `UsageError` (exit 2) for a bad command line and
   * anything else (exit 1) for a failure: `main` prints one line, or the stack with `--debug`.
   */
  run(args: readonly string[], io: CliIo): Promise<number>;
}

/** Write a command's help on stdout; exit code 0. */
export function printHelp(io: CliIo, help: string): number {
  io.stdout.write(help);
  return 0;
}
