/**
 * Worker-thread entry: fits one fold per message on the shared data set and posts back the
 * validation predictions (transferred, not copied). Started by `FitWorkerPool`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadEngine } from '../engines/forest-engine.js';
import type { FitReply, FitTask, FitWorkerInit } from './fit-protocol.js';

const init = workerData as FitWorkerInit;
const port = parentPort;
if (port === null) throw new Error('fit-worker.ts must run in a worker thread');
const engine = loadEngine(init.engine, { voting: init.voting });

port.on('message', (task: FitTask) => {
  void run(task).then((reply) => {
    if (reply.ok) port.postMessage(reply, [reply.prediction.buffer as ArrayBuffer]);
    else port.postMessage(reply);
  });
});

async function run(task: FitTask): Promise<FitReply> {
  try {
    const fold = init.folds[task.fold];
    if (fold === undefined) throw new RangeError(`no fold ${task.fold}`);
    const forests = await engine;
    const started = performance.now();
    const model = forests.fit(init.dataset, fold.train, task.params, task.seed);
    const prediction = model.predictPrepared(init.dataset.features, fold.validation, task.input);
    return { id: task.id, ok: true, prediction, fitMs: performance.now() - started };
  } catch (error) {
    const { name = 'Error', message = String(error), stack } = error instanceof Error ? error : {};
    return { id: task.id, ok: false, error: { name, message, stack } };
  }
}
