import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixturePath, tempDirectory } from './__fixtures__/temp-database.js';
import { SQLiteStorage } from './sqlite-storage.js';

const WORKERS = 4;
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
let dir: ReturnType<typeof tempDirectory>;

beforeEach(() => {
  dir = tempDirectory();
});
afterEach(() => dir.remove());

/**
 * Run the worker script in `WORKERS` processes; once every one has started and opened the
 * database, tell them all to go at once. Resolves with each one's report.
 */
async function race(args: (worker: number) => string[]): Promise<{ worker: string; done: number[] }[]> {
  const children = Array.from({ length: WORKERS }, (_, worker) => spawn(process.execPath, ['--conditions=source', '--import', 'tsx', fixturePath('storage-worker.ts'), ...args(worker)], { cwd: repoRoot }));
  const ready: Promise<void>[] = [];
  const runs = children.map(
    (child, worker) =>
      new Promise<{ worker: string; done: number[] }>((resolve, reject) => {
        let stdout = '';
        let stderr = '';
        ready.push(
          new Promise<void>((started) => {
            child.stdout.on('data', (chunk) => {
              stdout += chunk;
              if (stdout.startsWith('ready\n')) started();
            });
          }),
        );
        child.stderr.on('data', (chunk) => (stderr += chunk));
        child.on('error', reject);
        child.on('close', (code) => {
          if (code === 0) resolve(JSON.parse(stdout.slice('ready\n'.length)));
          else reject(new Error(`worker ${worker} exited with ${code}: ${stderr}`));
        });
      }),
  );
  await Promise.race([Promise.all(ready), Promise.all(runs)]);
  for (const child of children) child.stdin.end('go\n');
  return Promise.all(runs);
}

describe('several processes on one SQLite file', () => {
  it(`${WORKERS} processes creating trials against maxTrials: exactly the cap, dense unique numbers, nothing stuck`, async () => {
    const path = dir.path('race.db');
    const setup = new SQLiteStorage({ path });
    const study = await setup.createStudy({ studyName: 'race', directions: ['minimize'] });
    await setup.close();

    const cap = 400;
    const reports = await race((worker) => ['create', path, 'race', String(cap), String(worker)]);

    const storage = new SQLiteStorage({ path });
    const trials = await storage.getAllTrials(study.studyId);
    expect(trials.map((trial) => trial.number)).toEqual(trials.map((_, index) => index));
    expect(await storage.countTrials(study.studyId, ['running', 'complete', 'pruned'])).toBe(cap);
    expect(await storage.countTrials(study.studyId, ['running', 'waiting'])).toBe(0);
    const failed = trials.filter((trial) => trial.state === 'fail').length;
    expect(failed).toBeGreaterThan(0);
    expect(trials).toHaveLength(cap + failed);
    // Every trial was made by exactly one worker, which wrote all of it.
    const byWorker = reports.flatMap((report) => report.done);
    expect(byWorker.sort((a, b) => a - b)).toEqual(trials.map((trial) => trial.number));
    for (const trial of trials) {
      expect(trial.params.x).toBe((trial.number % 10) / 10);
      expect(trial.intermediateValues.get(0)).toBe(trial.number);
      expect(reports[Number(trial.userAttrs.worker)]?.done).toContain(trial.number);
      if (trial.state === 'complete') expect(trial.values).toEqual([trial.number]);
    }
    for (const report of reports) expect(report.done.length, `worker ${report.worker} got trials`).toBeGreaterThan(0);
    await storage.close();
  }, 60_000);

  it(`${WORKERS} processes claiming waiting trials: each is handed to exactly one`, async () => {
    const path = dir.path('claim.db');
    const setup = new SQLiteStorage({ path });
    const study = await setup.createStudy({ studyName: 'claim', directions: ['minimize'] });
    for (let i = 0; i < 200; i++) await setup.createTrial(study.studyId, { template: { state: 'waiting' } });
    await setup.close();

    const reports = await race((worker) => ['claim', path, 'claim', '-', String(worker)]);

    const claimed = reports.flatMap((report) => report.done).sort((a, b) => a - b);
    expect(claimed).toEqual(Array.from({ length: 200 }, (_, index) => index));
    const storage = new SQLiteStorage({ path });
    const trials = await storage.getAllTrials(study.studyId);
    for (const trial of trials) {
      const owner = reports.find((report) => report.done.includes(trial.number));
      expect(trial).toMatchObject({ state: 'complete', values: [Number(owner?.worker)] });
    }
    await storage.close();
  }, 60_000);
});
