/**
 * Multi-objective sampler quality: for ZDT1 and ZDT2 (10-D), Binh–Korn and C2-DTLZ2 (6-D, r = 0.2;
 * both constrained, via `trial.setConstraint`), run `--trials` trials for each of `--seeds` seeds
 * (0, 1, …) with NSGAIISampler, RandomSampler and TPESampler (MOTPE) and print the median [min,
 * max] hypervolume of the final feasible Pareto front w.r.t. a fixed reference point, beside
 * Optuna 3.1's NSGA-II and random search on the same problems and seeds
 * (bench/data/optuna-multi-objective.json, from bench/src/optuna_multi_objective.py). Higher is better.
 *
 *   pnpm exec tsx --conditions=source src/multi-objective.ts                     # 300 trials × 5 seeds
 *   pnpm exec tsx --conditions=source src/multi-objective.ts --trials 100 --seeds 3 --problems zdt1 --samplers nsga2,random
 *
 * Samplers: `nsga2`, `random`, `tpe`, and `nsga2-<crossover>` (`nsga2-sbx`, `nsga2-blx-alpha`, …).
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createStudy, RandomSampler, type Sampler, type Trial } from '@tunekit/core';
import { hypervolume, paretoFrontMask } from '../../packages/core/src/samplers/tpe/hypervolume.js';
import { positiveInteger, scriptArgs } from './script-args.js';

const { values: args } = parseArgs({
  args: scriptArgs(),
  options: {
    trials: { type: 'string', default: '300' },
    seeds: { type: 'string', default: '5' },
    problems: { type: 'string', default: 'zdt1,zdt2,binh_korn,c2_dtlz2' },
    samplers: { type: 'string', default: 'nsga2,random,tpe' },
  },
});

const nTrials = positiveInteger('--trials', args.trials);
const nSeeds = positiveInteger('--seeds', args.seeds);

interface Problem {
  readonly name: string;
  readonly reference: readonly [number, number];
  /** Objective values (both minimised); constrained problems call `trial.setConstraint`. */
  readonly evaluate: (trial: Trial) => [number, number];
}

function zdt(kind: 1 | 2, n: number) {
  return (trial: Trial): [number, number] => {
    const x = Array.from({ length: n }, (_, i) => trial.suggestFloat(`x${i}`, 0, 1));
    const f1 = x[0] as number;
    const g = 1 + (9 * x.slice(1).reduce((sum, xi) => sum + xi, 0)) / (n - 1);
    return [f1, kind === 1 ? g * (1 - Math.sqrt(f1 / g)) : g * (1 - (f1 / g) ** 2)];
  };
}

const problems: readonly Problem[] = [
  { name: 'zdt1', reference: [1.1, 11], evaluate: zdt(1, 10) },
  { name: 'zdt2', reference: [1.1, 11], evaluate: zdt(2, 10) },
  {
    // Binh & Korn 1997: f1 = 4x² + 4y², f2 = (x − 5)² + (y − 5)², two constraints.
    name: 'binh_korn',
    reference: [140, 50],
    evaluate: (trial) => {
      const x = trial.suggestFloat('x', 0, 5);
      const y = trial.suggestFloat('y', 0, 3);
      trial.setConstraint([(x - 5) ** 2 + y ** 2 - 25, 7.7 - (x - 8) ** 2 - (y + 3) ** 2]);
      return [4 * x ** 2 + 4 * y ** 2, (x - 5) ** 2 + (y - 5) ** 2];
    },
  },
  {
    // Jain & Deb 2014's C2-DTLZ2 with 2 objectives, 6 variables, r = 0.2: only the front's two
    // ends and its middle are feasible.
    name: 'c2_dtlz2',
    reference: [1.5, 1.5],
    evaluate: (trial) => {
      const r = 0.2;
      const x = Array.from({ length: 6 }, (_, i) => trial.suggestFloat(`x${i}`, 0, 1));
      const g = x.slice(1).reduce((sum, xi) => sum + (xi - 0.5) ** 2, 0);
      const f: [number, number] = [(1 + g) * Math.cos(((x[0] as number) * Math.PI) / 2), (1 + g) * Math.sin(((x[0] as number) * Math.PI) / 2)];
      const corner = Math.min((f[0] - 1) ** 2 + f[1] ** 2 - r * r, (f[1] - 1) ** 2 + f[0] ** 2 - r * r);
      const centre = (f[0] - Math.SQRT1_2) ** 2 + (f[1] - Math.SQRT1_2) ** 2 - r * r;
      trial.setConstraint([Math.min(corner, centre)]);
      return f;
    },
  },
];

type SamplerClass = new (options: Record<string, unknown>) => Sampler;
async function coreClass(className: string, sourcePath: string): Promise<SamplerClass> {
  const core = (await import('@tunekit/core')) as unknown as Record<string, SamplerClass | undefined>;
  // Until `@tunekit/core` re-exports a sampler, read it from core's sources.
  return core[className] ?? ((await import(sourcePath)) as Record<string, SamplerClass>)[className] as SamplerClass;
}

async function samplerFactory(name: string): Promise<(seed: number) => Sampler> {
  if (name === 'random') return (seed) => new RandomSampler({ seed });
  if (name === 'tpe') {
    const TPE = await coreClass('TPESampler', '../../packages/core/src/samplers/tpe/index.js');
    return (seed) => new TPE({ seed });
  }
  if (name === 'nsga2' || name.startsWith('nsga2-')) {
    const NSGAII = await coreClass('NSGAIISampler', '../../packages/core/src/samplers/nsga2/index.js');
    const crossover = name === 'nsga2' ? undefined : name.slice('nsga2-'.length);
    return (seed) => new NSGAII({ seed, ...(crossover === undefined ? {} : { crossover }) });
  }
  throw new Error(`Unknown sampler '${name}' (nsga2, nsga2-<crossover>, random, tpe)`);
}

