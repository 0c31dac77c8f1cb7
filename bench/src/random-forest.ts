/**
 * Random forest benchmark (issue 6): @tunekit/random-forest against scikit-learn and Optuna.
 *
 * 1. `fit`: time one forest fit — the fast engine, ml-random-forest (through the package's
 *    `'ml-random-forest'` engine) and scikit-learn 1.2.1 (a `/usr/bin/python3` subprocess) — on
 *    the same 80 % of each data set with the same hyperparameters; median of repeats (one run for
 *    ml-random-forest), CPU and wall time, and accuracy on the other 20 % as a sanity check.
 * 2. `study`: the Optuna reference study (`data/optuna-rf.json`, made by `optuna_rf.py`): 50
 *    trials, 5-fold stratified CV accuracy, search space n_estimators int 10–300, max_depth int
 *    2–32 log, max_features float 0.1–1, min_samples_leaf int 1–20 (the rest at scikit-learn's
 *    defaults), forests seeded 0, TPE seeded per study, no pruning — with the fast engine, several
 *    seeds; best CV accuracy and wall time next to Optuna's. Plus the untuned default forest.
 *    `--folds sklearn` (default) cross-validates on the very folds of the reference
 *    (`StratifiedKFold(5, shuffle=True, random_state=0)`, from a Python subprocess) through
 *    `cv.splits`; `--folds ours` uses this package's stratified folds (seed 0). On breast_cancer
 *    the choice of folds alone moves CV accuracy by about a point, more than the target.
 * 3. `ml-study`: the same study with the `'ml-random-forest'` engine (minSamplesLeaf fixed at 1:
 *    ml-cart has none), on breast_cancer only by default (on digits it would take hours).
 *
 * Usage (from the repo root):
 *   pnpm --filter @tunekit/bench run random-forest [--parts fit,study,ml-study]
 *     [--datasets breast_cancer,digits] [--seeds 3] [--trials 50] [--concurrency 1]
 *     [--sampler tpe|tpe-mv|random] [--pruner none|median|wilcoxon] [--folds sklearn|ours]
 *     [--ml-datasets breast_cancer] [--ml-seeds 1] [--ml-trials 50] [--ml-concurrency 2] [--json out.json]
 *
 * Machines are noisy (this one is shared): compare CPU time, and rerun the Optuna script beside
 * this one to compare wall times.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { floatDistribution, intDistribution, MedianPruner, NopPruner, RandomSampler, WilcoxonPruner, type Pruner, type Sampler } from '@tunekit/core';
import {
  crossValidate,
  fitRandomForest,
  resolveParams,
  stratifiedKFold,
  tuneRandomForest,
  type CrossValidationOptions,
  type EngineName,
  type RandomForestParams,
  type RandomForestSearchSpace,
} from '@tunekit/random-forest';

const { values: args } = parseArgs({
  options: {
    parts: { type: 'string', default: 'fit,study,ml-study' },
    datasets: { type: 'string', default: 'breast_cancer,digits' },
    seeds: { type: 'string', default: '3' },
    trials: { type: 'string', default: '50' },
    concurrency: { type: 'string', default: '1' },
    sampler: { type: 'string', default: 'tpe' },
    pruner: { type: 'string', default: 'none' },
    folds: { type: 'string', default: 'sklearn' },
    repeats: { type: 'string', default: '5' },
    'ml-datasets': { type: 'string', default: 'breast_cancer' },
    'ml-seeds': { type: 'string', default: '1' },
    'ml-trials': { type: 'string', default: '50' },
    'ml-concurrency': { type: 'string', default: '2' },
    json: { type: 'string' },
  },
});
const parts = new Set(args.parts.split(','));
const datasets = args.datasets.split(',') as DatasetName[];
const report: Record<string, unknown> = { args, date: new Date().toISOString(), node: process.version, cpus: cpus().length, loadAverageAtStart: loadavg() };
console.log(`Node ${process.version}, ${cpus().length} CPUs, load average at start ${loadavg().map((v) => v.toFixed(1)).join(' ')}`);

type DatasetName = 'breast_cancer' | 'digits';

interface Optuna {
  meta: { sampler: string; objective: string };
  results: Record<string, { best_cv_accuracy_per_seed: number[]; best_cv_accuracy_mean: number; wall_s_per_seed: number[]; wall_s_per_seed_mean: number; default_rf_baseline: { cv_accuracy: number } }>;
}
const optuna = JSON.parse(readFileSync(new URL('../data/optuna-rf.json', import.meta.url), 'utf8')) as Optuna;

function loadCsv(name: DatasetName) {
  const path = new URL(`../data/${name}.csv`, import.meta.url);
  const [, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  const x = lines.map((line) => line.split(',').map(Number));
  const y = x.map((row) => row.pop() as number);
  return { path: path.pathname, x, y };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const cpuMs = (start: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};
const fmt = (value: number | undefined, digits = 1) => (value === undefined || Number.isNaN(value) ? '—' : value.toFixed(digits));

// ---------------------------------------------------------------------------------------------
// 1. Fit times

interface FitConfig {
  name: string;
  params: Partial<RandomForestParams>;
  /** Engines to run it with (ml-random-forest: only what it supports, and not too slow). */
  ml: DatasetName[];
}
const FIT_CONFIGS: FitConfig[] = [
  { name: '20 trees, sqrt', params: { nEstimators: 20, maxFeatures: 'sqrt' }, ml: ['breast_cancer', 'digits'] },
  { name: '100 trees, sqrt (sklearn default)', params: { nEstimators: 100, maxFeatures: 'sqrt' }, ml: ['breast_cancer'] },
  { name: '100 trees, 0.3, depth 16, leaf 2', params: { nEstimators: 100, maxFeatures: 0.3, maxDepth: 16, minSamplesLeaf: 2 }, ml: [] },
];

