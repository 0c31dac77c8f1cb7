import type { Storage } from '@tunekit/core';
import { openStorageUrl } from './storage/open-storage-url.js';

/** A stream the CLI writes to: `process.stdout` / `process.stderr`, or a test double. */
export interface CliStream {
  write(chunk: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/**
 * Everything a command touches outside its arguments, so that `main(argv, io)` runs in-process
 * in tests. Every member is optional in `main`; the defaults are the real process.
 */
export interface CliIo {
  readonly stdout: CliStream;
  readonly stderr: CliStream;
  /** Resolves relative study-file and `sqlite:` paths. Default `process.cwd()`. */
  readonly cwd: string;
  /** Aborted on Ctrl-C: `run` and `worker` start no new trial and finish the running ones. */
  readonly signal?: AbortSignal;
  /** Asks a yes/no question (`delete-study` without `--yes`); `undefined` when there is no terminal to ask on. */
  readonly prompt?: (question: string) => Promise<string>;
  /**
   * Opens a storage URL. Default: `@tunekit/storage-sqlite` for `sqlite:`, `@tunekit/storage-postgres`
   * for `postgres://`, core's in-memory storage for `memory:`.
   * The CLI closes what it opens when `owned` is true.
   */
  readonly openStorage: (url: string) => Promise<{ storage: Storage; owned: boolean }>;
}

/** Fill in the real process for what a caller of `main` left out. */
export function createCliIo(partial: Partial<CliIo> = {}): CliIo {
  return {
    stdout: partial.stdout ?? process.stdout,
    stderr: partial.stderr ?? process.stderr,
    cwd: partial.cwd ?? process.cwd(),
    openStorage: partial.openStorage ?? openStorageUrl,
    ...(partial.signal === undefined ? {} : { signal: partial.signal }),
    ...(partial.prompt === undefined ? {} : { prompt: partial.prompt }),
  };
}
