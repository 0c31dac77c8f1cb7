/**
 * The main job of the README: tune a logistic-regression classifier on the breast-cancer data set
 * (learning rate, L2 strength, batch size, momentum, epochs), with pruning, on the embedded SQLite
 * storage. Run it again and the same study continues where it stopped.
 *
 *   pnpm main                                   # from the repo root: 60 trials into ./tunekit.db
 *   pnpm start --trials 20 --storage memory:     # in memory
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createStudy, getAllStudies, MedianPruner, TPESampler, TrialPruned, type Trial } from '@tunekit/core';
import { LogisticRegression, parseCsv, splitAndScale } from './logistic-regression.js';

const { values: args } = parseArgs({
  options: {
    trials: { type: 'string', default: '60' },
    // pnpm runs scripts in the package folder; INIT_CWD is where the user typed the command.
    storage: { type: 'string', default: `sqlite:${join(process.env.INIT_CWD ?? process.cwd(), 'tunekit.db')}` },
    study: { type: 'string', default: 'quickstart-breast-cancer' },
    seed: { type: 'string', default: '42' },
  },
});
const nTrials = Number(args.trials);
const seed = Number(args.seed);

const { features, labels } = parseCsv(readFileSync(new URL('../data/breast_cancer.csv', import.meta.url), 'utf8'));
const { train, validation } = splitAndScale(features, labels, 0.25, seed);

async function objective(trial: Trial): Promise<number> {
  const learningRate = trial.suggestFloat('learning_rate', 1e-4, 1, { log: true });
  const l2 = trial.suggestFloat('l2', 1e-6, 1, { log: true });
  const batchSize = trial.suggestInt('batch_size', 8, 256, { log: true });
  const momentum = trial.suggestCategorical('momentum', [0, 0.5, 0.9] as const);
  const epochs = trial.suggestInt('epochs', 5, 40, { step: 5 });
  const model = new LogisticRegression(train.x[0]?.length ?? 0, { learningRate, l2, batchSize, momentum, seed });
  let metrics = model.evaluate(validation);
  for (let epoch = 0; epoch < epochs; epoch++) {
    model.trainEpoch(train);
    metrics = model.evaluate(validation);
    trial.report(metrics.logLoss, epoch);
    if (await trial.shouldPrune()) throw new TrialPruned();
  }
  trial.setUserAttr('validation_accuracy', metrics.accuracy);
  return metrics.logLoss;
}

// A resumed study continues with fresh random draws (TPE's start-up phase, its candidates)
// instead of replaying the first run's.
const existing = (await getAllStudies(args.storage)).find((record) => record.studyName === args.study)?.nTrials ?? 0;
const study = await createStudy({
  studyName: args.study,
  storage: args.storage,
  direction: 'minimize',
  sampler: new TPESampler({ seed: seed + existing }),
  pruner: new MedianPruner({ nStartupTrials: 5, nWarmupSteps: 3 }),
  loadIfExists: true,
});
const before = study.trials.length;
const result = await study.optimize(objective, { nTrials, progress: true });
const best = study.bestTrial;
const count = (state: string) => study.trials.filter((trial) => trial.state === state).length;

console.log(`Study '${study.studyName}' (${args.storage}): ${result.trials.length} new trials, ${study.trials.length} in total (${before} before this run)`);
console.log(`  complete ${count('complete')} · pruned ${count('pruned')} · failed ${count('fail')}`);
console.log(`Best trial #${best.number}: validation log loss ${best.values?.[0]?.toFixed(4)}, accuracy ${Number(best.userAttrs.validation_accuracy).toFixed(4)}`);
for (const [name, value] of Object.entries(best.params)) console.log(`  ${name} = ${typeof value === 'number' ? Number(value.toPrecision(4)) : JSON.stringify(value)}`);
await study.close();
