import type { Storage } from '@tunekit/core/protocol';
import { PostgresStorage, type PostgresStorageInput } from './postgres-storage.js';

/**
 * What core calls for `createStudy({ storage: 'postgres://...' })`: it imports this package
 * dynamically and hands over the URL. Also accepts `{ connectionString, schema }` (the handle the
 * storage conformance suite's worker processes open). Connects and checks the schema before
 * returning, so that an unreachable server or an unusable schema fails here; the caller owns the
 * storage and closes it.
 */
export async function openStorage(input: PostgresStorageInput): Promise<Storage> {
  const storage =
    typeof input === 'string'
      ? PostgresStorage.fromUrl(input)
      : new PostgresStorage({ connectionString: input?.connectionString }, input?.schema === undefined ? {} : { schema: input.schema });
  try {
    await storage.open();
  } catch (error) {
    await storage.close().catch(() => undefined);
    throw error;
  }
  return storage;
}