function toSklearn(params: RandomForestParams) {
  return {
    n_estimators: params.nEstimators,
    max_depth: params.maxDepth,
    max_features: params.maxFeatures,
    min_samples_leaf: params.minSamplesLeaf,
    min_samples_split: params.minSamplesSplit,
    bootstrap: params.bootstrap,
    criterion: params.criterion === 'mse' ? 'squared_error' : params.criterion,
  };
}

const SKLEARN_FIT = `
import json, sys, time
import numpy as np
from sklearn.ensemble import RandomForestClassifier
job = json.load(sys.stdin)
data = np.loadtxt(job["csv"], delimiter=",", skiprows=1)
X, y = data[:, :-1], data[:, -1].astype(int)
train, test = np.array(job["train"]), np.array(job["test"])
out = []
for config in job["configs"]:
    params = config["params"]
    if isinstance(params["max_features"], (int, float)) and not isinstance(params["max_features"], bool):
        params["max_features"] = float(params["max_features"])  # 1 must mean all features, not one
    RandomForestClassifier(random_state=0, n_jobs=1, **params).fit(X[train], y[train])  # warm-up
    cpu, wall = [], []
    for r in range(job["repeats"]):
        c0, w0 = time.process_time(), time.perf_counter()
        model = RandomForestClassifier(random_state=r, n_jobs=1, **params).fit(X[train], y[train])
        cpu.append((time.process_time() - c0) * 1000); wall.append((time.perf_counter() - w0) * 1000)
    out.append({"cpuMs": float(np.median(cpu)), "wallMs": float(np.median(wall)),
                "accuracy": float((model.predict(X[test]) == y[test]).mean())})
print(json.dumps(out))
`;

