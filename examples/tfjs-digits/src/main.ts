/**
 * Tune a small MLP on the digits data set (8×8 handwritten digits, 10 classes) with TensorFlow.js
 * on the WebAssembly backend: learning rate (log), width, depth, dropout and batch size, with
 * pruning of unpromising trials, in a study stored in SQLite. Run it again and the study continues.
 *
 *   pnpm start                                          # 30 trials × up to 27 epochs into ./tunekit.db
 *   pnpm start --trials 10 --epochs 9 --storage memory:
 *   pnpm start --pruner hyperband --backend cpu
 */
import * as tf from '@tensorflow/tfjs';
import { createStudy, TPESampler } from '@tunekit/core';
import { parseArgs } from 'node:util';
import { digitsObjective, PRUNERS } from './digits-objective.js';
import { loadDigits } from './digits.js';
import { selectBackend } from './select-backend.js';

const { values: args } = parseArgs({
  options: {
    trials: { type: 'string', default: '30' },
    epochs: { type: 'string', default: '27' },
    seed: { type: 'string', default: '42' },
    storage: { type: 'string', default: 'sqlite:./tunekit.db' },
    study: { type: 'string', default: 'tfjs-digits' },
    pruner: { type: 'string', default: 'median' },
    backend: { type: 'string', default: 'wasm' },
  },
});
const nTrials = positiveInteger('--trials', args.trials);
const epochs = positiveInteger('--epochs', args.epochs);
const seed = positiveInteger('--seed', args.seed, 0);

const makePruner = PRUNERS[args.pruner];
if (makePruner === undefined) throw new Error(`--pruner must be one of ${Object.keys(PRUNERS).join(', ')}, got '${args.pruner}'`);

const backend = await selectBackend(tf, args.backend);
const digits = loadDigits(seed);
const xs = tf.tensor2d(digits.features, [digits.count, digits.featureCount]);
const ys = tf.oneHot(tf.tensor1d(digits.labels, 'int32'), 10) as tf.Tensor2D;

const study = await createStudy({
  studyName: args.study,
  storage: args.storage,
  direction: 'maximize',
  // TPE learns from pruned trials too (GP, the default's pick for small spaces, only from complete
  // ones) and, under Hyperband, models each bracket on its own.
  sampler: new TPESampler({ seed }),
  pruner: makePruner(epochs),
  loadIfExists: true,
});
const before = study.trials.length;
let epochsTrained = 0;
const started = performance.now();

const result = await study.optimize(
  digitsObjective({ tf, xs, ys, epochs, seed, onTrained: (_trial, trained) => void (epochsTrained += trained) }),
  { nTrials, progress: true },
);

const seconds = (performance.now() - started) / 1000;
const count = (state: string) => result.trials.filter((trial) => trial.state === state).length;
console.log(
  `Study '${study.studyName}' (${args.storage}, ${backend} backend, ${args.pruner} pruner): ${result.trials.length} new trials ` +
    `in ${seconds.toFixed(1)} s, ${study.trials.length} in total (${before} before this run)`,
);
console.log(
  `  complete ${count('complete')} · pruned ${count('pruned')} · failed ${count('fail')} · ` +
    `${epochsTrained} of ${result.trials.length * epochs} epochs trained (${((100 * epochsTrained) / Math.max(1, result.trials.length * epochs)).toFixed(0)}%)`,
);
if (study.trials.some((trial) => trial.state === 'complete')) {
  const best = study.bestTrial;
  console.log(`Best trial #${best.number}: validation accuracy ${(100 * (best.values?.[0] ?? NaN)).toFixed(2)}%`);
  for (const [name, value] of Object.entries(best.params)) {
    console.log(`  ${name} = ${typeof value === 'number' ? Number(value.toPrecision(4)) : JSON.stringify(value)}`);
  }
} else {
  console.log('No trial completed yet: run more trials.');
}
tf.dispose([xs, ys]);
await study.close();

function positiveInteger(flag: string, text: string, min = 1): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) throw new Error(`${flag} must be an integer >= ${min}, got '${text}'`);
  return value;
}
