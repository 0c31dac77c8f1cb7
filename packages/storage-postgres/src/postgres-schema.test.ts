import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { StorageError, TunekitError } from '@tunekit/core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminQuery, createTestDatabase, randomSuffix, testSchema, type TestDatabase } from './__fixtures__/postgres-test-database.js';
import { runOptuna } from './__fixtures__/run-optuna.js';
import { PostgresStorage } from './postgres-storage.js';
import { TUNEKIT_TRIALS_INDEX } from './postgres-schema.js';

const run = promisify(execFile);

/** `pg_dump` of `url` (schema only unless `data`), without comments, settings and owners. */
async function dump(url: string, options: { data?: boolean; schema?: string } = {}): Promise<string[]> {
  const args = ['--no-owner', '--no-privileges', ...(options.data === true ? [] : ['--schema-only']), ...(options.schema === undefined ? [] : ['--schema', options.schema]), url];
  const { stdout } = await run(process.env.TUNEKIT_PG_DUMP ?? 'pg_dump', args, { maxBuffer: 64 * 1024 * 1024 });
  return stdout
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('--') && !line.startsWith('SET ') && !line.startsWith('SELECT pg_catalog.set_config') && !line.startsWith('\\'));
}

async function rejection(promise: Promise<unknown>): Promise<TunekitError> {
  try {
    await promise;
  } catch (error) {
    if (TunekitError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe("Optuna 3.1's schema on PostgreSQL", () => {
  let byOptuna: TestDatabase;
  let byTunekit: TestDatabase;

  beforeAll(async () => {
    [byOptuna, byTunekit] = await Promise.all([createTestDatabase('optuna_schema'), createTestDatabase('tunekit_schema')]);
    await runOptuna('create', byOptuna.url);
    const storage = new PostgresStorage({ connectionString: byTunekit.url });
    try {
      await storage.createStudy({ studyName: 'made-by-tunekit', directions: ['minimize', 'maximize'] });
    } finally {
      await storage.close();
    }
  }, 120_000);
  afterAll(async () => {
    await Promise.all([byOptuna?.drop(), byTunekit?.drop()]);
  });

  it('tunekit creates exactly the types, tables, columns, constraints and indexes Python Optuna 3.1 creates, plus one index', async () => {
    const [optuna, tunekit] = await Promise.all([dump(byOptuna.url), dump(byTunekit.url)]);
    expect(optuna.length, 'the dump has the whole schema').toBeGreaterThan(100);
    expect(optuna.some((line) => line.includes('CREATE TYPE public.trialstate AS ENUM'))).toBe(true);
    const extra = tunekit.filter((line) => line.includes(TUNEKIT_TRIALS_INDEX));
    expect(extra).toEqual([`CREATE INDEX ${TUNEKIT_TRIALS_INDEX} ON public.trials USING btree (study_id, number);`]);
    expect(tunekit.filter((line) => !line.includes(TUNEKIT_TRIALS_INDEX))).toEqual(optuna);
  });

  it('writes the version rows Optuna writes (alembic head v3.0.0.d, schema_version 12)', async () => {
    for (const [db, library] of [[byOptuna, '3.1.0'], [byTunekit, '3.1.0+tunekit']] as const) {
      expect(await adminQuery('SELECT version_num FROM alembic_version', [], db.url)).toEqual([{ version_num: 'v3.0.0.d' }]);
      expect(await adminQuery('SELECT version_info_id, schema_version, library_version FROM version_info', [], db.url)).toEqual([
        { version_info_id: 1, schema_version: 12, library_version: library },
      ]);
    }
  });

  it('Python Optuna opens a tunekit-created database without migrating', async () => {
    const checked = await runOptuna<{ current: string; head: string; studies: string[] }>('check', byTunekit.url);
    expect(checked).toEqual({ current: 'v3.0.0.d', head: 'v3.0.0.d', studies: ['made-by-tunekit'] });
  });

  it('tunekit opens a Python-created database as it is, without changing its schema', async () => {
    const before = await dump(byOptuna.url);
    const storage = new PostgresStorage({ connectionString: byOptuna.url });
    try {
      expect((await storage.getStudyByName('probe')).directions).toEqual(['minimize']);
    } finally {
      await storage.close();
    }
    expect(await dump(byOptuna.url)).toEqual(before);
  });
});

describe('schema revisions tunekit must not touch', () => {
  const schema = testSchema('revisions');
  const quoted = pg.escapeIdentifier(schema.schema);

  beforeAll(async () => {
    const storage = new PostgresStorage({ connectionString: schema.connectionString }, { schema: schema.schema });
    try {
      const study = await storage.createStudy({ studyName: 'kept', directions: ['minimize'] });
      await storage.setTrialState((await storage.createTrial(study.studyId))?.trialId as number, 'complete', [1]);
    } finally {
      await storage.close();
    }
  });
  afterAll(() => schema.drop());

  async function expectRefused(revision: string): Promise<StorageError> {
    await adminQuery(`UPDATE ${quoted}.alembic_version SET version_num = $1`, [revision]);
    const before = await dump(schema.connectionString, { data: true, schema: schema.schema });
    const storage = new PostgresStorage({ connectionString: schema.connectionString }, { schema: schema.schema });
    try {
      const errors = await Promise.all([
        rejection(storage.open()),
        rejection(storage.getAllStudies()),
        rejection(storage.createStudy({ studyName: `new-${randomSuffix()}`, directions: ['minimize'] })),
        rejection(storage.createTrial(1)),
      ]);
      for (const error of errors) {
        expect(error).toBeInstanceOf(StorageError);
        expect(error.code).toBe('STORAGE_SCHEMA_VERSION');
        expect(error.message).toContain(`'${revision}'`);
      }
      expect(await dump(schema.connectionString, { data: true, schema: schema.schema }), 'the database is untouched').toEqual(before);
      return errors[0] as StorageError;
    } finally {
      await storage.close();
      await adminQuery(`UPDATE ${quoted}.alembic_version SET version_num = 'v3.0.0.d'`);
    }
  }

  it('refuses a newer (unknown) alembic revision with a clear StorageError and changes nothing', async () => {
    const error = await expectRefused('v3.2.0.a');
    expect(error.message).toContain('newer Optuna');
    expect(error.message).toContain('leaves this database untouched');
  });

  it('refuses older Optuna revisions, naming the release and the upgrade command', async () => {
    const error = await expectRefused('v2.6.0.a');
    expect(error.message).toContain('Optuna 2.6–2.10');
    expect(error.message).toContain('optuna storage upgrade');
    await expectRefused('v1.3.0.a');
  });

  it('refuses Optuna-like tables without a revision, and several revisions', async () => {
    const other = testSchema('unversioned');
    try {
      await adminQuery(`CREATE SCHEMA ${pg.escapeIdentifier(other.schema)}; CREATE TABLE ${pg.escapeIdentifier(other.schema)}.studies (study_id int)`);
      const storage = new PostgresStorage({ connectionString: other.connectionString }, { schema: other.schema });
      const error = await rejection(storage.open());
      await storage.close();
      expect(error.code).toBe('STORAGE_SCHEMA_VERSION');
      expect(error.message).toContain('no alembic_version revision');
      const [tables] = await adminQuery<{ n: number }>("SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = $1", [other.schema]);
      expect(tables?.n, 'no table was added').toBe(1);
    } finally {
      await other.drop();
    }
    await adminQuery(`INSERT INTO ${quoted}.alembic_version VALUES ('v3.0.0.d-branch')`);
    try {
      const storage = new PostgresStorage({ connectionString: schema.connectionString }, { schema: schema.schema });
      const error = await rejection(storage.open());
      await storage.close();
      expect(error.message).toContain('several schema revisions');
    } finally {
      await adminQuery(`DELETE FROM ${quoted}.alembic_version WHERE version_num <> 'v3.0.0.d'`);
    }
  });

  it('opens again once the revision is back to the head', async () => {
    const storage = new PostgresStorage({ connectionString: schema.connectionString }, { schema: schema.schema });
    try {
      expect((await storage.getAllStudies()).map((study) => study.studyName)).toEqual(['kept']);
    } finally {
      await storage.close();
    }
  });
});
