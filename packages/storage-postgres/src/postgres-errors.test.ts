import { StorageError, StudyNotFoundError } from '@tunekit/core';
import { describe, expect, it } from 'vitest';
import { databaseError } from './__fixtures__/instrumented-pool.js';
import { backoffMs, isConnectError, isRetryable, wrapError } from './postgres-errors.js';

const LABEL = 'postgres://u:***@db:5432/x';

function socketError(code: string, fields: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(`connect ${code}`), { code, ...fields });
}

describe('driver errors', () => {
  it('names the address Node tried when every address of a host refused (AggregateError)', () => {
    const aggregate = Object.assign(new AggregateError([socketError('ECONNREFUSED', { address: '::1', port: 5433 }), socketError('ECONNREFUSED', { address: '127.0.0.1', port: 5433 })]), { code: 'ECONNREFUSED' });
    const error = wrapError(LABEL, 'localhost:5433', 'connect', aggregate) as StorageError;
    expect(error).toBeInstanceOf(StorageError);
    expect(error.code).toBe('STORAGE_UNREACHABLE');
    expect(error.message).toBe(`${LABEL}: cannot connect to PostgreSQL at ::1:5433 (localhost:5433): connection refused: is PostgreSQL running and listening there?`);
    expect(error.cause).toBe(aggregate);
  });

  it('explains unknown hosts, connect timeouts and dropped connections', () => {
    expect(wrapError(LABEL, 'db.invalid:5432', 'connect', socketError('ENOTFOUND', { hostname: 'db.invalid' })).message).toContain('cannot connect to PostgreSQL at db.invalid:5432: host name not found (db.invalid)');
    const timeout = new Error('Connection terminated due to connection timeout');
    expect(isConnectError(timeout)).toBe(true);
    expect(wrapError(LABEL, '10.0.0.1:5432', 'connect', timeout).message).toContain('cannot connect to PostgreSQL at 10.0.0.1:5432: no answer in time');
    expect(wrapError(LABEL, 'db:5432', 'read study 1', socketError('ECONNRESET')).message).toContain('lost the connection to PostgreSQL at db:5432: ECONNRESET');
  });

  it('keeps tunekit errors, and labels other errors with the action and SQLSTATE (with a hint where one helps)', () => {
    const notFound = new StudyNotFoundError({ studyId: 3 });
    expect(wrapError(LABEL, 'db:5432', 'read', notFound)).toBe(notFound);
    const auth = databaseError('28P01', 'password authentication failed for user "u"');
    const wrapped = wrapError(LABEL, 'db:5432', 'connect', auth) as StorageError;
    expect(wrapped.message).toBe(`${LABEL}: connect failed: password authentication failed for user "u" (SQLSTATE 28P01: password authentication failed)`);
    expect(wrapped.storage).toBe(LABEL);
    expect(wrapped.cause).toBe(auth);
    expect(wrapError(LABEL, 'db:5432', 'list studies', new Error('plain')).message).toBe(`${LABEL}: list studies failed: plain`);
  });

  it('retries only deadlocks and serialization failures, after a short jittered backoff', () => {
    expect(isRetryable(databaseError('40P01', 'deadlock detected'))).toBe(true);
    expect(isRetryable(databaseError('40001', 'could not serialize access'))).toBe(true);
    expect(isRetryable(databaseError('23505', 'duplicate key'))).toBe(false);
    expect(isRetryable(socketError('ECONNRESET'))).toBe(false);
    for (let attempt = 0; attempt < 12; attempt++) {
      const wait = backoffMs(attempt);
      expect(wait).toBeGreaterThanOrEqual(1);
      expect(wait).toBeLessThanOrEqual(500);
    }
  });
});
