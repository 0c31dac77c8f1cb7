/**
 * What pruning buys on a real TensorFlow.js study, and what the pruning callback costs.
 *
 * 1. The digits MLP study of examples/tfjs-digits (learning rate, width, depth, dropout, batch
 *    size; up to 27 epochs; wasm backend), run once per pruner with the same RandomSampler seed, so
 *    every run proposes the same 30 configurations. Each trial's randomness (initial weights,
 *    dropout, shuffling) depends only on the seed and its number, so a trial trains identically in
 *    every run until a pruner stops it (checked below). Figures: epochs trained, best validation
 *    accuracy (complete trials), wall time.
 * 2. The callback's own cost: the same model fitted with and without a TfjsPruningCallback
 *    (NopPruner, in-memory study), alternating; CPU time (robust on a shared machine) and wall
 *    time, plus the time measured inside the callback's epoch hook.
 *
 * Pruners are the example's (`PRUNERS` in examples/tfjs-digits/src/digits-objective.ts): library
 * defaults. `--sampler random` (default) proposes the same configurations in every run, so the
 * table compares pruners alone; `--sampler tpe` runs each study with the seeded TPESampler, which
 * learns from pruned trials (and, under Hyperband, models each bracket on its own), so runs
 * diverge after the first trials: the realistic set-up, but a noisier comparison.
 *
 *   pnpm --filter @tunekit/bench run tfjs-pruning                           # ~5-10 min on 2 cores
 *   pnpm --filter @tunekit/bench run tfjs-pruning --trials 8 --epochs 9 --overhead-repeats 2
 *   pnpm --filter @tunekit/bench run tfjs-pruning --parts overhead          # only part 2
 *   pnpm --filter @tunekit/bench run tfjs-pruning --parts study --sampler tpe
 */
import * as tf from '@tensorflow/tfjs';
import { createStudy, NopPruner, RandomSampler, TPESampler, type FrozenTrial } from '@tunekit/core';
import { TfjsPruningCallback } from '@tunekit/tfjs';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
// The study under test is the example's, not a copy of it.
import { loadDigits } from '../../examples/tfjs-digits/src/digits.js';
import { digitsObjective, PRUNERS } from '../../examples/tfjs-digits/src/digits-objective.js';
import { buildMlp } from '../../examples/tfjs-digits/src/mlp.js';
import { withSeededMathRandom } from '../../examples/tfjs-digits/src/seeded-math-random.js';
import { selectBackend } from '../../examples/tfjs-digits/src/select-backend.js';

const { values: args } = parseArgs({
  options: {
    trials: { type: 'string', default: '30' },
    epochs: { type: 'string', default: '27' },
    seed: { type: 'string', default: '42' },
    pruners: { type: 'string', default: 'none,median,sha,hyperband' },
    backend: { type: 'string', default: 'wasm' },
    sampler: { type: 'string', default: 'random' },
    parts: { type: 'string', default: 'study,overhead' },
    'overhead-repeats': { type: 'string', default: '15' },
    'overhead-epochs': { type: 'string', default: '10' },
  },
});
const nTrials = Number(args.trials);
const epochs = Number(args.epochs);
const seed = Number(args.seed);
const prunerNames = args.pruners.split(',');
if (args.sampler !== 'random' && args.sampler !== 'tpe') throw new Error(`--sampler must be random or tpe, got '${args.sampler}'`);
for (const name of prunerNames) if (!(name in PRUNERS)) throw new Error(`unknown pruner '${name}' (${Object.keys(PRUNERS).join(', ')})`);

const backend = await selectBackend(tf, args.backend);
const digits = loadDigits(seed);
const xs = tf.tensor2d(digits.features, [digits.count, digits.featureCount]);
const ys = tf.oneHot(tf.tensor1d(digits.labels, 'int32'), 10) as tf.Tensor2D;
console.log(
  `tfjs ${tf.version.tfjs}, ${backend} backend, Node ${process.versions.node}; digits ${digits.count} × ${digits.featureCount} ` +
    `(fit's validationSplit 0.2); ${nTrials} trials × up to ${epochs} epochs; ${args.sampler === 'tpe' ? 'TPESampler' : 'RandomSampler'} seed ${seed}\n`,
);

const parts = args.parts.split(',');
const percent = (value: number) => `${(100 * value).toFixed(2)}%`;

interface Run {
  readonly pruner: string;
  readonly trials: readonly FrozenTrial[];
  readonly epochsTrained: number;
  readonly seconds: number;
  readonly tensorsAfter: number;
}

const runs: Run[] = [];
for (const name of parts.includes('study') ? prunerNames : []) {
  const study = await createStudy({
    studyName: 'tfjs-digits-bench', // Hyperband's brackets hash the study name: keep it fixed
    direction: 'maximize',
    sampler: args.sampler === 'tpe' ? new TPESampler({ seed }) : new RandomSampler({ seed }),
    pruner: PRUNERS[name]!(epochs),
  });
  let epochsTrained = 0;
  const started = performance.now();
  await study.optimize(digitsObjective({ tf, xs, ys, epochs, seed, onTrained: (_t, n) => void (epochsTrained += n) }), { nTrials });
  const run = { pruner: name, trials: study.trials, epochsTrained, seconds: (performance.now() - started) / 1000, tensorsAfter: tf.memory().numTensors };
  runs.push(run);
  console.log(`  ${name.padEnd(9)} done in ${run.seconds.toFixed(1)} s: ${epochsTrained} epochs, tf.memory().numTensors ${run.tensorsAfter}`);
}

if (runs.length > 0) report(runs);

