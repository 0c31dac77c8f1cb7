import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { randomSuffix, testSchema } from './__fixtures__/postgres-test-database.js';
import { PostgresStorage } from './postgres-storage.js';

const WORKER = fileURLToPath(new URL('./__fixtures__/create-trials-worker.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url)); // where tsx is installed
const schema = testSchema('processes');
afterAll(() => schema.drop());

interface WorkerReport {
  readonly worker: number;
  readonly started: readonly { trialId: number; number: number; claimed: boolean; state: 'complete' | 'fail' }[];
}

/** Start a worker process; resolves once it has opened the storage and waits for `go`. */
function startWorker(config: object): Promise<{ child: ChildProcess; report: Promise<WorkerReport> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=source', WORKER, JSON.stringify(config)], { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolveReady, rejectReady) => {
    const report = new Promise<WorkerReport>((resolve, reject) => {
      child.on('exit', (code) => {
        const last = stdout.trim().split('\n').pop() ?? '';
        if (code === 0 && last.startsWith('{')) resolve(JSON.parse(last) as WorkerReport);
        else reject(new Error(`worker exited with code ${code}\n${stdout}\n${stderr}`));
      });
    });
    report.catch(rejectReady);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.startsWith('ready\n')) resolveReady({ child, report });
    });
  });
}

describe('8 worker processes sharing one study', () => {
  it('maxTrials is exact: every slot filled once, numbers dense and unique, waiting trials claimed once, nothing left running', async () => {
    const storage = new PostgresStorage({ connectionString: schema.connectionString }, { schema: schema.schema });
    const children: ChildProcess[] = [];
    try {
      const study = await storage.createStudy({ studyName: `processes-${randomSuffix()}`, directions: ['minimize'] });
      const waiting = new Set<number>();
      for (let i = 0; i < 16; i++) waiting.add((await storage.createTrial(study.studyId, { template: { state: 'waiting' } }))?.trialId as number);
      const maxTrials = 120;
      const workers = await Promise.all(
        Array.from({ length: 8 }, (_, worker) => startWorker({ connectionString: schema.connectionString, schema: schema.schema, studyId: study.studyId, maxTrials, worker })),
      );
      children.push(...workers.map((w) => w.child));
      for (const { child } of workers) child.stdin?.write('go\n');
      const reports = await Promise.all(workers.map((w) => w.report));

      const started = reports.flatMap((r) => r.started);
      const failed = started.filter((t) => t.state === 'fail');
      expect(started.length - failed.length, 'trials that count towards the cap').toBe(maxTrials);
      expect(new Set(started.map((t) => t.trialId)).size, 'no trial started twice').toBe(started.length);
      expect(reports.filter((r) => r.started.length > 0).length, 'the work was shared').toBeGreaterThan(1);
      const claimed = started.filter((t) => t.claimed);
      expect(claimed.every((t) => waiting.has(t.trialId)), 'claims only took enqueued trials').toBe(true);

      const trials = await storage.getAllTrials(study.studyId);
      expect(trials.map((t) => t.number), 'numbers are dense and unique').toEqual(Array.from({ length: trials.length }, (_, i) => i));
      expect(trials.length).toBe(16 + started.length - claimed.length);
      expect(await storage.countTrials(study.studyId, ['running'])).toBe(0);
      expect(await storage.countTrials(study.studyId, ['complete'])).toBe(maxTrials);
      expect(await storage.countTrials(study.studyId, ['fail'])).toBe(failed.length);
      expect(await storage.countTrials(study.studyId, ['waiting'])).toBe(16 - claimed.length);
      for (const trial of trials.filter((t) => t.state === 'complete')) {
        expect(trial.values).toEqual([trial.number]);
        expect(typeof trial.params.x).toBe('number');
        expect(trial.intermediateValues.size).toBe(1);
      }
    } finally {
      for (const child of children) if (child.exitCode === null) child.kill();
      await storage.close();
    }
  }, 180_000);
});
