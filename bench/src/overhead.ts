/**
 * Per-trial overhead of the core: ask + 10 suggestFloat + tell, 10 float params, trivial
 * objective, in memory (or any storage URL with --storage). Prints the median / mean / p90 of a
 * window of trials centred on each history size, next to Optuna 3.1's figures measured on this
 * machine (bench/data/optuna-overhead.json).
 *
 *   pnpm --filter @tunekit/bench run overhead                          # sizes 100, 1000, 10000
 *   pnpm --filter @tunekit/bench run overhead -- --sizes 100,1000 --sampler random
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { createStudy, type Sampler } from '@tunekit/core';
import { samplerFactory } from './sampler-by-name.js';

const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '100,1000,10000' },
    window: { type: 'string', default: '50' },
    storage: { type: 'string', default: 'memory:' },
    sampler: { type: 'string', default: 'random' },
    warmup: { type: 'string', default: '1000' },
  },
});

const sizes = args.sizes.split(',').map(Number);
const halfWindow = Math.max(1, Math.floor(Number(args.window) / 2));
async function makeSampler(name: string): Promise<Sampler> {
  return samplerFactory(name)(0);
}

function stats(samples: number[]): { median: number; mean: number; p90: number } {
  const sorted = samples.slice().sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
  return { median: at(0.5), mean: samples.reduce((a, b) => a + b, 0) / samples.length, p90: at(0.9) };
}

interface OptunaWindow {
  readonly ms_per_trial_median?: number;
}
const optuna = JSON.parse(readFileSync(new URL('../data/optuna-overhead.json', import.meta.url), 'utf8')) as {
  results?: Record<string, Record<string, { windows?: Record<string, OptunaWindow> }>>;
};
function optunaFigure(sampler: string, size: number): string {
  const table = args.storage.startsWith('sqlite') ? optuna.results?.sqlite : optuna.results?.inmemory;
  // Our names → optuna-overhead.json's (our `tpe` is multivariate, like Optuna's `tpe_mv`).
  const key = ({ tpe: 'tpe_mv', 'tpe-independent': 'tpe', 'cma-es': 'cmaes' } as Record<string, string>)[sampler] ?? sampler;
  const median = table?.[key]?.windows?.[String(size)]?.ms_per_trial_median;
  return median === undefined ? '– (not measured)' : `${median.toFixed(2)} ms`;
}

// Warm the JIT on a throwaway in-memory study first, so the first window measures steady state
// rather than compilation (pass --warmup 0 to see cold figures).
{
  const warm = await createStudy({ sampler: await makeSampler(args.sampler) });
  for (let i = 0; i < Number(args.warmup); i++) {
    const trial = await warm.ask();
    let sum = 0;
    for (let k = 0; k < 10; k++) sum += trial.suggestFloat(`x${k}`, -5, 5) ** 2;
    await warm.tell(trial, sum);
  }
  await warm.close();
}
const study = await createStudy({ storage: args.storage, sampler: await makeSampler(args.sampler), studyName: `overhead-${Date.now()}` });
let count = 0;
const rows: string[] = [];
async function oneTrial(): Promise<number> {
  const t0 = performance.now();
  const trial = await study.ask();
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    const x = trial.suggestFloat(`x${i}`, -5, 5);
    sum += x * x;
  }
  await study.tell(trial, sum);
  count++;
  return performance.now() - t0;
}

console.log(`tunekit per-trial overhead: ask + 10 suggestFloat + tell, sampler ${args.sampler}, storage ${args.storage}, window ±${halfWindow} trials, ${args.warmup}-trial JIT warm-up`);
for (const size of sizes) {
  while (count < size - halfWindow) await oneTrial();
  const samples: number[] = [];
  while (count < size + halfWindow) samples.push(await oneTrial());
  const s = stats(samples);
  rows.push(`| ${size} | ${(s.median * 1000).toFixed(1)} µs | ${(s.mean * 1000).toFixed(1)} µs | ${(s.p90 * 1000).toFixed(1)} µs | ${optunaFigure(args.sampler, size)} |`);
}
console.log('| history | median | mean | p90 | Optuna 3.1 median (same machine) |');
console.log('|---|---|---|---|---|');
for (const row of rows) console.log(row);
await study.close();
