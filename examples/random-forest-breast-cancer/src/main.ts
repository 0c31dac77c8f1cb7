/**
 * Tune a random forest on the breast-cancer data set the honest way: a stratified 20 % test set
 * is set aside first; the search sees only the other 80 %, through 5-fold stratified
 * cross-validation whose fold scores feed the pruner; the best configuration is refit on the 80 %
 * and scored once on the test set. Trials run two at a time, their folds fitted on worker
 * threads; the study lives in SQLite, so running again continues it. The refit forest is saved in
 * ml-random-forest's own JSON format (`RandomForestClassifier.load(json)` gives a genuine
 * ml-random-forest model predicting the same labels).
 *
 *   pnpm start                                    # 50 trials into ./tunekit.db, model in ./rf-model.json
 *   pnpm start --trials 20 --storage memory:      # in memory
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { MedianPruner } from '@tunekit/core';
import { stratifiedKFold, tuneRandomForest, type EngineName } from '@tunekit/random-forest';

const { values: args } = parseArgs({
  options: {
    trials: { type: 'string', default: '50' },
    storage: { type: 'string', default: 'sqlite:./tunekit.db' },
    study: { type: 'string', default: 'rf-breast-cancer' },
    seed: { type: 'string', default: '0' },
    concurrency: { type: 'string', default: '2' },
    engine: { type: 'string', default: 'fast' },
    out: { type: 'string', default: './rf-model.json' },
  },
});
const seed = Number(args.seed);

// The CSV: a header row, 30 features, the class (0 = malignant, 1 = benign) last.
const [header = '', ...lines] = readFileSync(new URL('../data/breast_cancer.csv', import.meta.url), 'utf8').trim().split('\n');
const featureNames = header.split(',').slice(0, -1);
const rows = lines.map((line) => line.split(',').map(Number));
const labels = rows.map((row) => (row.pop() === 0 ? 'malignant' : 'benign'));

// Set the test set aside before anything else: one stratified fifth.
const holdout = stratifiedKFold(labels, { folds: 5, seed: 1234 })[0];
if (holdout === undefined) throw new Error('no hold-out fold');
const x = Array.from(holdout.train, (i) => rows[i] as number[]);
const y = Array.from(holdout.train, (i) => labels[i] as string);
const testSet = { x: Array.from(holdout.validation, (i) => rows[i] as number[]), y: Array.from(holdout.validation, (i) => labels[i] as string) };

const started = Date.now();
const result = await tuneRandomForest({
  x,
  y,
  task: 'classification',
  metric: 'accuracy',
  cv: { folds: 5 },
  nTrials: Number(args.trials),
  engine: args.engine as EngineName,
  concurrency: Number(args.concurrency),
  testSet,
  seed,
  study: {
    studyName: args.study,
    storage: args.storage,
    loadIfExists: true,
    // Default sampler: random, seeded with `seed`; a resumed study draws fresh parameters.
    // Folds are comparable across trials (the same splits): stop a trial whose fold scores trail the median.
    pruner: new MedianPruner({ nStartupTrials: 5, nWarmupSteps: 1 }),
  },
});
const seconds = (Date.now() - started) / 1000;
const { study } = result;
const count = (state: string) => study.trials.filter((trial) => trial.state === state).length;

console.log(`Study '${study.studyName}' (${args.storage}): ${study.trials.length} trials (complete ${count('complete')}, pruned ${count('pruned')}, failed ${count('fail')}), this run ${seconds.toFixed(1)} s`);
console.log(`Best trial #${result.bestTrial.number}: CV accuracy ${result.cvScore.toFixed(4)} ± ${result.cvStd.toFixed(4)} (folds ${result.foldScores.map((s) => s.toFixed(3)).join(' ')})`);
console.log(`Held-out test accuracy (scored once, ${testSet.y.length} rows): ${result.testScore?.toFixed(4)}`);
for (const [name, value] of Object.entries(result.params)) console.log(`  ${name} = ${typeof value === 'number' ? Number(value.toPrecision(4)) : JSON.stringify(value)}`);
const top = result.featureImportances
  .map((importance, index) => ({ importance, name: featureNames[index] ?? `feature ${index}` }))
  .sort((a, b) => b.importance - a.importance)
  .slice(0, 5);
console.log(`Most important features: ${top.map(({ name, importance }) => `${name} (${importance.toFixed(3)})`).join(', ')}`);

writeFileSync(args.out, JSON.stringify(result.model.toMlRandomForestJSON()));
console.log(`Saved the refit forest to ${args.out}: RandomForestClassifier.load(JSON.parse(text)) from ml-random-forest predicts class indices into ${JSON.stringify(result.model.classes)}`);
await study.close();
