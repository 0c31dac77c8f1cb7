import { describe, expect, it } from 'vitest';
import { addressOfUrl, splitSchemaParameter } from './postgres-connection.js';

describe('connection URLs', () => {
  it('takes the schema parameter out and leaves the others for node-postgres', () => {
    expect(splitSchemaParameter('postgres://u:p@h:5432/db?schema=tuning')).toEqual({ url: 'postgres://u:p@h:5432/db', schema: 'tuning' });
    expect(splitSchemaParameter('postgres://u@h/db?sslmode=require&schema=my%20schema&application_name=x')).toEqual({
      url: 'postgres://u@h/db?sslmode=require&application_name=x',
      schema: 'my schema',
    });
    expect(splitSchemaParameter('postgres://u@h/db?sslmode=require')).toEqual({ url: 'postgres://u@h/db?sslmode=require', schema: undefined });
    expect(splitSchemaParameter('postgres://u@h/db')).toEqual({ url: 'postgres://u@h/db', schema: undefined });
  });

  it('names host:port for messages, with the defaults libpq uses', () => {
    expect(addressOfUrl('postgres://u:p@db.internal:6543/x')).toBe('db.internal:6543');
    expect(addressOfUrl('postgresql://u@[::1]:5433/x')).toBe('[::1]:5433');
    expect(addressOfUrl('postgres://u@/x?host=/var/run/postgresql')).toBe('/var/run/postgresql:5432');
    const saved = { host: process.env.PGHOST, port: process.env.PGPORT };
    delete process.env.PGHOST;
    delete process.env.PGPORT;
    try {
      expect(addressOfUrl('postgres://u@/x')).toBe('localhost:5432');
    } finally {
      if (saved.host !== undefined) process.env.PGHOST = saved.host;
      if (saved.port !== undefined) process.env.PGPORT = saved.port;
    }
  });
});
