import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { StorageError } from '../errors/storage-error.js';
import { InMemoryStorage } from '../storages/in-memory-storage.js';
import { STORAGE_BACKENDS, loadBackend, redactUrl, resolveStorage } from './resolve-storage.js';

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

/** An import failure exactly as Node reports it. */
function notFound(name: string, from = '/app/index.js'): Error {
  return Object.assign(new Error(`Cannot find package '${name}' imported from ${from}`), { code: 'ERR_MODULE_NOT_FOUND' });
}

const sqlite = { specifier: '@tunekit/storage-sqlite', driver: 'better-sqlite3' };

describe('resolveStorage', () => {
  it('gives a fresh, owned in-memory storage by default and for memory:', async () => {
    for (const input of [undefined, 'memory:', 'memory']) {
      const { storage, owned } = await resolveStorage(input);
      expect(storage).toBeInstanceOf(InMemoryStorage);
      expect(owned).toBe(true);
    }
    const a = await resolveStorage('memory:');
    const b = await resolveStorage('memory:');
    expect(a.storage).not.toBe(b.storage);
  });

  it('passes a Storage instance through, not owned', async () => {
    const storage = new InMemoryStorage();
    expect(await resolveStorage(storage)).toEqual({ storage, owned: false });
  });

  it("rejects an unknown scheme or a non-storage with InvalidArgumentError naming 'storage'", async () => {
    for (const input of ['mysql://root@localhost/db', 'redis://x', './tunekit.db', '', 42, {}, null]) {
      const error = await rejection(resolveStorage(input as never));
      expect(error, String(input)).toBeInstanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).field).toBe('storage');
      expect(error.message).toMatch(/^Invalid storage: /);
    }
    const error = await rejection(resolveStorage('mysql://root:hunter2@db/x'));
    expect(error.message).toContain("a URL starting with 'sqlite:', 'postgres://' or 'memory:'");
    expect(error.message).not.toContain('hunter2');
  });

  it('maps sqlite: and postgres:// URLs to their packages', () => {
    const pick = (url: string) => STORAGE_BACKENDS.find((backend) => backend.test.test(url));
    expect(pick('sqlite:./tunekit.db')).toMatchObject(sqlite);
    expect(pick('sqlite:///abs/path.db')).toMatchObject(sqlite);
    expect(pick('postgres://user@host:5432/db')).toMatchObject({ specifier: '@tunekit/storage-postgres', driver: 'pg' });
    expect(pick('postgresql://user@host/db')).toMatchObject({ specifier: '@tunekit/storage-postgres' });
    expect(pick('memory:')).toBeUndefined();
    expect(pick('postgres:db')).toBeUndefined();
  });
});

describe('loadBackend', () => {
  it('a package that is not installed gives a StorageError naming what to install', async () => {
    const error = await rejection(loadBackend({ specifier: '@tunekit/storage-certainly-absent', driver: 'some-driver' }, 'sqlite:./x.db'));
    expect(error).toBeInstanceOf(StorageError);
    expect(error).toMatchObject({ code: 'STORAGE_PACKAGE_MISSING', storage: 'sqlite:./x.db' });
    expect(error.message).toContain('needs the package @tunekit/storage-certainly-absent, which is not installed');
    expect(error.message).toContain('npm install @tunekit/storage-certainly-absent some-driver');
  });

  it('the same, with an injected importer, for the real sqlite and postgres packages (password redacted)', async () => {
    const importer = (specifier: string) => Promise.reject(notFound(specifier));
    const sqliteError = await rejection(loadBackend(sqlite, 'sqlite:./tunekit.db', importer, () => undefined));
    expect(sqliteError).toBeInstanceOf(StorageError);
    expect(sqliteError.message).toContain('npm install @tunekit/storage-sqlite better-sqlite3');
    const pgError = await rejection(loadBackend({ specifier: '@tunekit/storage-postgres', driver: 'pg' }, 'postgres://tk:s3cret@db:5432/tunekit', importer, () => undefined));
    expect(pgError.message).toContain('npm install @tunekit/storage-postgres pg');
    expect(pgError.message).toContain('postgres://tk:***@db:5432/tunekit');
    expect(pgError.message).not.toContain('s3cret');
  });

  it('falls back to the copy the application can see (pnpm strict layout)', async () => {
    const module = { openStorage: async () => new InMemoryStorage() };
    const imported: string[] = [];
    const importer = async (target: string) => {
      imported.push(target);
      if (target === sqlite.specifier) throw notFound(target, '/app/node_modules/@tunekit/core/dist/study/resolve-storage.js');
      return module;
    };
    const loaded = await loadBackend(sqlite, 'sqlite:./a.db', importer, () => '/app/node_modules/@tunekit/storage-sqlite/dist/index.js');
    expect(loaded).toBe(module);
    expect(imported).toEqual([sqlite.specifier, 'file:///app/node_modules/@tunekit/storage-sqlite/dist/index.js']);
  });

  it("a missing driver inside an installed package names the driver, even when the path contains the package's name", async () => {
    const importer = (target: string) => Promise.reject(notFound('better-sqlite3', `/app/node_modules/@tunekit/storage-sqlite/dist/index.js (via ${target})`));
    const error = await rejection(loadBackend(sqlite, 'sqlite:./a.db', importer, () => undefined));
    expect(error).toBeInstanceOf(StorageError);
    expect(error).toMatchObject({ code: 'STORAGE_PACKAGE_MISSING' });
    expect(error.message).toContain('@tunekit/storage-sqlite needs its database driver better-sqlite3');
    expect(error.message).toContain('npm install better-sqlite3');
    expect((error as StorageError).cause).toBeInstanceOf(Error);
  });

  it('other import failures are not disguised', async () => {
    const syntax = new SyntaxError('Unexpected token');
    await expect(loadBackend(sqlite, 'sqlite:./a.db', () => Promise.reject(syntax), () => undefined)).rejects.toBe(syntax);
    const nested = notFound('some-other-dependency');
    await expect(loadBackend(sqlite, 'sqlite:./a.db', () => Promise.reject(nested), () => undefined)).rejects.toBe(nested);
  });
});

describe('redactUrl', () => {
  it('removes passwords from the authority and the query', () => {
    expect(redactUrl('postgres://user:secret@host:5432/db')).toBe('postgres://user:***@host:5432/db');
    expect(redactUrl('postgres://user:p@ss:w0rd@host/db')).toBe('postgres://user:***@host/db');
    expect(redactUrl('postgres://host/db?user=u&password=secret&sslmode=require')).toBe('postgres://host/db?user=u&password=***&sslmode=require');
    expect(redactUrl('postgres://user@host/db')).toBe('postgres://user@host/db');
    expect(redactUrl('sqlite:./a.db')).toBe('sqlite:./a.db');
    expect(redactUrl('sqlite:///abs/path:with@colon.db')).toBe('sqlite:///abs/path:with@colon.db');
  });
});

