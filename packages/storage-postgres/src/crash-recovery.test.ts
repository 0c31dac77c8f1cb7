import { fileURLToPath } from 'node:url';
import { describeCrashRecovery } from '@tunekit/core/testing';
import { testSchema } from './__fixtures__/postgres-test-database.js';
import { PostgresStorage } from './postgres-storage.js';

describeCrashRecovery('8 processes on PostgreSQL', {
  workers: 8,
  maxTrials: 160,
  cwd: fileURLToPath(new URL('..', import.meta.url)),
  prepare: () => {
    // Each test in its own schema (the workers create Optuna's tables in it), dropped afterwards.
    const schema = testSchema('crash');
    const url = new URL(schema.connectionString);
    url.searchParams.set('schema', schema.schema);
    return {
      url: url.toString(),
      readTrials: async (studyName) => {
        const storage = new PostgresStorage({ connectionString: schema.connectionString }, { schema: schema.schema });
        try {
          return await storage.getAllTrials((await storage.getStudyByName(studyName)).studyId);
        } finally {
          await storage.close();
        }
      },
      cleanup: () => schema.drop(),
    };
  },
});
