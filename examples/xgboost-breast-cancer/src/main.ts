/**
 * Tune real XGBoost on the breast-cancer data set from Node: every trial runs Debian's `xgboost`
 * program (or Python xgboost) as a child process, each boosting round's validation AUC goes to
 * the MedianPruner, hopeless trials have their process killed, and the best round's model is
 * converted and evaluated in Node. Then two knobs of the exported model are tuned without
 * retraining (number of trees, decision threshold), and the model is saved as ONNX and served
 * through onnxruntime-node.
 *
 *   pnpm start                                         # 40 trials into ./tunekit.db
 *   pnpm start --trials 10 --storage memory:
 *   pnpm start --runner python                         # Python xgboost instead of the CLI
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createStudy, MedianPruner, RandomSampler, SeededRandom, type Sampler } from '@tunekit/core';
import * as core from '@tunekit/core';
import { createXGBoostSearchSpace, evaluateMetric, OnnxBoostedModel, tuneRounds, tuneThreshold, tuneXGBoost, type Dataset } from '@tunekit/onnx';

const { values: args } = parseArgs({
  options: {
    trials: { type: 'string', default: '40' },
    storage: { type: 'string', default: 'sqlite:./tunekit.db' },
    study: { type: 'string', default: 'xgboost-breast-cancer' },
    seed: { type: 'string', default: '42' },
    'max-rounds': { type: 'string', default: '300' },
    runner: { type: 'string', default: 'auto' },
  },
});
const seed = Number(args.seed);

/** breast_cancer.csv: 30 features, target in the last column (1 = benign). */
function loadCsv(text: string): { x: number[][]; y: number[] } {
  const lines = text.trim().split('\n').slice(1);
  const x: number[][] = [];
  const y: number[] = [];
  for (const line of lines) {
    const values = line.split(',').map(Number);
    y.push(values.pop() as number);
    x.push(values);
  }
  return { x, y };
}

/** A seeded stratified split into train / validation / test (60 / 20 / 20). */
function split(data: { x: number[][]; y: number[] }): { train: Dataset; valid: Dataset; test: { x: number[][]; y: number[] } } {
  const random = new SeededRandom(seed);
  const parts = { train: { x: [] as number[][], y: [] as number[] }, valid: { x: [] as number[][], y: [] as number[] }, test: { x: [] as number[][], y: [] as number[] } };
  for (const label of [0, 1]) {
    const rows = data.y.flatMap((value, index) => (value === label ? [index] : []));
    for (let index = rows.length - 1; index > 0; index--) {
      const other = random.int(0, index);
      [rows[index], rows[other]] = [rows[other] as number, rows[index] as number];
    }
    rows.forEach((row, position) => {
      const part = position < 0.6 * rows.length ? parts.train : position < 0.8 * rows.length ? parts.valid : parts.test;
      part.x.push(data.x[row] as number[]);
      part.y.push(label);
    });
  }
  return parts;
}

function seededSampler(): Sampler {
  // TPE when this core exports it, seeded random sampling otherwise.
  const TPE = (core as unknown as { TPESampler?: new (options: { seed: number }) => Sampler }).TPESampler;
  return TPE === undefined ? new RandomSampler({ seed }) : new TPE({ seed });
}

const { train, valid, test } = split(loadCsv(readFileSync(new URL('../data/breast_cancer.csv', import.meta.url), 'utf8')));
const study = await createStudy({
  studyName: args.study,
  storage: args.storage,
  direction: 'maximize',
  sampler: seededSampler(),
  pruner: new MedianPruner({ nStartupTrials: 5, nWarmupSteps: 10 }),
  loadIfExists: true,
});
const before = study.trials.length;
const started = performance.now();
const result = await tuneXGBoost({
  train,
  valid,
  task: 'binary',
  metric: 'auc',
  nTrials: Number(args.trials),
  study,
  seed,
  searchSpace: createXGBoostSearchSpace({ rounds: [10, Number(args['max-rounds'])] }),
  trainerOptions: { runner: args.runner as 'auto' | 'cli' | 'python', threads: 1 },
  progress: true,
});
const seconds = (performance.now() - started) / 1000;
const count = (state: string) => study.trials.filter((trial) => trial.state === state).length;
const rounds = study.trials.slice(before).reduce((sum, trial) => sum + trial.intermediateValues.size, 0);

console.log(`Study '${study.studyName}' (${args.storage}): ${study.trials.length - before} new trials in ${seconds.toFixed(1)} s, ${study.trials.length} in total`);
console.log(`  complete ${count('complete')} · pruned ${count('pruned')} · failed ${count('fail')} · ${rounds} boosting rounds trained by XGBoost in this run`);
console.log(`Best trial #${result.bestTrial.number}: validation AUC ${result.bestValue.toFixed(4)} (computed in Node), best round ${result.bestRound + 1} of ${result.bestTrial.params.num_round}`);
for (const [name, value] of Object.entries(result.bestParams)) console.log(`  ${name} = ${typeof value === 'number' ? Number(value.toPrecision(4)) : JSON.stringify(value)}`);

// Knobs of the exported model that need no retraining, tuned on the validation set.
const model = result.model;
const byRounds = tuneRounds(model, valid, 'logloss');
const compact = await model.withRounds(byRounds.bestRounds);
const threshold = tuneThreshold(await compact.predict(valid.x), valid.y, 'f1');
console.log(`Knobs: ${byRounds.bestRounds} of ${model.nRounds} rounds minimise validation logloss (${byRounds.bestValue.toFixed(4)}); F1-optimal threshold ${threshold.threshold.toFixed(3)}`);

// Held-out test set, then the same model through ONNX and onnxruntime-node.
const testProbabilities = await compact.predict(test.x);
const labels = await compact.predictLabels(test.x, { threshold: threshold.threshold });
const accuracy = labels.filter((label, index) => label === test.y[index]).length / test.y.length;
console.log(`Test set (${test.y.length} rows): AUC ${evaluateMetric('auc', test.y, testProbabilities).toFixed(4)}, accuracy ${accuracy.toFixed(4)} at the tuned threshold`);

const directory = await mkdtemp(join(tmpdir(), 'tunekit-xgboost-example-'));
try {
  const path = join(directory, 'breast-cancer.onnx');
  await compact.save(path);
  const served = await OnnxBoostedModel.load(path);
  const fromOnnx = await served.predict(test.x);
  // Compare P(benign), the column XGBoost itself outputs ([1 - p, p] per row).
  let worst = 0;
  for (let index = 1; index < testProbabilities.length; index += 2) {
    const value = testProbabilities[index] as number;
    worst = Math.max(worst, Math.abs(value - (fromOnnx[index] as number)) / value);
  }
  if (!(worst <= 1e-6)) throw new Error(`onnxruntime and the native evaluator disagree by ${worst} (relative)`);
  console.log(`Saved as ONNX (${readFileSync(path).length.toLocaleString('en')} bytes); onnxruntime-node gives the same probabilities (within ${worst.toExponential(1)} relative)`);
  await served.dispose();
} finally {
  await rm(directory, { recursive: true, force: true });
}
await compact.dispose();
await model.dispose();
await study.close();
