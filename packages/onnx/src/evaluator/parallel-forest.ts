import { Worker } from 'node:worker_threads';
import type { TreeCodeChunk } from './generate-tree-code.js';
import type { TreeFunction } from './generate-tree-code.js';

/** Rows below which a call stays on the calling thread (messaging costs ~0.1 ms per worker). */
export const MIN_PARALLEL_ROWS = 4096;
const BLOCK_ROWS = 1024;

// Runs in each worker (CommonJS, evaluated from this string: no file to resolve in src or dist).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const trees = workerData.sources.map((source) => new Function(source)());
parentPort.on('message', ({ x, out, start, end }) => {
  const rows = new Float32Array(x);
  const margins = new Float32Array(out);
  for (let from = start; from < end; from += ${BLOCK_ROWS}) {
    const to = Math.min(end, from + ${BLOCK_ROWS});
    for (const run of trees) run(rows, margins, from, to);
  }
  parentPort.postMessage(end);
});
`;

interface PooledWorker {
  readonly worker: Worker;
  pending: { resolve: () => void; reject: (error: unknown) => void } | undefined;
}

/**
 * The generated tree code run on several threads: rows split evenly between the calling thread
 * and `threads - 1` workers, inputs and margins in SharedArrayBuffers. Workers start on the first
 * call large enough to use them and never keep the process alive between calls.
 */
export class ParallelForest {
  readonly threads: number;
  readonly #sources: readonly string[];
  readonly #local: readonly TreeFunction[];
  #workers: PooledWorker[] | undefined;
  #input: SharedArrayBuffer | undefined;
  #output: SharedArrayBuffer | undefined;
  #failure: unknown;

  constructor(chunks: readonly TreeCodeChunk[], local: readonly TreeFunction[], threads: number) {
    this.#sources = chunks.map((chunk) => chunk.source);
    this.#local = local;
    this.threads = threads;
  }

  #pool(): PooledWorker[] {
    if (this.#workers !== undefined) return this.#workers;
    this.#workers = Array.from({ length: this.threads - 1 }, () => {
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { sources: this.#sources } });
      const entry: PooledWorker = { worker, pending: undefined };
      worker.on('message', () => {
        const pending = entry.pending;
        entry.pending = undefined;
        worker.unref();
        pending?.resolve();
      });
      const fail = (error: unknown) => {
        this.#failure ??= error;
        const pending = entry.pending;
        entry.pending = undefined;
        pending?.reject(error);
      };
      worker.on('error', fail);
      worker.on('exit', (code) => fail(new Error(`tree evaluation worker exited (code ${code})`)));
      worker.unref();
      return entry;
    });
    return this.#workers;
  }

  /** Add the trees' leaf values for `nRows` rows of `x` onto `out` (pre-filled with base margins). */
  async accumulate(x: Float32Array, nRows: number, nFeatures: number, out: Float32Array): Promise<void> {
    if (this.#failure !== undefined) throw this.#failure;
    const pool = this.#pool();
    const inputBytes = nRows * nFeatures * 4;
    if (this.#input === undefined || this.#input.byteLength < inputBytes) this.#input = new SharedArrayBuffer(inputBytes);
    if (this.#output === undefined || this.#output.byteLength < out.byteLength) this.#output = new SharedArrayBuffer(out.byteLength);
    const sharedX = new Float32Array(this.#input, 0, nRows * nFeatures);
    const sharedOut = new Float32Array(this.#output, 0, out.length);
    sharedX.set(x.subarray(0, nRows * nFeatures));
    sharedOut.set(out);
    const per = Math.ceil(nRows / this.threads);
    const jobs = pool.map((entry, index) => {
      const start = (index + 1) * per;
      const end = Math.min(nRows, start + per);
      if (start >= end) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        entry.pending = { resolve, reject };
        entry.worker.ref();
        entry.worker.postMessage({ x: this.#input, out: this.#output, start, end });
      });
    });
    // The calling thread takes the first share.
    for (let from = 0; from < Math.min(per, nRows); from += BLOCK_ROWS) {
      const to = Math.min(per, nRows, from + BLOCK_ROWS);
      for (const run of this.#local) run(sharedX, sharedOut, from, to);
    }
    await Promise.all(jobs);
    out.set(sharedOut);
  }

  async dispose(): Promise<void> {
    const workers = this.#workers ?? [];
    this.#workers = undefined;
    this.#failure = new Error('the forest was disposed');
    await Promise.all(workers.map((entry) => entry.worker.terminate()));
  }
}
