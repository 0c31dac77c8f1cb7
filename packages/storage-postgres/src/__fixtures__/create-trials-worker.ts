/**
 * One worker of `postgres-multi-process.test.ts`, run as its own OS process:
 *
 *   node --import tsx --conditions=source create-trials-worker.ts '<json config>'
 *
 * Opens the storage, prints `ready`, waits for `go` on stdin, then runs trials the way
 * `study.ask()` starts them (claim a waiting trial, else create one, both under `maxTrials`) until
 * the cap says no more. Every tenth trial it starts fails (failed trials do not count towards the
 * cap, so they are replaced); the others complete. Prints one JSON line with what it did.
 */
import { floatDistribution } from '@tunekit/core';
import { PostgresStorage } from '../postgres-storage.js';

interface WorkerConfig {
  readonly connectionString: string;
  readonly schema: string;
  readonly studyId: number;
  readonly maxTrials: number;
  readonly worker: number;
}

const config = JSON.parse(process.argv[2] ?? '{}') as WorkerConfig;
const storage = new PostgresStorage({ connectionString: config.connectionString, poolConfig: { max: 2 } }, { schema: config.schema });
await storage.open();
process.stdout.write('ready\n');
await new Promise<void>((resolve) => {
  process.stdin.on('data', (chunk: Buffer) => {
    if (chunk.toString().includes('go')) resolve();
  });
});

const started: { trialId: number; number: number; claimed: boolean; state: 'complete' | 'fail' }[] = [];
try {
  for (;;) {
    const claimed = await storage.claimWaitingTrial(config.studyId, { maxTrials: config.maxTrials });
    const trial = claimed ?? (await storage.createTrial(config.studyId, { maxTrials: config.maxTrials }));
    if (trial === undefined) break;
    const state = started.length % 10 === 9 ? 'fail' : 'complete';
    await storage.setTrialParam(trial.trialId, 'x', (config.worker + started.length) % 10 / 10, floatDistribution(0, 1));
    await storage.setTrialIntermediateValue(trial.trialId, 0, config.worker);
    await storage.setTrialState(trial.trialId, state, state === 'complete' ? [trial.number] : undefined);
    started.push({ trialId: trial.trialId, number: trial.number, claimed: claimed !== undefined, state });
  }
  process.stdout.write(`${JSON.stringify({ worker: config.worker, started })}\n`);
} finally {
  await storage.close();
  process.stdin.destroy();
}
