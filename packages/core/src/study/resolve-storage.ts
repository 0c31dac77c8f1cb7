import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { StorageError } from '../errors/storage-error.js';
import type { Storage } from '../protocol/storage.js';
import { InMemoryStorage } from '../storages/in-memory-storage.js';

/** A storage instance, or a URL: `sqlite:./tunekit.db`, `sqlite:///abs/path.db`, `postgres://user@host:5432/db`, `memory:`. */
export type StorageInput = Storage | string;

/** @internal A storage package that a URL scheme maps to. */
export interface StorageBackend {
  readonly test: RegExp;
  /** The tunekit package exporting `openStorage(url)`. */
  readonly specifier: string;
  /** Its database driver (a peer dependency the user installs too). */
  readonly driver: string;
}

/** @internal */
export const STORAGE_BACKENDS: readonly StorageBackend[] = [
  { test: /^sqlite:/, specifier: '@tunekit/storage-sqlite', driver: 'better-sqlite3' },
  { test: /^postgres(ql)?:\/\//, specifier: '@tunekit/storage-postgres', driver: 'pg' },
];

/**
 * Remove a password from a URL so that it can appear in errors and logs: the one in
 * `user:password@host` (up to the last `@` of the authority, since unencoded `@` happens in
 * passwords) and a `password=` query parameter.
 */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@?#]+):[^/?#]*@/, '$1:***@').replace(/([?&]password=)[^&#]*/gi, '$1***');
}

function isStorage(value: unknown): value is Storage {
  return typeof value === 'object' && value !== null && typeof (value as Storage).createStudy === 'function' && typeof (value as Storage).createTrial === 'function';
}

/**
 * Turn `createStudy({ storage })` into a `Storage`. URLs load their backend package dynamically
 * (core has no dependency on any database driver); a missing package gets an error naming it.
 * Returns whether the caller owns (and should close) the storage.
 */
export async function resolveStorage(input: StorageInput | undefined): Promise<{ storage: Storage; owned: boolean }> {
  if (input === undefined) return { storage: new InMemoryStorage(), owned: true };
  if (isStorage(input)) return { storage: input, owned: false };
  if (typeof input !== 'string') {
    throw new InvalidArgumentError('storage', input, "a Storage instance or a URL ('sqlite:./tunekit.db', 'postgres://user@host:5432/db', 'memory:')");
  }
  if (input === 'memory:' || input === 'memory') return { storage: new InMemoryStorage(), owned: true };
  const backend = STORAGE_BACKENDS.find((candidate) => candidate.test.test(input));
  if (backend === undefined) {
    throw new InvalidArgumentError('storage', redactUrl(input), "a URL starting with 'sqlite:', 'postgres://' or 'memory:'");
  }
  const module = await loadBackend(backend, input);
  if (typeof module.openStorage !== 'function') {
    throw new StorageError(redactUrl(input), `${backend.specifier} does not export openStorage(url); is it a tunekit storage package?`);
  }
  const storage = await module.openStorage(input);
  return { storage, owned: true };
}

/** @internal What a storage package exports for URL resolution. */
export interface BackendModule {
  openStorage?: (url: string) => Promise<Storage>;
}

/** @internal How `loadBackend` imports a module (replaceable in tests). */
export type ModuleImporter = (specifier: string) => Promise<unknown>;

const importModule: ModuleImporter = (specifier) => import(/* @vite-ignore */ specifier);

/**
 * @internal Import a storage package: first as core sees it, then from the application (under
 * pnpm's strict layout core cannot see its siblings). A missing package, or a missing driver
 * inside it, becomes a `StorageError` (code `STORAGE_PACKAGE_MISSING`) naming what to install.
 */
export async function loadBackend(backend: Pick<StorageBackend, 'specifier' | 'driver'>, url: string, importer: ModuleImporter = importModule, findEntry: (specifier: string) => string | undefined = findFromApplication): Promise<BackendModule> {
  const { specifier, driver } = backend;
  const missing = () =>
    new StorageError(redactUrl(url), `the storage URL needs the package ${specifier}, which is not installed. Install it with: npm install ${specifier} ${driver}`, {
      code: 'STORAGE_PACKAGE_MISSING',
    });
  const load = async (target: string): Promise<BackendModule> => {
    try {
      return (await importer(target)) as BackendModule;
    } catch (error) {
      if (isModuleNotFound(error, driver)) {
        throw new StorageError(redactUrl(url), `${specifier} needs its database driver ${driver}, which is not installed. Install it with: npm install ${driver}`, {
          code: 'STORAGE_PACKAGE_MISSING',
          cause: error,
        });
      }
      throw error;
    }
  };
  try {
    return await load(specifier);
  } catch (error) {
    if (!isModuleNotFound(error, specifier)) throw error;
  }
  const entry = findEntry(specifier);
  if (entry !== undefined) return load(pathToFileURL(entry).href);
  throw missing();
}

/**
 * Whether `error` says that the module `name` itself cannot be found. The name must appear quoted
 * (Node: "Cannot find package 'pg' imported from ..."), so that a package found on a path that
 * merely contains the name, or a package missing one of *its* imports, is not mistaken for it.
 */
function isModuleNotFound(error: unknown, name: string): boolean {
  const code = (error as { code?: string } | undefined)?.code;
  const message = String((error as Error | undefined)?.message ?? '');
  if (!(code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' || /Cannot find (module|package)|Failed to (load|resolve)/.test(message))) return false;
  return [`'${name}'`, `"${name}"`, `'${name}/`, `"${name}/`, `url ${name} `, `import ${name} `].some((needle) => message.includes(needle));
}

function findFromApplication(specifier: string): string | undefined {
  const bases = [join(process.cwd(), 'package.json')];
  if (process.argv[1] !== undefined) bases.push(resolve(process.argv[1]));
  const runningFromSource = import.meta.url.endsWith('.ts');
  for (const base of bases) {
    let manifestPath: string;
    try {
      manifestPath = createRequire(base).resolve(`${specifier}/package.json`);
    } catch {
      continue;
    }
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { exports?: Record<string, unknown> };
    const root = manifest.exports?.['.'];
    const conditions = (typeof root === 'object' && root !== null ? root : {}) as Record<string, string>;
    const order = runningFromSource ? [conditions.source, conditions.default, conditions.import] : [conditions.default, conditions.import, conditions.source];
    for (const candidate of order) {
      if (candidate === undefined) continue;
      const path = join(dirname(manifestPath), candidate);
      if (existsSync(path)) return path;
    }
  }
  return undefined;
}
