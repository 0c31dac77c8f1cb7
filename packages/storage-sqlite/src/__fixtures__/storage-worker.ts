/**
 * A worker process for the multi-process tests: opens the database, prints `ready`, waits for a
 * line on stdin (so that all workers start racing at once), races the other workers, and prints
 * what it did as JSON on stdout.
 *
 *   node --conditions=source --import tsx storage-worker.ts create DB STUDY MAX_TRIALS WORKER
 *   node --conditions=source --import tsx storage-worker.ts claim DB STUDY - WORKER
 */
import { floatDistribution } from '@tunekit/core';
import { SQLiteStorage } from '../sqlite-storage.js';

const [mode, path, studyName, maxTrialsText, worker] = process.argv.slice(2) as [string, string, string, string, string];
const storage = new SQLiteStorage({ path });
const study = await storage.getStudyByName(studyName);
const done: number[] = [];
process.stdout.write('ready\n');
await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
process.stdin.pause();

if (mode === 'create') {
  const maxTrials = Number(maxTrialsText);
  for (;;) {
    const trial = await storage.createTrial(study.studyId, { maxTrials });
    if (trial === undefined) break;
    await storage.setTrialParam(trial.trialId, 'x', (trial.number % 10) / 10, floatDistribution(0, 1));
    await storage.setTrialUserAttr(trial.trialId, 'worker', worker);
    await storage.setTrialIntermediateValue(trial.trialId, 0, trial.number);
    // Every seventh trial fails: failed trials do not count towards maxTrials, so they are replaced.
    if (trial.number % 7 === 3) await storage.setTrialState(trial.trialId, 'fail');
    else await storage.setTrialState(trial.trialId, 'complete', [trial.number]);
    if (done.length % 4 === 0) await storage.getAllTrials(study.studyId);
    done.push(trial.number);
  }
} else {
  for (;;) {
    const trial = await storage.claimWaitingTrial(study.studyId);
    if (trial === undefined) break;
    await storage.setTrialState(trial.trialId, 'complete', [Number(worker)]);
    done.push(trial.number);
  }
}
await storage.close();
process.stdout.write(JSON.stringify({ worker, done }));
