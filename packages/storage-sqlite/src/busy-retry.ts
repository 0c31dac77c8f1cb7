import { randomInt } from 'node:crypto';
import { StorageError, TunekitError } from '@tunekit/core';

/**
 * SQLITE_BUSY handling. Each statement first waits inside SQLite (its busy handler, up to
 * `SYNC_WAIT_MS`, blocking the event loop only briefly); a transaction that still finds the
 * database locked is rolled back and retried after an asynchronous, jittered exponential backoff
 * until `busyTimeoutMs` has passed in total. Users therefore never see "database is locked";
 * only a lock held longer than `busyTimeoutMs` ends in a `StorageError` with code `STORAGE_BUSY`.
 */
export const SYNC_WAIT_MS = 50;

const BUSY_CODES = /^SQLITE_(BUSY|LOCKED)/;

/** Whether a driver error means "another connection holds the lock": worth retrying. */
export function isBusyError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && BUSY_CODES.test(String((error as { code?: unknown }).code ?? ''));
}

function backoffMs(attempt: number): number {
  const ceiling = Math.min(200, 2 * 2 ** attempt);
  // Jitter keeps processes that collided once from colliding again in lockstep.
  return 1 + randomInt(ceiling);
}

const sleepCell = new Int32Array(new SharedArrayBuffer(4));

/** Wrap anything that is not already a tunekit error in a `StorageError` naming the action. */
export function wrapError(label: string, action: string, error: unknown): Error {
  if (TunekitError.isInstance(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | undefined)?.code;
  return new StorageError(label, `${action} failed: ${message}${typeof code === 'string' ? ` (${code})` : ''}`, { cause: error });
}

function busyError(label: string, action: string, elapsed: number, error: unknown): StorageError {
  return new StorageError(label, `${action}: the database stayed locked by another connection for ${Math.round(elapsed)} ms (busyTimeoutMs); is a process holding a long transaction?`, {
    cause: error,
    code: 'STORAGE_BUSY',
  });
}

/** Run `body` (one whole transaction) until it gets through, backing off asynchronously on SQLITE_BUSY. */
export async function retryBusy<T>(label: string, action: string, busyTimeoutMs: number, body: () => T): Promise<T> {
  const start = performance.now();
  for (let attempt = 0; ; attempt++) {
    try {
      return body();
    } catch (error) {
      if (!isBusyError(error)) throw wrapError(label, action, error);
      const elapsed = performance.now() - start;
      if (elapsed >= busyTimeoutMs) throw busyError(label, action, elapsed, error);
      await new Promise((resolve) => setTimeout(resolve, Math.min(backoffMs(attempt), Math.max(1, busyTimeoutMs - elapsed))));
    }
  }
}

/** The synchronous variant, for opening a database in a constructor (sleeps with `Atomics.wait`). */
export function retryBusySync<T>(label: string, action: string, busyTimeoutMs: number, body: () => T): T {
  const start = performance.now();
  for (let attempt = 0; ; attempt++) {
    try {
      return body();
    } catch (error) {
      if (!isBusyError(error)) throw wrapError(label, action, error);
      const elapsed = performance.now() - start;
      if (elapsed >= busyTimeoutMs) throw busyError(label, action, elapsed, error);
      Atomics.wait(sleepCell, 0, 0, Math.min(backoffMs(attempt), Math.max(1, busyTimeoutMs - elapsed)));
    }
  }
}