interface Run {
  readonly hypervolume: number;
  readonly feasibleFraction: number;
  readonly seconds: number;
}

async function run(problem: Problem, sampler: Sampler): Promise<Run> {
  const study = await createStudy({ directions: ['minimize', 'minimize'], sampler });
  const start = performance.now();
  await study.optimize((trial) => problem.evaluate(trial), { nTrials, progress: false });
  const seconds = (performance.now() - start) / 1000;
  const trials = await study.getTrials({ states: ['complete'] });
  const feasible = trials.filter((trial) => {
    const constraints = trial.systemAttrs.constraints;
    return !Array.isArray(constraints) || constraints.every((value) => typeof value === 'number' && value <= 0);
  });
  const points = feasible.map((trial) => trial.values as readonly number[]);
  const front = points.filter((_, i) => paretoFrontMask(points)[i]);
  await study.close();
  return { hypervolume: hypervolume(front, problem.reference), feasibleFraction: feasible.length / Math.max(1, trials.length), seconds };
}

interface OptunaRun {
  readonly seed: number;
  readonly hypervolume: number;
  readonly front: readonly (readonly number[])[];
}
interface OptunaData {
  readonly optuna: string;
  readonly nTrials: number;
  readonly nSeeds: number;
  readonly results: Record<string, { readonly reference: readonly number[]; readonly samplers: Record<string, readonly OptunaRun[]> }>;
}
const optuna = JSON.parse(readFileSync(new URL('../data/optuna-multi-objective.json', import.meta.url), 'utf8')) as OptunaData;

function summary(values: readonly number[]): { median: number; min: number; max: number } {
  const sorted = values.slice().sort((a, b) => a - b);
  const middle = (sorted.length - 1) / 2;
  const median = ((sorted[Math.floor(middle)] as number) + (sorted[Math.ceil(middle)] as number)) / 2;
  return { median, min: sorted[0] as number, max: sorted[sorted.length - 1] as number };
}
function cell(values: readonly number[]): string {
  if (values.length === 0) return '–';
  const { median, min, max } = summary(values);
  return `${median.toPrecision(5)} [${min.toPrecision(4)}, ${max.toPrecision(4)}]`;
}

/** Optuna's per-seed hypervolumes, recomputed from its fronts with our hypervolume (they agree). */
function optunaHypervolumes(problem: Problem, sampler: string): number[] {
  if (optuna.nTrials !== nTrials) return [];
  const runs = optuna.results[problem.name]?.samplers[sampler] ?? [];
  return runs.filter((entry) => entry.seed < nSeeds).map((entry) => {
    const ours = hypervolume(entry.front, problem.reference);
    if (Math.abs(ours - entry.hypervolume) > 1e-9 * Math.max(1, Math.abs(ours))) {
      throw new Error(`${problem.name}/${sampler}/seed ${entry.seed}: our hypervolume ${ours} of Optuna's front ≠ Optuna's ${entry.hypervolume}`);
    }
    return ours;
  });
}

const samplerNames = args.samplers.split(',').map((name) => name.trim()).filter((name) => name.length > 0);
const selected = args.problems.split(',').map((name) => {
  const problem = problems.find((candidate) => candidate.name === name.trim());
  if (problem === undefined) throw new Error(`Unknown problem '${name}' (${problems.map((p) => p.name).join(', ')})`);
  return problem;
});
const factories = new Map<string, (seed: number) => Sampler>();
for (const name of samplerNames) factories.set(name, await samplerFactory(name));

console.log(`Hypervolume of the final feasible Pareto front after ${nTrials} trials, median [min, max] over ${nSeeds} seeds (0..${nSeeds - 1}); higher is better.`);
const header = ['problem', 'reference', 'Optuna 3.1 NSGA-II', 'Optuna 3.1 random', ...samplerNames.map((name) => `tunekit ${name}`)];
const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
const feasibility: string[] = [];
for (const problem of selected) {
  const cells: string[] = [];
  const feasibleCells: string[] = [];
  for (const [name, factory] of factories) {
    const runs: Run[] = [];
    for (let seed = 0; seed < nSeeds; seed++) runs.push(await run(problem, factory(seed)));
    const seconds = runs.reduce((sum, entry) => sum + entry.seconds, 0) / runs.length;
    console.error(`  ${problem.name} / ${name}: median ${summary(runs.map((entry) => entry.hypervolume)).median.toPrecision(5)} (${seconds.toFixed(2)} s per run)`);
    cells.push(cell(runs.map((entry) => entry.hypervolume)));
    feasibleCells.push(`${name} ${(100 * summary(runs.map((entry) => entry.feasibleFraction)).median).toFixed(0)}%`);
  }
  lines.push(`| ${[problem.name, `(${problem.reference.join(', ')})`, cell(optunaHypervolumes(problem, 'nsga2')), cell(optunaHypervolumes(problem, 'random')), ...cells].join(' | ')} |`);
  feasibility.push(`${problem.name}: ${feasibleCells.join(', ')}`);
}
console.log(lines.join('\n'));
console.log(`Median share of feasible complete trials: ${feasibility.join('; ')}`);
if (optuna.nTrials !== nTrials) console.log(`(Optuna's figures are for ${optuna.nTrials} trials only.)`);
