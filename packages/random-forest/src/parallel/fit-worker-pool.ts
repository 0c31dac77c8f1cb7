import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { TunekitError } from '@tunekit/core';
import type { FitReply, FitTask, FitWorkerInit } from './fit-protocol.js';

/** What a fold fit returns. */
export interface FoldPrediction {
  readonly prediction: Int32Array | Float64Array;
  /** Time spent fitting and predicting, in ms (inside the worker). */
  readonly fitMs: number;
}

interface Pending {
  readonly task: FitTask;
  readonly resolve: (value: FoldPrediction) => void;
  readonly reject: (error: unknown) => void;
}

interface Slot {
  worker: Worker;
  busy: Pending | undefined;
}

// Running from TypeScript sources (tests, tsx): the worker loads tsx's ESM hooks first, then the
// .ts entry, with the `source` export condition so @tunekit/* resolve to their sources too.
const BOOTSTRAP = `const { workerData } = require('node:worker_threads');
import(workerData.tsxApi).then((api) => { api.register(); return import(workerData.entry); });`;

function startWorker(init: FitWorkerInit): Worker {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    const entry = new URL('./fit-worker.ts', here).href;
    // require.resolve gives tsx's CommonJS build; its ES module build sits beside it.
    const tsxApi = pathToFileURL(createRequire(here).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
    return new Worker(BOOTSTRAP, { eval: true, workerData: { ...init, entry, tsxApi }, execArgv: ['--conditions=source'] });
  }
  return new Worker(new URL('./fit-worker.js', here), { workerData: init });
}

/**
 * A fixed set of worker threads that fit folds in parallel. Each worker holds the data set
 * (shared memory, no copy) and the folds; a task names the parameters and the fold. A worker
 * that crashes fails its task and is replaced. Idle workers do not keep the process alive.
 */
export class FitWorkerPool {
  readonly size: number;
  readonly #init: FitWorkerInit;
  readonly #slots: Slot[] = [];
  readonly #queue: Pending[] = [];
  #nextId = 0;
  #closed = false;

  constructor(size: number, init: FitWorkerInit) {
    this.size = size;
    this.#init = init;
    for (let i = 0; i < size; i++) this.#slots.push(this.#spawn());
  }

  #spawn(): Slot {
    const slot: Slot = { worker: startWorker(this.#init), busy: undefined };
    slot.worker.unref();
    slot.worker.on('message', (reply: FitReply) => this.#settle(slot, reply));
    slot.worker.on('error', (error) => this.#crash(slot, error));
    slot.worker.on('exit', (code) => {
      if (!this.#closed) this.#crash(slot, new TunekitError(`fit worker exited with code ${code}`, { code: 'WORKER_EXITED' }));
    });
    return slot;
  }

  /** Fit `task.params` on fold `task.fold` in the next free worker. */
  run(task: Omit<FitTask, 'id'>): Promise<FoldPrediction> {
    if (this.#closed) return Promise.reject(new TunekitError('the fit worker pool is closed', { code: 'POOL_CLOSED' }));
    return new Promise((resolve, reject) => {
      this.#queue.push({ task: { ...task, id: this.#nextId++ }, resolve, reject });
      this.#dispatch();
    });
  }

  #dispatch(): void {
    for (const slot of this.#slots) {
      if (slot.busy !== undefined) continue;
      const next = this.#queue.shift();
      if (next === undefined) return;
      slot.busy = next;
      slot.worker.ref();
      slot.worker.postMessage(next.task);
    }
  }

  #settle(slot: Slot, reply: FitReply): void {
    const pending = slot.busy;
    if (pending === undefined || pending.task.id !== reply.id) return;
    slot.busy = undefined;
    slot.worker.unref();
    if (reply.ok) pending.resolve({ prediction: reply.prediction, fitMs: reply.fitMs });
    else {
      const error = new Error(reply.error.message);
      error.name = reply.error.name;
      if (reply.error.stack !== undefined) error.stack = reply.error.stack;
      pending.reject(error);
    }
    this.#dispatch();
  }

  #crash(slot: Slot, error: unknown): void {
    const index = this.#slots.indexOf(slot);
    if (index < 0) return;
    const pending = slot.busy;
    slot.busy = undefined;
    void slot.worker.terminate();
    if (!this.#closed) this.#slots[index] = this.#spawn();
    else this.#slots.splice(index, 1);
    pending?.reject(new TunekitError(`a fit worker failed: ${error instanceof Error ? error.message : String(error)}`, { code: 'WORKER_FAILED', cause: error }));
    this.#dispatch();
  }

  /** Stop the workers; running and queued tasks are rejected. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const closed = () => new TunekitError('the fit worker pool was closed', { code: 'POOL_CLOSED' });
    for (const pending of this.#queue.splice(0)) pending.reject(closed());
    for (const slot of this.#slots) {
      slot.busy?.reject(closed());
      slot.busy = undefined;
    }
    await Promise.all(this.#slots.map((slot) => slot.worker.terminate()));
  }
}
