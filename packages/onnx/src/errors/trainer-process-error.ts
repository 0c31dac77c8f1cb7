import { TunekitError } from '@tunekit/core';

/**
 * A training process could not be started, exited with a non-zero status, died from a signal
 * tunekit did not send, or finished without writing its model. `stderrTail` holds its last
 * output lines, which usually say why.
 */
export class TrainerProcessError extends TunekitError {
  readonly command: string;
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderrTail: string;

  constructor(command: string, message: string, details: { exitCode?: number | null; signal?: NodeJS.Signals | null; stderrTail?: string; cause?: unknown } = {}) {
    const tail = details.stderrTail === undefined || details.stderrTail === '' ? '' : `\n--- last output ---\n${details.stderrTail}`;
    super(`${command}: ${message}${tail}`, { code: 'TRAINER_PROCESS_FAILED', cause: details.cause });
    this.command = command;
    this.exitCode = details.exitCode ?? null;
    this.signal = details.signal ?? null;
    this.stderrTail = details.stderrTail ?? '';
  }
}
