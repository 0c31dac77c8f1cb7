import type { Storage } from '@tunekit/core/protocol';
import { SQLiteStorage } from './sqlite-storage.js';

/**
 * What core calls for `createStudy({ storage: 'sqlite:...' })`: it imports this package
 * dynamically and hands over the URL (forms: see `parseSqliteUrl`). The caller owns the storage
 * and closes it.
 */
export async function openStorage(url: string): Promise<Storage> {
  return SQLiteStorage.fromUrl(url);
}
