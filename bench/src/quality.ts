/**
 * Sampler quality on the benchmark suite: for every problem and sampler, run `--trials` trials for
 * each of `--seeds` seeds (0, 1, …) and print the median [q1, q3] of the best value found, beside
 * Optuna 3.1's figures for the same problems, trials and seeds (bench/data/optuna-bench.json).
 * Lower is better (every problem is minimised). The last columns compare each model-based sampler
 * with Optuna's TPE: `better` (median below Optuna's first quartile), `≤` (median at most Optuna's
 * median), `worse`.
 *
 *   pnpm --filter @tunekit/bench run quality                                  # 100 trials × 20 seeds, random + tpe
 *   pnpm --filter @tunekit/bench run quality -- --trials 50 --seeds 5 --problems branin,svm_like --samplers tpe
 *   pnpm --filter @tunekit/bench run quality -- --out quality.json            # also write every run's result
 *
 * Samplers (`SAMPLERS` in sampler-by-name.ts): `auto` (AutoSampler, the default of `createStudy`), `random`, `tpe`
 * (TPESampler defaults: multivariate, grouped), `tpe-independent` (`multivariate: false`, Optuna
 * 3.1's default mode), `gp`, `gp-ard`, `gp-optuna`, `cma-es`, `cma-es-ipop`, `qmc` (unscrambled, Optuna's default),
 * `qmc-scrambled` (what Optuna's figures used), `nsga2`.
 *
 * The `vs every Optuna sampler` column says `best` when the median is below the median of every
 * Optuna sampler measured on that problem (random, TPE, TPE multivariate, CMA-ES, QMC).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createStudy, type Sampler } from '@tunekit/core';
import { samplerFactory } from './sampler-by-name.js';
import { benchmarkProblems, defineSpace, getBenchmarkProblem, type BenchmarkProblem } from './problems/suite.js';
import { positiveInteger, scriptArgs } from './script-args.js';

const { values: args } = parseArgs({
  args: scriptArgs(),
  options: {
    trials: { type: 'string', default: '100' },
    seeds: { type: 'string', default: '20' },
    problems: { type: 'string', default: '' },
    samplers: { type: 'string', default: 'random,tpe' },
    out: { type: 'string', default: '' },
  },
});

const nTrials = positiveInteger('--trials', args.trials);
const nSeeds = positiveInteger('--seeds', args.seeds);
const problems: readonly BenchmarkProblem[] = args.problems === '' ? benchmarkProblems : args.problems.split(',').map((name) => getBenchmarkProblem(name.trim()));
const samplerNames = args.samplers.split(',').map((name) => name.trim()).filter((name) => name.length > 0);

interface OptunaCheckpoint {
  readonly median: number;
  readonly q25: number;
  readonly q75: number;
}
const optunaBench = JSON.parse(readFileSync(new URL('../data/optuna-bench.json', import.meta.url), 'utf8')) as {
  readonly results: Record<string, { readonly samplers: Record<string, { readonly checkpoints: Record<string, OptunaCheckpoint> }> }>;
};
function optunaFigure(problem: string, sampler: string): OptunaCheckpoint | undefined {
  return optunaBench.results[problem]?.samplers[sampler]?.checkpoints[String(nTrials)];
}

/** numpy.percentile with linear interpolation (what optuna-bench.json used). */
function percentile(sorted: readonly number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const a = sorted[lower] as number;
  const b = sorted[upper] as number;
  return a + (b - a) * (position - lower);
}

function summary(values: readonly number[]): OptunaCheckpoint {
  const sorted = values.slice().sort((a, b) => a - b);
  return { median: percentile(sorted, 0.5), q25: percentile(sorted, 0.25), q75: percentile(sorted, 0.75) };
}

function format(value: number): string {
  if (value === 0) return '0';
  const text = Math.abs(value) >= 1e5 || Math.abs(value) < 1e-3 ? value.toExponential(3) : value.toPrecision(5);
  return text.replace(/(\.\d*?)0+($|e)/, '$1$2').replace(/\.($|e)/, '$1').replace('-', '−');
}

function cell(figure: OptunaCheckpoint | undefined): string {
  return figure === undefined ? '–' : `${format(figure.median)} [${format(figure.q25)}, ${format(figure.q75)}]`;
}

