import { CommandError } from '../errors/command-error.js';
import type { CliIo } from '../cli-context.js';
import type { LoadedStudyFile } from '../study-file/load-study-file.js';
import type { OptimizeOptions, OptimizeResult, Study, Trial } from '@tunekit/core';

/** The limits `run` and `worker` take as flags; each overrides the study file's `optimizeOptions`. */
export interface LoopFlags {
  readonly nTrials?: number | undefined;
  /** Milliseconds. */
  readonly timeout?: number | undefined;
  readonly concurrency?: number | undefined;
  readonly maxTrials?: number | undefined;
}

/**
 * Run the study file's objective on `study` with its `optimizeOptions` overridden by the flags,
 * a progress line on stderr when it is a TTY, failed-trial notes on stderr, and Ctrl-C stopping
 * gracefully. An objective error that stops the study becomes a `CommandError` naming the trial.
 */
export async function optimizeStudy(study: Study, file: LoadedStudyFile, flags: LoopFlags, io: CliIo): Promise<OptimizeResult> {
  const fileOptions = file.optimizeOptions;
  const options: OptimizeOptions = {
    ...fileOptions,
    ...definedOnly({ nTrials: flags.nTrials, timeout: flags.timeout, concurrency: flags.concurrency, maxTrials: flags.maxTrials }),
    progress: progressOption(fileOptions.progress, io),
    logger: fileOptions.logger ?? ((message: string) => io.stderr.write(`[tunekit] ${message}\n`)),
    ...signalOption(fileOptions.signal, io.signal),
  };
  if (options.nTrials === undefined && options.timeout === undefined && options.maxTrials === undefined) {
    io.stderr.write('No --trials, --timeout or --max-trials: running until interrupted (Ctrl-C stops after the running trials)\n');
  }
  const failedIn = new WeakMap<object, number>();
  const objective = file.objective;
  const wrapped = async (trial: Trial) => {
    // With a synchronous objective and a storage whose promises resolve at once (SQLite, memory),
    // optimize's loop never leaves the microtask queue: the timeout timer and the Ctrl-C handler
    // would never run. One macrotask turn per trial lets them.
    await new Promise((resolve) => setImmediate(resolve));
    try {
      return await objective(trial);
    } catch (error) {
      if (typeof error === 'object' && error !== null) failedIn.set(error, trial.number);
      throw error;
    }
  };
  try {
    return await study.optimize(wrapped, options);
  } catch (error) {
    const number = typeof error === 'object' && error !== null ? failedIn.get(error) : undefined;
    if (number === undefined) throw error;
    const described = error instanceof Error ? `${error.name}: ${error.message}` : `Thrown value: ${String(error)}`;
    throw new CommandError(`The objective threw in trial ${number} of study '${study.studyName}': ${described} (the trial is recorded as failed; list the error class in optimizeOptions.catch to keep going past such errors)`, { cause: error, code: 'CLI_OBJECTIVE_FAILED' });
  }
}

function definedOnly<T extends Record<string, unknown>>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>;
}

function progressOption(fromFile: OptimizeOptions['progress'], io: CliIo): OptimizeOptions['progress'] {
  if (fromFile === false) return false;
  return { stream: io.stderr, ...(typeof fromFile === 'object' ? fromFile : {}) };
}

function signalOption(fromFile: AbortSignal | undefined, fromCli: AbortSignal | undefined): { signal?: AbortSignal } {
  const signals = [fromFile, fromCli].filter((signal): signal is AbortSignal => signal !== undefined);
  if (signals.length === 0) return {};
  return { signal: signals.length === 1 ? (signals[0] as AbortSignal) : AbortSignal.any(signals) };
}
