import { FixedClock, describeStorageConformance } from '@tunekit/core/testing';
import { fixturePath, tempDirectory } from './__fixtures__/temp-database.js';
import { SQLiteStorage } from './sqlite-storage.js';

// A file per test, with a clock the suite moves (heartbeats, datetimes), raced by worker processes.
describeStorageConformance(
  'SQLiteStorage (file, WAL)',
  () => {
    const dir = tempDirectory();
    const path = dir.path('conformance.db');
    const clock = new FixedClock();
    return { storage: new SQLiteStorage({ path, now: clock.now }), clock, handle: { path }, cleanup: () => dir.remove() };
  },
  { processes: { module: fixturePath('open-sqlite-storage.ts') } },
);

describeStorageConformance('SQLiteStorage (:memory:, real clock)', () => ({ storage: new SQLiteStorage({ path: ':memory:' }) }));