function verdict(ours: OptunaCheckpoint, reference: OptunaCheckpoint | undefined): string {
  if (reference === undefined) return '–';
  if (ours.median < reference.q25) return 'better';
  if (ours.median <= reference.median) return '≤';
  return 'worse';
}

const OPTUNA_SAMPLERS = ['random', 'tpe', 'tpe_mv', 'cmaes', 'qmc'] as const;
function versusAll(ours: OptunaCheckpoint, problem: string): string {
  const medians = OPTUNA_SAMPLERS.map((name) => optunaFigure(problem, name)?.median).filter((median): median is number => median !== undefined);
  if (medians.length === 0) return '–';
  const beaten = medians.filter((median) => ours.median < median).length;
  return beaten === medians.length ? 'best' : `beats ${beaten}/${medians.length}`;
}

async function bestValue(problem: BenchmarkProblem, sampler: Sampler): Promise<number> {
  const study = await createStudy({ direction: 'minimize', sampler });
  await study.optimize((trial) => problem.evaluate(defineSpace(trial, problem)), { nTrials, progress: false });
  const best = study.bestValue;
  await study.close();
  return best;
}

const factories = new Map<string, (seed: number) => Sampler>();
for (const name of samplerNames) factories.set(name, samplerFactory(name));

// Quiet the TPE's "sampled independently" warning: conditional parameters make it expected here.
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  if ((warning as Error & { code?: string }).code !== 'TUNEKIT_TPE_INDEPENDENT_SAMPLING') console.warn(warning);
});

console.log(`Sampler quality: best value after ${nTrials} trials, median [q1, q3] over ${nSeeds} seeds (0..${nSeeds - 1}); lower is better.`);
const results: Record<string, Record<string, { bestPerSeed: number[]; secondsPerRun: number }>> = {};
for (const problem of problems) {
  results[problem.name] = {};
  for (const [name, factory] of factories) {
    const bestPerSeed: number[] = [];
    const start = performance.now();
    for (let seed = 0; seed < nSeeds; seed++) bestPerSeed.push(await bestValue(problem, factory(seed)));
    const secondsPerRun = (performance.now() - start) / 1000 / nSeeds;
    (results[problem.name] as Record<string, unknown>)[name] = { bestPerSeed, secondsPerRun };
    console.error(`  ${problem.name} / ${name}: median ${format(summary(bestPerSeed).median)} (${secondsPerRun.toFixed(2)} s per run)`);
  }
}

const modelBased = samplerNames.filter((name) => name !== 'random');
const header = [
  'problem',
  'optimum',
  'Optuna random',
  'Optuna TPE',
  'Optuna TPE multivariate',
  'Optuna CMA-ES',
  'Optuna QMC',
  ...samplerNames.map((name) => `tunekit ${name}`),
  ...modelBased.map((name) => `${name} vs Optuna TPE`),
  ...modelBased.map((name) => `${name} vs every Optuna sampler`),
];
const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
for (const problem of problems) {
  const ours = samplerNames.map((name) => summary(results[problem.name]?.[name]?.bestPerSeed ?? []));
  const optunaTpe = optunaFigure(problem.name, 'tpe');
  const row = [
    problem.name,
    format(problem.optimum.value),
    cell(optunaFigure(problem.name, 'random')),
    cell(optunaTpe),
    cell(optunaFigure(problem.name, 'tpe_mv')),
    cell(optunaFigure(problem.name, 'cmaes')),
    cell(optunaFigure(problem.name, 'qmc')),
    ...ours.map(cell),
    ...modelBased.map((name) => verdict(ours[samplerNames.indexOf(name)] as OptunaCheckpoint, optunaTpe)),
    ...modelBased.map((name) => versusAll(ours[samplerNames.indexOf(name)] as OptunaCheckpoint, problem.name)),
  ];
  lines.push(`| ${row.join(' | ')} |`);
}
console.log(lines.join('\n'));
if (nTrials !== 10 && nTrials !== 25 && nTrials !== 50 && nTrials !== 100) console.log(`(Optuna's figures exist for 10, 25, 50 and 100 trials only.)`);
if (args.out !== '') {
  writeFileSync(args.out, `${JSON.stringify({ nTrials, nSeeds, results }, null, 1)}\n`);
  console.log(`Per-seed results written to ${args.out}`);
}
