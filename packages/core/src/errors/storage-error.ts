import { TunekitError } from './tunekit-error.js';

/** A storage backend failed (connection lost, corrupt file, unknown schema version, ...). */
export class StorageError extends TunekitError {
  /** The storage URL or backend name, with any password removed. */
  readonly storage: string;

  constructor(storage: string, message: string, options: { cause?: unknown; code?: string } = {}) {
    super(`${storage}: ${message}`, { code: options.code ?? 'STORAGE_ERROR', cause: options.cause });
    this.storage = storage;
  }
}