function report(runs: readonly Run[]): void {
  const baseline = runs.find((run) => run.pruner === 'none') ?? (runs[0] as Run);
  const bestAccuracy = (run: Run) => Math.max(...run.trials.filter((t) => t.state === 'complete').map((t) => t.values?.[0] ?? -Infinity));
  
  console.log(`\n| pruner | complete | pruned | epochs trained | epochs saved | best val accuracy | vs ${baseline.pruner} | wall time |`);
  console.log('|---|---|---|---|---|---|---|---|');
  for (const run of runs) {
    const count = (state: string) => run.trials.filter((t) => t.state === state).length;
    const saved = 1 - run.epochsTrained / baseline.epochsTrained;
    const delta = 100 * (bestAccuracy(run) - bestAccuracy(baseline));
    console.log(
      `| ${run.pruner} | ${count('complete')} | ${count('pruned')} | ${run.epochsTrained} / ${nTrials * epochs} | ${percent(saved)} | ` +
        `${percent(bestAccuracy(run))} | ${delta >= 0 ? '+' : ''}${delta.toFixed(2)} pt | ${run.seconds.toFixed(1)} s |`,
    );
  }

  // Determinism check: a trial's reported curve must be a prefix of the same trial's curve in the
  // unpruned run (same params, same randomness), so the table compares pruners, not luck.
  let compared = 0;
  let mismatched = 0;
  for (const run of runs) {
    if (run === baseline) continue;
    for (const trial of run.trials) {
      const reference = baseline.trials[trial.number];
      for (const [step, value] of trial.intermediateValues) {
        compared += 1;
        if (reference?.intermediateValues.get(step) !== value || JSON.stringify(reference?.params) !== JSON.stringify(trial.params)) mismatched += 1;
      }
    }
  }
  const note = args.sampler === 'tpe' ? ' (TPE adapts to pruned trials, so runs are expected to diverge)' : '';
  console.log(`\nSame params and identical curves across runs: ${compared - mismatched} of ${compared} reported values match the ${baseline.pruner} run${note}.`);
}

// --- The callback's overhead -----------------------------------------------------------------
if (parts.includes('overhead')) await measureOverhead();
tf.dispose([xs, ys]);

/**
 * The same fixed model fitted with and without the callback, alternating, from the same initial
 * weights and randomness. Compares the process's CPU time (user + system) during `fit`, which the
 * other processes of a shared machine disturb far less than wall time, and reports wall time and
 * the time spent inside the callback's epoch hook too.
 */
async function measureOverhead(): Promise<void> {
  const repeats = Number(args['overhead-repeats']);
  const overheadEpochs = Number(args['overhead-epochs']);
  const params = { learningRate: 3e-3, units: 64, layers: 2, dropout: 0.1, batchSize: 32 } as const;
  const overheadStudy = await createStudy({ direction: 'maximize', pruner: new NopPruner() });
  interface Timing {
    readonly cpu: number;
    readonly wall: number;
    readonly inside: number;
  }

  const timedFit = (withCallback: boolean): Promise<Timing> =>
    withSeededMathRandom(seed, async () => {
      const model = buildMlp(tf, params, digits.featureCount, seed);
      let inside = 0;
      const trial = withCallback ? await overheadStudy.ask() : undefined;
      const callbacks: TfjsPruningCallback[] = [];
      if (trial !== undefined) {
        const callback = new TfjsPruningCallback(trial, { monitor: 'val_acc', tf });
        const hook = callback.onEpochEnd;
        Object.defineProperty(callback, 'onEpochEnd', {
          value: async (epoch: number, logs?: Parameters<typeof hook>[1]) => {
            const start = performance.now();
            await hook(epoch, logs);
            inside += performance.now() - start;
          },
        });
        callbacks.push(callback);
      }
      const cpuStart = process.cpuUsage();
      const wallStart = performance.now();
      await model.fit(xs, ys, { epochs: overheadEpochs, batchSize: params.batchSize, validationSplit: 0.2, verbose: 0, callbacks });
      const wall = performance.now() - wallStart;
      const cpuUsed = process.cpuUsage(cpuStart);
      if (trial !== undefined) await overheadStudy.tell(trial, 0);
      model.dispose();
      return { cpu: (cpuUsed.user + cpuUsed.system) / 1000, wall, inside };
    });

  await timedFit(false); // warm-up (JIT, wasm kernels)
  await timedFit(true);
  const without: Timing[] = [];
  const withIt: Timing[] = [];
  for (let r = 0; r < repeats; r++) {
    // Alternate the order so that drift in the machine's load hits both sides alike.
    for (const side of r % 2 === 0 ? [false, true] : [true, false]) (side ? withIt : without).push(await timedFit(side));
  }
  const median = (values: number[]) => values.slice().sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
  const row = (label: string, pick: (t: Timing) => number) => {
    const a = without.map(pick);
    const b = withIt.map(pick);
    const paired = b.map((value, index) => value / (a[index] as number) - 1);
    return `| ${label} | ${median(a).toFixed(0)} ms | ${median(b).toFixed(0)} ms | ${percent(median(b) / median(a) - 1)} | ${percent(median(paired))} |`;
  };
  console.log(`\nCallback overhead: ${overheadEpochs} epochs, batch ${params.batchSize}, NopPruner, in-memory storage; medians of ${repeats} alternating pairs`);
  console.log('| measure | fit without callback | fit with TfjsPruningCallback | difference of medians | median of paired differences |');
  console.log('|---|---|---|---|---|');
  console.log(row('CPU time', (t) => t.cpu));
  console.log(row('wall time', (t) => t.wall));
  const insideShare = withIt.map((t) => t.inside / t.wall);
  console.log(
    `Inside the callback's epoch hook (read val_acc, report, shouldPrune): ${percent(median(insideShare))} of fit's wall time, ` +
      `${(median(withIt.map((t) => t.inside)) / overheadEpochs).toFixed(3)} ms per epoch.`,
  );
}
