import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { redactUrl, TunekitError, type Storage } from '@tunekit/core';
import type { CliIo } from '../cli-context.js';
import { CommandError } from '../errors/command-error.js';
import { UsageError } from '../errors/usage-error.js';

/** What `--storage` means when it is not given (as in Optuna's examples: a file in the working directory). */
export const DEFAULT_STORAGE_URL = 'sqlite:./tunekit.db';

/** A storage the CLI opened for one command. */
export interface CliStorage {
  readonly storage: Storage;
  /** The URL as the user gave it, password removed: what messages show. */
  readonly label: string;
  close(): Promise<void>;
}

export interface OpenCliStorageOptions {
  /**
   * Refuse a `sqlite:` file that does not exist instead of creating an empty database: every
   * command but `run` and `create-study` reads what is there, and a typo must not leave a new file.
   */
  readonly mustExist: boolean;
}

/**
 * Open `--storage` (default `sqlite:./tunekit.db`). Relative `sqlite:` paths are resolved against
 * the CLI's working directory. Errors name the URL (without its password).
 */
export async function openCliStorage(io: CliIo, url: string | undefined, options: OpenCliStorageOptions): Promise<CliStorage> {
  const given = url ?? DEFAULT_STORAGE_URL;
  if (given.trim().length === 0) throw UsageError.invalidValue('--storage', given, "a storage URL such as 'sqlite:./tunekit.db', 'postgres://user@host:5432/db' or 'memory:'");
  const label = redactUrl(given);
  const target = given.startsWith('sqlite:') ? await locateSqlite(given, io.cwd, label, options.mustExist) : given;
  let opened: { storage: Storage; owned: boolean };
  try {
    opened = await io.openStorage(target);
  } catch (error) {
    if (TunekitError.isInstance(error)) throw error;
    throw new CommandError(`Cannot open the storage ${label}: ${error instanceof Error ? error.message : String(error)}`, { cause: error, code: 'CLI_STORAGE_UNREACHABLE' });
  }
  let closed = false;
  return {
    storage: opened.storage,
    label,
    close: async () => {
      if (closed || !opened.owned) return;
      closed = true;
      await opened.storage.close();
    },
  };
}

/** Open, run `body`, close (also when `body` throws). */
export async function withCliStorage<T>(io: CliIo, url: string | undefined, options: OpenCliStorageOptions, body: (storage: CliStorage) => Promise<T>): Promise<T> {
  const storage = await openCliStorage(io, url, options);
  try {
    return await body(storage);
  } finally {
    await storage.close();
  }
}

async function locateSqlite(url: string, cwd: string, label: string, mustExist: boolean): Promise<string> {
  const { parseSqliteUrl } = (await import('@tunekit/storage-sqlite')) as { parseSqliteUrl: (url: string) => string };
  const path = parseSqliteUrl(url);
  if (path === ':memory:') return url;
  const absolute = isAbsolute(path) ? path : resolve(cwd, path);
  if (mustExist && !existsSync(absolute)) {
    throw new CommandError(`No database at ${absolute} (--storage ${label}); create a study first with 'tunekit create-study' or 'tunekit run', or pass the right --storage`, { code: 'CLI_NO_DATABASE' });
  }
  // The `sqlite:<path>` form takes the path verbatim (no percent-decoding).
  return `sqlite:${absolute}`;
}
