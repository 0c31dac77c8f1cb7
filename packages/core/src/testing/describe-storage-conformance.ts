import { describe, expect } from 'vitest';
import {
  createConformanceHarness,
  type StorageConformanceFactory,
  type StorageConformanceOptions,
} from './storage-conformance/create-conformance-harness.js';
import { registerConcurrencyTests } from './storage-conformance/register-concurrency-tests.js';
import { registerHeartbeatTests } from './storage-conformance/register-heartbeat-tests.js';
import { registerImmutabilityTests } from './storage-conformance/register-immutability-tests.js';
import { registerParamTests } from './storage-conformance/register-param-tests.js';
import { registerProcessTests } from './storage-conformance/register-process-tests.js';
import { registerQueryTests } from './storage-conformance/register-query-tests.js';
import { registerStateTests } from './storage-conformance/register-state-tests.js';
import { registerStudyTests } from './storage-conformance/register-study-tests.js';
import { registerTrialTests } from './storage-conformance/register-trial-tests.js';
import { registerValueTests } from './storage-conformance/register-value-tests.js';

export type {
  ConformanceClock,
  StorageConformanceContext,
  StorageConformanceFactory,
  StorageConformanceOptions,
  StorageConformanceProcesses,
} from './storage-conformance/create-conformance-harness.js';

/**
 * Register vitest tests that check a `Storage` implementation against the contract written in
 * `protocol/storage.ts` and `protocol/frozen-trial.ts`. Every backend runs it:
 *
 * ```ts
 * // in-memory-storage.test.ts
 * describeStorageConformance('InMemoryStorage', () => {
 *   const clock = new FixedClock();
 *   return { storage: new InMemoryStorage({ now: clock.now }), clock };
 * });
 * // sqlite-storage.test.ts
 * describeStorageConformance('SQLiteStorage', async () => {
 *   const path = join(await mkdtemp(join(tmpdir(), 'tunekit-')), 'db.sqlite');
 *   return { storage: new SQLiteStorage({ path }), handle: { path }, cleanup: () => rm(path) };
 * }, { processes: { module: new URL('./open-sqlite-storage.ts', import.meta.url) } });
 * ```
 *
 * How it runs:
 * - `factory` is called before every test and the storage it returns is closed after it (then
 *   `cleanup` runs). Each test creates its own studies with unique names and never assumes the
 *   storage is empty, so a factory may hand out connections to one shared database.
 * - Covered: studies (CRUD, names, directions, attrs, errors), trial creation and numbering,
 *   templates (enqueue, addTrial), FIFO claims, exact `maxTrials` caps, params (internal/external
 *   representations, conflicts, validation), the state machine (finished is final), intermediate
 *   and objective values (bit-exact edge doubles), immutability of records and isolation from
 *   inputs, filtered queries, datetimes, many concurrent operations, heartbeats (skipped at run
 *   time with a reason when the storage has neither heartbeat method), `close()` idempotency,
 *   and, with `options.processes`, races between OS processes sharing one database.
 * - Error checks match by class name and `TunekitError.isInstance`, so a backend built against
 *   another copy of core still passes; structured fields (`studyName`, `trialNumber`, `state`,
 *   ...) are checked too.
 */
export function describeStorageConformance(name: string, factory: StorageConformanceFactory, options: StorageConformanceOptions = {}): void {
  describe(`Storage conformance: ${name}`, () => {
    const h = createConformanceHarness(factory, options);
    registerStudyTests(h);
    registerTrialTests(h);
    registerParamTests(h);
    registerStateTests(h);
    registerValueTests(h);
    registerImmutabilityTests(h);
    registerQueryTests(h);
    registerConcurrencyTests(h);
    registerHeartbeatTests(h);
    describe('close', () => {
      h.test('close() is idempotent (the suite closes the storage once more after the test)', async () => {
        const storage = h.storage();
        const study = await h.newStudy();
        await storage.createTrial(study.studyId);
        await expect(storage.close()).resolves.toBeUndefined();
        await expect(storage.close()).resolves.toBeUndefined();
        await Promise.all([storage.close(), storage.close()]);
      });
    });
    registerProcessTests(h);
  });
}
