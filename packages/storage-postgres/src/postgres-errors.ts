import { randomInt } from 'node:crypto';
import { StorageError, TunekitError } from '@tunekit/core';

/**
 * SQLSTATEs worth retrying the whole transaction for: serialization failures and deadlocks.
 * PostgreSQL rolls back only the victim; running it again normally succeeds.
 */
const RETRYABLE_SQLSTATES = new Set(['40001', '40P01']);

/** Socket-level codes that mean "the server is not reachable" (nothing was sent). */
const CONNECT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET']);

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Whether `error` is a PostgreSQL error with this SQLSTATE. */
export function hasSqlState(error: unknown, sqlState: string): boolean {
  return codeOf(error) === sqlState && typeof (error as { severity?: unknown }).severity === 'string';
}

export function isRetryable(error: unknown): boolean {
  const code = codeOf(error);
  return code !== undefined && RETRYABLE_SQLSTATES.has(code);
}

/** The first socket error inside `error` (Node reports a failed happy-eyeballs connect as an AggregateError). */
function socketError(error: unknown): { code: string; address?: string; port?: number; hostname?: string } | undefined {
  const code = codeOf(error);
  if (code !== undefined && CONNECT_CODES.has(code)) {
    const inner = (error as { errors?: unknown[] }).errors?.find((item) => codeOf(item) !== undefined);
    return (inner ?? error) as { code: string };
  }
  return undefined;
}

/** Whether `error` happened while connecting (unreachable server, connect timeout). */
export function isConnectError(error: unknown): boolean {
  if (socketError(error) !== undefined) return true;
  const message = error instanceof Error ? error.message : '';
  return /timeout expired|Connection terminated due to connection timeout/i.test(message);
}

/**
 * Turn a connection failure into a `StorageError` (code `STORAGE_UNREACHABLE`) that names the
 * server and the reason; `address` is the configured `host:port`.
 */
export function connectError(label: string, address: string, error: unknown): StorageError {
  const socket = socketError(error);
  const where = socket?.address !== undefined && socket.port !== undefined ? `${socket.address}:${socket.port} (${address})` : address;
  const reason =
    socket?.code === 'ECONNREFUSED'
      ? 'connection refused: is PostgreSQL running and listening there?'
      : socket?.code === 'ENOTFOUND' || socket?.code === 'EAI_AGAIN'
        ? `host name not found${socket.hostname === undefined ? '' : ` (${socket.hostname})`}`
        : socket !== undefined
          ? socket.code
          : `no answer in time: ${error instanceof Error ? error.message : String(error)}`;
  const what = socket?.code === 'ECONNRESET' ? 'lost the connection to' : 'cannot connect to';
  return new StorageError(label, `${what} PostgreSQL at ${where}: ${reason}`, { cause: error, code: 'STORAGE_UNREACHABLE' });
}

const SQLSTATE_HINTS: Readonly<Record<string, string>> = {
  '28P01': 'password authentication failed',
  '28000': 'the server refused the connection (pg_hba.conf / role)',
  '3D000': 'the database does not exist',
  '42501': 'permission denied',
  '53300': 'too many connections: lower the pool size (poolConfig.max) or raise max_connections',
  '57P01': 'the server closed the connection (administrator command)',
};

/**
 * Wrap anything that is not already a tunekit error in a `StorageError` naming what the storage
 * was doing, with the driver's error as `cause` and its SQLSTATE in the message.
 */
export function wrapError(label: string, address: string, action: string, error: unknown): Error {
  if (TunekitError.isInstance(error)) return error;
  if (isConnectError(error)) return connectError(label, address, error);
  const message = error instanceof Error ? error.message : String(error);
  const code = codeOf(error);
  const hint = code === undefined ? undefined : SQLSTATE_HINTS[code];
  return new StorageError(label, `${action} failed: ${message}${code === undefined ? '' : ` (SQLSTATE ${code}${hint === undefined ? '' : `: ${hint}`})`}`, { cause: error });
}

/** Jittered exponential backoff before retry `attempt` (0-based), in ms. */
export function backoffMs(attempt: number): number {
  const ceiling = Math.min(500, 5 * 2 ** attempt);
  // Jitter keeps two transactions that deadlocked once from colliding again in lockstep.
  return 1 + randomInt(ceiling);
}
