import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ConformanceHarness, StorageConformanceProcesses } from './create-conformance-harness.js';
import type { ParentMessage, ProcessTask, ProcessTaskResult, WorkerMessage } from './process-worker.js';

const SOURCE_EXTENSION = /\.[mc]?ts$/;

/** Fork one worker per task, open the storage in each, then start all tasks at the same moment. */
async function runInProcesses(h: ConformanceHarness, processes: StorageConformanceProcesses, tasks: readonly ProcessTask[]): Promise<ProcessTaskResult[]> {
  const handle = h.context().handle;
  if (handle === undefined) throw new Error('options.processes needs the factory to return a `handle` (where the data lives) for the workers to open');
  const module = processes.module instanceof URL ? processes.module.href : processes.module.startsWith('file:') ? processes.module : pathToFileURL(processes.module).href;
  const fromSource = SOURCE_EXTENSION.test(import.meta.url);
  const workerFile = fileURLToPath(new URL(`./process-worker.${fromSource ? 'ts' : 'js'}`, import.meta.url));
  const execArgv = processes.execArgv ?? (fromSource || SOURCE_EXTENSION.test(module) ? ['--conditions=source', '--import', 'tsx'] : []);
  const children: ChildProcess[] = [];
  const output: string[] = [];
  try {
    const inboxes = tasks.map((_, index) => {
      const child = fork(workerFile, [], { execArgv: [...execArgv], stdio: ['ignore', 'pipe', 'pipe', 'ipc'], serialization: 'advanced' });
      children.push(child);
      child.stdout?.on('data', (chunk: Buffer) => output.push(`[worker ${index}] ${chunk.toString()}`));
      child.stderr?.on('data', (chunk: Buffer) => output.push(`[worker ${index}] ${chunk.toString()}`));
      const queue: WorkerMessage[] = [];
      const waiters: ((message: WorkerMessage) => void)[] = [];
      child.on('message', (message: WorkerMessage) => {
        const waiter = waiters.shift();
        if (waiter !== undefined) waiter(message);
        else queue.push(message);
      });
      let exited: Error | undefined;
      child.on('exit', (code, signal) => {
        exited = new Error(`worker ${index} exited early (code ${code}, signal ${signal})`);
        for (const waiter of waiters.splice(0)) waiter({ type: 'error', message: exited.message });
      });
      child.on('error', (error) => output.push(`[worker ${index}] ${String(error)}`));
      return {
        send: (message: ParentMessage) => child.send(message),
        next: () =>
          new Promise<WorkerMessage>((resolve) => {
            const queued = queue.shift();
            if (queued !== undefined) resolve(queued);
            else if (exited !== undefined) resolve({ type: 'error', message: exited.message });
            else waiters.push(resolve);
          }),
      };
    });
    const receive = async (index: number, type: WorkerMessage['type']): Promise<WorkerMessage> => {
      const message = await (inboxes[index] as (typeof inboxes)[number]).next();
      if (message.type !== type) {
        await new Promise((resolve) => setTimeout(resolve, 50)); // let stderr drain into the report
        throw new Error(`worker ${index}: expected '${type}', got ${message.type === 'error' ? message.message : message.type}\n${output.join('')}`);
      }
      return message;
    };
    for (const inbox of inboxes) inbox.send({ type: 'open', module, handle });
    await Promise.all(inboxes.map((_, index) => receive(index, 'ready')));
    tasks.forEach((task, index) => inboxes[index]?.send({ type: 'run', task }));
    const messages = await Promise.all(inboxes.map((_, index) => receive(index, 'result')));
    return messages.map((message) => (message as Extract<WorkerMessage, { type: 'result' }>).result);
  } finally {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill();
  }
}

export function registerProcessTests(h: ConformanceHarness): void {
  const processes = h.options.processes;
  describe('across processes', () => {
    if (processes === undefined) {
      it.skip('multi-process tests: skipped because options.processes is not set (a process-local backend such as InMemoryStorage cannot be shared)', () => {});
      return;
    }
    const count = processes.count ?? 4;
    if (!(Number.isInteger(count) && count >= 2)) throw new Error(`describeStorageConformance: options.processes.count must be an integer >= 2, got ${count}`);

    h.test(`trial numbers stay dense and unique when ${count} processes create trials at once`, async () => {
      const study = await h.newStudy(['minimize'], 'processes-create');
      const results = await runInProcesses(h, processes, Array.from({ length: count }, () => ({ kind: 'create', studyId: study.studyId, count: 15 })));
      const trials = results.flatMap((r) => r.trials);
      expect(trials).toHaveLength(count * 15);
      expect(trials.map((t) => t.number).sort((a, b) => a - b)).toEqual(Array.from({ length: count * 15 }, (_, i) => i));
      expect(new Set(trials.map((t) => t.trialId)).size).toBe(count * 15);
      const stored = await h.storage().getAllTrials(study.studyId);
      expect(stored.map((t) => t.number)).toEqual(Array.from({ length: count * 15 }, (_, i) => i));
    });

    h.test(`maxTrials is exact when ${count} processes race to create trials`, async () => {
      const study = await h.newStudy(['minimize'], 'processes-cap');
      const cap = Math.floor(count * 20 * 0.45) + 1;
      const results = await runInProcesses(h, processes, Array.from({ length: count }, () => ({ kind: 'create', studyId: study.studyId, count: 20, maxTrials: cap })));
      const trials = results.flatMap((r) => r.trials);
      expect(trials).toHaveLength(cap);
      expect(results.reduce((sum, r) => sum + r.misses, 0)).toBe(count * 20 - cap);
      expect(await h.storage().countTrials(study.studyId)).toBe(cap);
      expect(trials.map((t) => t.number).sort((a, b) => a - b)).toEqual(Array.from({ length: cap }, (_, i) => i));
    });

    h.test(`each waiting trial is claimed by exactly one of ${count} processes`, async () => {
      const storage = h.storage();
      const study = await h.newStudy(['minimize'], 'processes-claim');
      const waiting = count * 5 + 3;
      const ids: number[] = [];
      for (let i = 0; i < waiting; i++) ids.push((await storage.createTrial(study.studyId, { template: { state: 'waiting' } }))?.trialId as number);
      const results = await runInProcesses(h, processes, Array.from({ length: count }, () => ({ kind: 'claim', studyId: study.studyId, count: waiting })));
      const claimed = results.flatMap((r) => r.trials.map((t) => t.trialId));
      expect(claimed.sort((a, b) => a - b)).toEqual(ids.sort((a, b) => a - b));
      expect(await storage.countTrials(study.studyId, ['waiting'])).toBe(0);
      expect(await storage.countTrials(study.studyId, ['running'])).toBe(waiting);
    });

    h.test(`trial lifecycles from ${count} processes all land intact`, async () => {
      const storage = h.storage();
      const study = await h.newStudy(['minimize'], 'processes-lifecycle');
      const results = await runInProcesses(h, processes, Array.from({ length: count }, () => ({ kind: 'lifecycle', studyId: study.studyId, count: 10 })));
      expect(results.flatMap((r) => r.trials)).toHaveLength(count * 10);
      const stored = await storage.getAllTrials(study.studyId);
      expect(stored.map((t) => t.number)).toEqual(Array.from({ length: count * 10 }, (_, i) => i));
      for (const trial of stored) {
        expect(trial.state).toBe('complete');
        expect(trial.values).toEqual([trial.trialId]);
        expect(trial.intermediateValues.get(0)).toBe(trial.trialId);
        expect(typeof trial.params.i).toBe('number');
      }
    });
  });
}