async function fitTimes(): Promise<void> {
  const repeats = Number(args.repeats);
  const rows: string[] = [];
  const results: unknown[] = [];
  for (const dataset of datasets) {
    const { path, x, y } = loadCsv(dataset);
    const fold = stratifiedKFold(y, { folds: 5, seed: 0 })[0] as { train: Int32Array; validation: Int32Array };
    const xTrain = Array.from(fold.train, (i) => x[i] as number[]);
    const yTrain = Array.from(fold.train, (i) => y[i] as number);
    const xTest = Array.from(fold.validation, (i) => x[i] as number[]);
    const yTest = Array.from(fold.validation, (i) => y[i] as number);
    const accuracyOf = (predicted: readonly unknown[]) => predicted.filter((label, i) => label === yTest[i]).length / yTest.length;
    const configs = FIT_CONFIGS.map((config) => ({ ...config, resolved: resolveParams(config.params, 'classification') }));

    const python = spawnSync('/usr/bin/python3', ['-c', SKLEARN_FIT], {
      input: JSON.stringify({ csv: path, train: Array.from(fold.train), test: Array.from(fold.validation), repeats, configs: configs.map((c) => ({ params: toSklearn(c.resolved) })) }),
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    });
    if (python.status !== 0) throw new Error(`scikit-learn subprocess failed: ${python.stderr}`);
    const sklearn = JSON.parse(python.stdout) as { cpuMs: number; wallMs: number; accuracy: number }[];

    for (const [index, config] of configs.entries()) {
      const fit = (engine: EngineName, seed: number) => fitRandomForest({ x: xTrain, y: yTrain, task: 'classification', params: config.resolved, engine, seed });
      for (let w = 0; w < 3; w++) await fit('fast', 99 + w); // warm-up: JIT
      const cpu: number[] = [];
      const wall: number[] = [];
      let accuracy = 0;
      for (let r = 0; r < repeats; r++) {
        const c0 = process.cpuUsage();
        const w0 = performance.now();
        const model = await fit('fast', r);
        cpu.push(cpuMs(c0));
        wall.push(performance.now() - w0);
        accuracy = accuracyOf(model.predict(xTest));
      }
      const fast = { cpuMs: median(cpu), wallMs: median(wall), accuracy };
      let ml: { cpuMs: number; wallMs: number; accuracy: number } | undefined;
      if (config.ml.includes(dataset)) {
        await fitRandomForest({ x: xTrain.slice(0, 50), y: yTrain.slice(0, 50), task: 'classification', params: { nEstimators: 1 }, engine: 'ml-random-forest' });
        const c0 = process.cpuUsage();
        const w0 = performance.now();
        const model = await fit('ml-random-forest', 0);
        ml = { cpuMs: cpuMs(c0), wallMs: performance.now() - w0, accuracy: accuracyOf(model.predict(xTest)) };
      }
      const sk = sklearn[index] as { cpuMs: number; wallMs: number; accuracy: number };
      results.push({ dataset, config: config.name, params: config.resolved, fast, sklearn: sk, mlRandomForest: ml });
      rows.push(
        `| ${dataset} | ${config.name} | ${fmt(fast.cpuMs, 0)} (${fmt(fast.wallMs, 0)}) | ${fmt(sk.cpuMs, 0)} (${fmt(sk.wallMs, 0)}) | ${ml === undefined ? '—' : `${fmt(ml.cpuMs, 0)} (${fmt(ml.wallMs, 0)})`} | ${fmt(sk.cpuMs / fast.cpuMs, 2)}× | ${ml === undefined ? '—' : `${fmt(ml.cpuMs / fast.cpuMs, 0)}×`} | ${fmt(fast.accuracy, 4)} / ${fmt(sk.accuracy, 4)} / ${ml === undefined ? '—' : fmt(ml.accuracy, 4)} |`,
      );
      console.error(`[fit] ${dataset} ${config.name}: fast ${fmt(fast.cpuMs, 0)} ms, sklearn ${fmt(sk.cpuMs, 0)} ms, ml-random-forest ${ml === undefined ? '—' : `${fmt(ml.cpuMs, 0)} ms`}`);
    }
  }
  report.fit = results;
  console.log(`\n### One forest fit on 80 % of the data (median of ${repeats}; ml-random-forest: 1 run)\n`);
  console.log('CPU ms (wall ms). Speed-up = CPU time of the other engine / CPU time of the fast engine. Accuracy on the held-out 20 %.\n');
  console.log('| data | hyperparameters | fast engine | scikit-learn 1.2.1 | ml-random-forest 2.1 | sklearn / fast | ml-rf / fast | accuracy fast / sklearn / ml-rf |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);
}

// ---------------------------------------------------------------------------------------------
// 2. and 3. Tuning studies

const SKLEARN_FOLDS = `
import json, sys
import numpy as np
from sklearn.model_selection import StratifiedKFold
data = np.loadtxt(sys.argv[1], delimiter=",", skiprows=1)
X, y = data[:, :-1], data[:, -1].astype(int)
cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
print(json.dumps([{"train": train.tolist(), "validation": test.tolist()} for train, test in cv.split(X, y)]))
`;

/** The cross-validation of a study: the reference's own folds, or this package's. */
function studyCv(dataset: DatasetName): CrossValidationOptions {
  if (args.folds === 'ours') return { folds: 5, seed: 0 };
  if (args.folds !== 'sklearn') throw new Error(`unknown --folds ${args.folds}`);
  const python = spawnSync('/usr/bin/python3', ['-c', SKLEARN_FOLDS, loadCsv(dataset).path], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (python.status !== 0) throw new Error(`scikit-learn subprocess failed: ${python.stderr}`);
  return { splits: JSON.parse(python.stdout) as { train: number[]; validation: number[] }[] };
}

/** Optuna's reference space; the other parameters stay at scikit-learn's defaults. */
function optunaSpace(engine: EngineName): RandomForestSearchSpace {
  return {
    nEstimators: intDistribution(10, 300),
    maxDepth: intDistribution(2, 32, { log: true }),
    maxFeatures: floatDistribution(0.1, 1),
    minSamplesLeaf: engine === 'ml-random-forest' ? 1 : intDistribution(1, 20),
    minSamplesSplit: 2,
    bootstrap: true,
    criterion: 'gini',
  };
}

type SamplerClass = new (options: Record<string, unknown>) => Sampler;
async function tpeClass(): Promise<SamplerClass> {
  const core = (await import('@tunekit/core')) as unknown as Record<string, SamplerClass | undefined>;
  // Until @tunekit/core re-exports TPESampler, read it from core's sources (as quality.ts does).
  return core.TPESampler ?? ((await import('../../packages/core/src/samplers/tpe/index.js')).TPESampler as unknown as SamplerClass);
}

async function makeSampler(seed: number): Promise<Sampler> {
  if (args.sampler === 'random') return new RandomSampler({ seed });
  const TPE = await tpeClass();
  // 'tpe': Optuna 3.1's TPESampler defaults (independent, no constant liar), as in the reference.
  if (args.sampler === 'tpe') return new TPE({ seed, multivariate: false, group: false, constantLiar: false });
  if (args.sampler === 'tpe-mv') return new TPE({ seed });
  throw new Error(`unknown --sampler ${args.sampler}`);
}

function makePruner(): Pruner {
  if (args.pruner === 'none') return new NopPruner();
  if (args.pruner === 'median') return new MedianPruner({ nStartupTrials: 5, nWarmupSteps: 1 });
  if (args.pruner === 'wilcoxon') return new WilcoxonPruner();
  throw new Error(`unknown --pruner ${args.pruner}`);
}

interface StudyRun {
  seed: number;
  best: number;
  wallS: number;
  cpuS: number;
  pruned: number;
  params: RandomForestParams;
}

async function runStudies(engine: EngineName, names: DatasetName[], seeds: number, nTrials: number, concurrency: number): Promise<Record<string, StudyRun[]>> {
  const out: Record<string, StudyRun[]> = {};
  for (const dataset of names) {
    const { x, y } = loadCsv(dataset);
    const cv = studyCv(dataset);
    out[dataset] = [];
    for (let seed = 0; seed < seeds; seed++) {
      const c0 = process.cpuUsage();
      const w0 = performance.now();
      const result = await tuneRandomForest({
        x,
        y,
        task: 'classification',
        metric: 'accuracy',
        cv,
        nTrials,
        searchSpace: optunaSpace(engine),
        engine,
        concurrency,
        seed: 0, // every forest seeded 0, as RandomForestClassifier(random_state=0)
        progress: false,
        study: { sampler: await makeSampler(seed), pruner: makePruner() },
      });
      const run = {
        seed,
        best: result.cvScore,
        wallS: (performance.now() - w0) / 1000,
        cpuS: cpuMs(c0) / 1000,
        pruned: result.study.trials.filter((trial) => trial.state === 'pruned').length,
        params: result.params,
      };
      out[dataset]?.push(run);
      console.error(`[study ${engine}] ${dataset} seed ${seed}: best ${run.best.toFixed(4)} in ${run.wallS.toFixed(1)} s wall, ${run.cpuS.toFixed(1)} s CPU, ${run.pruned} pruned; ${JSON.stringify(run.params)}`);
    }
  }
  return out;
}

function printStudies(title: string, runs: Record<string, StudyRun[]>, nTrials: number, concurrency: number): void {
  console.log(`\n### ${title}\n`);
  console.log(`${nTrials} trials, 5-fold stratified CV accuracy on ${args.folds === 'ours' ? "this package's folds" : "the reference's folds"}, sampler ${args.sampler}, pruner ${args.pruner}, concurrency ${concurrency} (Optuna: one core per study, no pruning).\n`);
  console.log('| data | best CV accuracy per seed | mean | Optuna TPE mean (per seed) | Δ (points) | wall s per study (mean) | CPU s (mean) | Optuna wall s per study (mean) |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const [dataset, list] of Object.entries(runs)) {
    const reference = optuna.results[dataset];
    const best = mean(list.map((run) => run.best));
    console.log(
      `| ${dataset} | ${list.map((run) => run.best.toFixed(4)).join(', ')} | ${best.toFixed(4)} | ${reference?.best_cv_accuracy_mean.toFixed(4)} (${reference?.best_cv_accuracy_per_seed.map((v) => v.toFixed(4)).join(', ')}) | ${reference === undefined ? '—' : ((best - reference.best_cv_accuracy_mean) * 100).toFixed(2)} | ${list.map((run) => run.wallS.toFixed(0)).join(', ')} (${mean(list.map((run) => run.wallS)).toFixed(0)}) | ${mean(list.map((run) => run.cpuS)).toFixed(0)} | ${reference?.wall_s_per_seed_mean.toFixed(0)} |`,
    );
  }
}

async function baselines(): Promise<void> {
  console.log(`\n### Untuned default forest (100 trees, sqrt features), 5-fold stratified CV accuracy (${args.folds === 'ours' ? "this package's folds" : "the reference's folds"})\n`);
  console.log('| data | fast engine | scikit-learn (optuna-rf.json) |');
  console.log('|---|---|---|');
  for (const dataset of datasets) {
    const { x, y } = loadCsv(dataset);
    const result = await crossValidate({ x, y, task: 'classification', cv: studyCv(dataset), seed: 0 });
    console.log(`| ${dataset} | ${result.mean.toFixed(4)} | ${optuna.results[dataset]?.default_rf_baseline.cv_accuracy.toFixed(4)} |`);
    (report.baselines as Record<string, number> | undefined) ?? (report.baselines = {});
    (report.baselines as Record<string, number>)[dataset] = result.mean;
  }
}

if (parts.has('fit')) await fitTimes();
if (parts.has('study')) {
  await baselines();
  const nTrials = Number(args.trials);
  const concurrency = Number(args.concurrency);
  const runs = await runStudies('fast', datasets, Number(args.seeds), nTrials, concurrency);
  report.study = runs;
  printStudies('Tuning study, fast engine', runs, nTrials, concurrency);
}
if (parts.has('ml-study')) {
  const nTrials = Number(args['ml-trials']);
  const concurrency = Number(args['ml-concurrency']);
  const runs = await runStudies('ml-random-forest', args['ml-datasets'].split(',') as DatasetName[], Number(args['ml-seeds']), nTrials, concurrency);
  report.mlStudy = runs;
  printStudies('Tuning study, ml-random-forest engine (minSamplesLeaf fixed at 1)', runs, nTrials, concurrency);
}
console.log(`\nLoad average at the end: ${loadavg().map((v) => v.toFixed(1)).join(' ')}`);
report.loadAverageAtEnd = loadavg();
if (args.json !== undefined) writeFileSync(args.json, `${JSON.stringify(report, null, 1)}\n`);
