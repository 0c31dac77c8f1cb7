import type { JsonValue, Storage } from '@tunekit/core/protocol';
import { SQLiteStorage } from '../sqlite-storage.js';

/** For the conformance suite's worker processes: `handle` is `{ path }` of the shared database file. */
export async function openStorage(handle: JsonValue): Promise<Storage> {
  const { path } = handle as { path: string };
  return new SQLiteStorage({ path });
}
