import { fileURLToPath } from 'node:url';
import { describeCrashRecovery } from '@tunekit/core/testing';
import { tempDirectory } from './__fixtures__/temp-database.js';
import { SQLiteStorage } from './sqlite-storage.js';

describeCrashRecovery('4 processes on one SQLite file', {
  workers: 4,
  maxTrials: 80,
  cwd: fileURLToPath(new URL('..', import.meta.url)),
  prepare: () => {
    const dir = tempDirectory();
    const path = dir.path('crash.db');
    return {
      url: `sqlite://${path}`,
      readTrials: async (studyName) => {
        const storage = new SQLiteStorage({ path });
        try {
          return await storage.getAllTrials((await storage.getStudyByName(studyName)).studyId);
        } finally {
          await storage.close();
        }
      },
      cleanup: () => dir.remove(),
    };
  },
});
