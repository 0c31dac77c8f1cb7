import { resolveStorage, type Storage } from '@tunekit/core';

interface StoragePackage {
  openStorage(url: string): Promise<Storage>;
}

/**
 * The CLI's default way to open a URL. The storage packages are the CLI's own dependencies, so
 * it imports them itself rather than letting core search for them (core cannot see its siblings
 * under pnpm's strict layout or in a global install). `memory:` and malformed URLs go to core's
 * `resolveStorage`, which names the accepted forms.
 */
export async function openStorageUrl(url: string): Promise<{ storage: Storage; owned: boolean }> {
  if (url.startsWith('sqlite:')) {
    const sqlite = (await import('@tunekit/storage-sqlite')) as StoragePackage;
    return { storage: await sqlite.openStorage(url), owned: true };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    const postgres = (await import('@tunekit/storage-postgres')) as StoragePackage;
    return { storage: await postgres.openStorage(url), owned: true };
  }
  return resolveStorage(url);
}
