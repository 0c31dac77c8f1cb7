import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * Where the tests find PostgreSQL: `TUNEKIT_POSTGRES_URL`, default the local CI server
 * (`postgres@127.0.0.1:5432`, trust auth, database `test`). Each test file works in its own schema
 * or database with a random name, and drops it afterwards, so that runs never collide.
 */
export const TEST_POSTGRES_URL = process.env.TUNEKIT_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A random lower-case suffix for schema, database and study names. */
export function randomSuffix(): string {
  return randomBytes(6).toString('hex');
}

/** Run one statement as the test user on `url`. */
export async function adminQuery<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values: unknown[] = [], url = TEST_POSTGRES_URL): Promise<R[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`The PostgreSQL tests need a server at ${url.replace(/:[^:@/]*@/, ':***@')} (set TUNEKIT_POSTGRES_URL): ${(error as Error).message}`, { cause: error });
  }
  try {
    return (await client.query<R>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** A schema with a random name in the test database; `drop` removes it with everything in it. */
export interface TestSchema {
  readonly connectionString: string;
  readonly schema: string;
  drop(): Promise<void>;
}

export function testSchema(label: string): TestSchema {
  const schema = `tunekit_${label}_${randomSuffix()}`;
  return {
    connectionString: TEST_POSTGRES_URL,
    schema,
    drop: async () => {
      await adminQuery(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`);
    },
  };
}

/** A fresh database `tunekit_test_<random>` on the test server; `drop` removes it (ending its sessions). */
export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(label: string): Promise<TestDatabase> {
  const name = `tunekit_test_${label}_${randomSuffix()}`;
  await adminQuery(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: async () => {
      await adminQuery(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
    },
  };
}
