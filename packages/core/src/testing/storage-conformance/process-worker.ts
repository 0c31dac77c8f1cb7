/**
 * Entry point of the worker processes that the multi-process storage tests fork (see
 * `StorageConformanceOptions.processes`). Not a library module: it runs only as a child process,
 * talking to the suite over IPC. It imports nothing from core at runtime, so it starts fast.
 *
 * Protocol: the parent sends `open` (the backend module and the storage handle); the worker opens
 * the storage and answers `ready`. Once every worker is ready the parent sends `run` to all of
 * them at once; each answers `result` (or `error`), closes its storage and exits.
 */
import { pathToFileURL } from 'node:url';
import type { JsonValue } from '../../protocol/json-value.js';
import type { Storage } from '../../protocol/storage.js';

/** What one worker does; every operation of a task is issued at once (`Promise.all`). */
export type ProcessTask =
  | { readonly kind: 'create'; readonly studyId: number; readonly count: number; readonly maxTrials?: number }
  | { readonly kind: 'claim'; readonly studyId: number; readonly count: number; readonly maxTrials?: number }
  /** Create a trial, set a param, report a value, complete it with `[trialId]`. */
  | { readonly kind: 'lifecycle'; readonly studyId: number; readonly count: number };

export interface ProcessTaskResult {
  /** Trials created or claimed, in no particular order. */
  readonly trials: readonly { readonly trialId: number; readonly number: number }[];
  /** Operations that returned `undefined` (cap reached, nothing waiting). */
  readonly misses: number;
}

export type ParentMessage =
  | { readonly type: 'open'; readonly module: string; readonly handle: JsonValue }
  | { readonly type: 'run'; readonly task: ProcessTask };

export type WorkerMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'result'; readonly result: ProcessTaskResult }
  | { readonly type: 'error'; readonly message: string };

type OpenStorage = (handle: JsonValue) => Storage | Promise<Storage>;

async function openFrom(module: string, handle: JsonValue): Promise<Storage> {
  const url = module.startsWith('file:') ? module : pathToFileURL(module).href;
  const loaded = (await import(url)) as { openStorage?: OpenStorage; default?: OpenStorage };
  const open = loaded.openStorage ?? loaded.default;
  if (typeof open !== 'function') throw new Error(`${module} must export a function openStorage(handle) (named or default)`);
  return open(handle);
}

async function run(storage: Storage, task: ProcessTask): Promise<ProcessTaskResult> {
  const indexes = Array.from({ length: task.count }, (_, i) => i);
  const options = 'maxTrials' in task && task.maxTrials !== undefined ? { maxTrials: task.maxTrials } : {};
  const outcomes = await Promise.all(
    indexes.map(async (i) => {
      if (task.kind === 'create') return storage.createTrial(task.studyId, options);
      if (task.kind === 'claim') return storage.claimWaitingTrial(task.studyId, options);
      const trial = await storage.createTrial(task.studyId);
      if (trial === undefined) return undefined;
      await storage.setTrialParam(trial.trialId, 'i', i, { type: 'int', low: 0, high: 1_000_000, log: false, step: 1 });
      await storage.setTrialIntermediateValue(trial.trialId, 0, trial.trialId);
      await storage.setTrialState(trial.trialId, 'complete', [trial.trialId]);
      return trial;
    }),
  );
  const trials = outcomes.flatMap((trial) => (trial === undefined ? [] : [{ trialId: trial.trialId, number: trial.number }]));
  return { trials, misses: outcomes.length - trials.length };
}

function send(message: WorkerMessage): Promise<void> {
  return new Promise((resolve) => process.send?.(message, undefined, {}, () => resolve()));
}

function main(): void {
  let storage: Storage | undefined;
  // The parent owns this process: when it goes away, so do we.
  process.on('disconnect', () => process.exit(0));
  process.on('message', (message: ParentMessage) => {
    void (async () => {
      try {
        if (message.type === 'open') {
          storage = await openFrom(message.module, message.handle);
          await send({ type: 'ready' });
          return;
        }
        if (storage === undefined) throw new Error('run before open');
        const result = await run(storage, message.task);
        await storage.close();
        await send({ type: 'result', result });
        process.disconnect();
      } catch (error) {
        await send({ type: 'error', message: error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error) });
        process.disconnect();
      }
    })();
  });
}

if (typeof process.send === 'function') main();
