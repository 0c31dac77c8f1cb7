/**
 * A worker process for the crash-recovery test: joins one study through the public Study API (a
 * storage URL, `loadIfExists`, heartbeats, `retryFailedTrials`), prints `ready`, waits for a
 * line on stdin (so that every worker starts at once), then runs `optimize({ maxTrials })`.
 *
 * stdout, one line each (pipes are synchronous on Linux, so a line is out before a SIGKILL):
 *   ready
 *   start <trial number> <trial id>     when the objective starts a trial (its params are stored)
 *   done <JSON>                         at the end: { worker, stoppedBy, finished: [[number, state], ...] }
 *
 *   node --import tsx --conditions=source crash-worker.ts STORAGE_URL STUDY MAX_TRIALS WORKER
 *
 * Run it with the storage package as working directory: a storage URL loads its package from there.
 */
import { NopPruner } from '../../pruners/nop-pruner.js';
import { RandomSampler } from '../../samplers/random-sampler.js';
import { createStudy } from '../../study/create-study.js';

const [storage, studyName, maxTrialsText, workerText] = process.argv.slice(2) as [string, string, string, string];
const worker = Number(workerText);

const study = await createStudy({
  studyName,
  storage,
  loadIfExists: true,
  direction: 'minimize',
  heartbeat: { intervalMs: 200, gracePeriodMs: 1000 },
  retryFailedTrials: { maxRetries: 3 },
  sampler: new RandomSampler({ seed: 1000 + worker }),
  // The objective never prunes or fails: every trial that does not complete was killed.
  pruner: new NopPruner(),
});
process.stdout.write('ready\n');
await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
process.stdin.pause();

const result = await study.optimize(
  async (trial) => {
    const x = trial.suggestFloat('x', -10, 10);
    const k = trial.suggestInt('k', 0, 1000);
    // Parameter writes are queued; wait until they are stored, so that a kill right after the
    // marker leaves a trial whose params a retry can reuse (a real objective runs far longer).
    await trial.flush();
    process.stdout.write(`start ${trial.number} ${trial.trialId}\n`);
    // 50–150 ms of "training", varied so that the workers drift out of step.
    await new Promise((resolve) => setTimeout(resolve, 50 + ((trial.number * 37 + worker * 11) % 101)));
    return x * x + k;
  },
  { maxTrials: Number(maxTrialsText), progress: false },
);
await study.close();
process.stdout.write(`done ${JSON.stringify({ worker, stoppedBy: result.stoppedBy, finished: result.trials.map((trial) => [trial.number, trial.state]) })}\n`);
