import { describeStorageConformance } from '@tunekit/core/testing';
import { afterAll } from 'vitest';
import { testSchema } from './__fixtures__/postgres-test-database.js';
import { PostgresStorage } from './postgres-storage.js';

// One schema for the whole suite (every conformance test uses its own study names); a new storage
// (and pool) per test, as the suite requires. Worker processes open the same schema through
// this package's `openStorage({ connectionString, schema })`.
const schema = testSchema('conformance');
afterAll(() => schema.drop());

describeStorageConformance(
  'PostgresStorage',
  () => ({
    storage: new PostgresStorage({ connectionString: schema.connectionString, poolConfig: { max: 8 } }, { schema: schema.schema }),
    handle: { connectionString: schema.connectionString, schema: schema.schema },
  }),
  { processes: { module: new URL('./index.ts', import.meta.url), count: 4 } },
);
