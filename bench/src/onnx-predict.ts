/**
 * Boosted-tree serving throughput and XGBoost tuning under tunekit (issue 7).
 *
 * Part 1, predict: the same 300-tree depth-6 XGBoost model (binary:logistic, 32 features) and the
 * same 10,000 rows (5% missing) through onnxruntime-node, tunekit's native evaluator and XGBoost's
 * own Python predict. Engines take turns within each repetition (so machine load hits them alike);
 * the table shows the median wall time of one 10k-row call, rows/s, and the median CPU time of a
 * call summed over threads (less sensitive to other load on the machine than wall time).
 *
 * Part 2, tune: a 40-trial tuneXGBoost study on breast_cancer (real XGBoost training through its
 * CLI), with MedianPruner and with NopPruner: wall time, best validation AUC, trials pruned.
 *
 *   pnpm --filter @tunekit/bench run onnx-predict
 *   pnpm --filter @tunekit/bench run onnx-predict -- --part predict --repeats 30
 *   pnpm --filter @tunekit/bench run onnx-predict -- --part tune --trials 40
 *
 * Needs Debian's python3-xgboost (part 1) and xgboost (part 2).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { MedianPruner, NopPruner, type Pruner } from '@tunekit/core';
import { OnnxBoostedModel, tuneXGBoost } from '@tunekit/onnx';

const { values: args } = parseArgs({
  options: {
    part: { type: 'string', default: 'all' },
    repeats: { type: 'string', default: '20' },
    rows: { type: 'string', default: '10000' },
    trees: { type: 'string', default: '300' },
    trials: { type: 'string', default: '40' },
    seed: { type: 'string', default: '0' },
  },
});
const PYTHON = '/usr/bin/python3';

// ---------------------------------------------------------------------------------------------
// Part 1: predict throughput

/** A Python process holding the XGBoost model, timing its own predict calls on request. */
const XGBOOST_WORKER = String.raw`
import json, sys, time
import numpy as np, xgboost as xgb
directory, n_rows, n_trees, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
rng = np.random.default_rng(seed)
n_features = 32
def data(n):
    x = rng.normal(size=(n, n_features)).astype(np.float32)
    y = (x[:, 0] + x[:, 1] * x[:, 2] - np.abs(x[:, 3]) + 0.5 * rng.normal(size=n) > 0).astype(np.float32)
    x[rng.random(size=x.shape) < 0.05] = np.nan
    return x, y
x_train, y_train = data(20000)
booster = xgb.train({'objective': 'binary:logistic', 'max_depth': 6, 'eta': 0.1, 'seed': seed}, xgb.DMatrix(x_train, label=y_train), n_trees)
booster.save_model(directory + '/model.json')
x_test, _ = data(n_rows)
x_test.tofile(directory + '/rows.f32')
booster.predict(xgb.DMatrix(x_test)).astype(np.float32).tofile(directory + '/xgboost.f32')
print(json.dumps({'ready': True, 'xgboost': xgb.__version__}), flush=True)
for line in sys.stdin:
    command = json.loads(line)
    threads = command['threads']
    booster.set_param({'nthread': threads})
    start, cpu = time.perf_counter(), time.process_time()
    if command['api'] == 'inplace_predict':
        booster.inplace_predict(x_test)
    else:
        booster.predict(xgb.DMatrix(x_test, nthread=threads))
    print(json.dumps({'ms': (time.perf_counter() - start) * 1000, 'cpu': (time.process_time() - cpu) * 1000}), flush=True)
`;

interface Timed {
  readonly label: string;
  readonly threads: string;
  /** Largest relative difference from XGBoost's predictions (0 for XGBoost itself). */
  readonly deviation: number;
  /** Wall and CPU (all threads) milliseconds of one call. */
  run(): Promise<{ ms: number; cpu: number }>;
}

function median(values: number[]): number {
  const sorted = values.slice().sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

async function benchPredict(): Promise<void> {
  const nRows = Number(args.rows);
  const nTrees = Number(args.trees);
  const repeats = Number(args.repeats);
  const directory = mkdtempSync(join(tmpdir(), 'tunekit-onnx-bench-'));
  // No engine may keep burning CPU after its call (the engines take turns on a 2-core machine):
  // OpenMP threads of XGBoost wait passively, onnxruntime's intra-op threads do not spin.
  const python = spawn(PYTHON, ['-c', XGBOOST_WORKER, directory, String(nRows), String(nTrees), args.seed], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, OMP_WAIT_POLICY: 'PASSIVE' } });
  const lines = createInterface({ input: python.stdout })[Symbol.asyncIterator]();
  const nextLine = async () => {
    const next = await lines.next();
    if (next.done === true) throw new Error('the XGBoost worker exited');
    return JSON.parse(next.value) as Record<string, unknown>;
  };
  try {
    console.log(`Training a ${nTrees}-tree depth-6 XGBoost model (binary:logistic, 32 features) in Python ...`);
    const ready = await nextLine();
    const json = readFileSync(join(directory, 'model.json'), 'utf8');
    const rows = new Float32Array(readFileSync(join(directory, 'rows.f32')).buffer.slice(0));
    const reference = new Float32Array(readFileSync(join(directory, 'xgboost.f32')).buffer.slice(0));
    const cores = availableParallelism();
    const noSpin = { extra: { session: { intra_op: { allow_spinning: '0' } } } };
    const models = {
      ort: await OnnxBoostedModel.fromXGBoostJson(json, { engine: 'onnxruntime', sessionOptions: noSpin }),
      ort1: await OnnxBoostedModel.fromXGBoostJson(json, { engine: 'onnxruntime', sessionOptions: { ...noSpin, intraOpNumThreads: 1 } }),
      ortTe5: await OnnxBoostedModel.fromXGBoostJson(json, { engine: 'onnxruntime', opset: 5, sessionOptions: noSpin }),
      native: await OnnxBoostedModel.fromXGBoostJson(json, { engine: 'native', compile: 'always' }),
      nativeParallel: await OnnxBoostedModel.fromXGBoostJson(json, { engine: 'native', compile: 'always', threads: cores }),
      nativeWalk: await OnnxBoostedModel.fromXGBoostJson(json, { engine: 'native', compile: 'never' }),
    };
    // How far each engine is from XGBoost's own predictions (positive-class probability).
    const deviation = new Map<OnnxBoostedModel, number>();
    for (const model of Object.values(models)) {
      const positive = (await model.predict(rows)).filter((_, index) => index % 2 === 1);
      let worst = 0;
      for (let index = 0; index < reference.length; index++) worst = Math.max(worst, Math.abs((positive[index] as number) - (reference[index] as number)) / Math.abs(reference[index] as number));
      deviation.set(model, worst);
    }
    const xgboostCall = async (api: string, threads: number) => {
      python.stdin.write(`${JSON.stringify({ api, threads })}\n`);
      const reply = await nextLine();
      return { ms: reply.ms as number, cpu: reply.cpu as number };
    };
    const node = (model: OnnxBoostedModel) => async () => {
      const start = performance.now();
      const cpu = process.cpuUsage();
      await model.predict(rows);
      const used = process.cpuUsage(cpu);
      return { ms: performance.now() - start, cpu: (used.user + used.system) / 1000 };
    };
    const ours = (label: string, threads: number, model: OnnxBoostedModel): Timed => ({ label, threads: String(threads), deviation: deviation.get(model) ?? Number.NaN, run: node(model) });
    const timed: Timed[] = [
      { label: 'XGBoost Python `inplace_predict`', threads: String(cores), deviation: 0, run: () => xgboostCall('inplace_predict', cores) },
      { label: 'XGBoost Python `predict(DMatrix(x))`', threads: String(cores), deviation: 0, run: () => xgboostCall('predict', cores) },
      { label: 'XGBoost Python `inplace_predict`', threads: '1', deviation: 0, run: () => xgboostCall('inplace_predict', 1) },
      ours('onnxruntime-node, TreeEnsembleRegressor (opset 3)', cores, models.ort),
      ours('onnxruntime-node, TreeEnsemble (opset 5)', cores, models.ortTe5),
      ours('onnxruntime-node, TreeEnsembleRegressor (opset 3)', 1, models.ort1),
      ours('tunekit native, generated code, worker threads', cores, models.nativeParallel),
      ours('tunekit native, generated code', 1, models.native),
      ours('tunekit native, array walk (no code generation)', 1, models.nativeWalk),
    ];
    for (const entry of timed) for (let warm = 0; warm < 3; warm++) await entry.run();
    const samples = timed.map(() => ({ ms: [] as number[], cpu: [] as number[] }));
    for (let repeat = 0; repeat < repeats; repeat++) {
      for (let index = 0; index < timed.length; index++) {
        const { ms, cpu } = await (timed[index] as Timed).run();
        samples[index]?.ms.push(ms);
        samples[index]?.cpu.push(cpu);
      }
    }
    console.log(`\nPredict ${nRows.toLocaleString('en')} rows x 32 features (5% missing), ${nTrees} trees of depth 6; XGBoost ${String(ready.xgboost)}, onnxruntime-node 1.30, Node ${process.version}, ${cores} cores (load average ${loadavg()[0]?.toFixed(1)} at the end); median of ${repeats} calls, engines interleaved:\n`);
    console.log('| engine | threads | wall ms per call | rows/s | CPU ms per call (all threads) | max relative difference from XGBoost |');
    console.log('|---|---|---|---|---|---|');
    timed.forEach((entry, index) => {
      const ms = median(samples[index]?.ms ?? []);
      const cpu = median(samples[index]?.cpu ?? []);
      console.log(`| ${entry.label} | ${entry.threads} | ${ms.toFixed(1)} | ${Math.round((nRows / ms) * 1000).toLocaleString('en')} | ${cpu.toFixed(1)} | ${entry.deviation === 0 ? '0' : entry.deviation.toExponential(1)} |`);
    });
    console.log('\n(onnxruntime splits ensembles of 80+ trees between threads, which changes the float32 summation order.)');
    for (const model of Object.values(models)) await model.dispose();
  } finally {
    python.stdin.end();
    python.kill();
    rmSync(directory, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Part 2: tuning real XGBoost on breast_cancer, with and without pruning

function loadBreastCancer(): { x: number[][]; y: number[] } {
  const result = spawnSync(PYTHON, ['-c', 'import json; from sklearn.datasets import load_breast_cancer as l; d = l(); print(json.dumps({"x": d.data.tolist(), "y": d.target.tolist()}))'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`could not load breast_cancer from scikit-learn: ${result.stderr}`);
  return JSON.parse(result.stdout) as { x: number[][]; y: number[] };
}

async function benchTune(): Promise<void> {
  const nTrials = Number(args.trials);
  const seed = Number(args.seed);
  const data = loadBreastCancer();
  // A fixed stratified-ish split: every 4th row is validation.
  const pick = (keep: (index: number) => boolean) => ({ x: data.x.filter((_, index) => keep(index)), y: data.y.filter((_, index) => keep(index)) });
  const train = pick((index) => index % 4 !== 0);
  const valid = pick((index) => index % 4 === 0);
  const rows: string[] = [];
  for (const [label, pruner] of [
    ['MedianPruner (nStartupTrials 5, nWarmupSteps 10)', new MedianPruner({ nStartupTrials: 5, nWarmupSteps: 10 })],
    ['NopPruner (no pruning)', new NopPruner()],
  ] as [string, Pruner][]) {
    const start = performance.now();
    const result = await tuneXGBoost({ train, valid, task: 'binary', metric: 'auc', nTrials, seed, pruner, trainerOptions: { threads: 1, runner: 'cli' } });
    const study = result.study;
    const seconds = (performance.now() - start) / 1000;
    const pruned = study.trials.filter((trial) => trial.state === 'pruned').length;
    const rounds = study.trials.reduce((sum, trial) => sum + trial.intermediateValues.size, 0);
    rows.push(`| ${label} | ${nTrials} | ${pruned} | ${rounds} | ${seconds.toFixed(1)} | ${result.bestValue.toFixed(4)} |`);
    await result.model.dispose();
  }
  console.log(`\ntuneXGBoost on breast_cancer (${train.y.length} train / ${valid.y.length} validation rows), ${nTrials} trials, default search space (20-300 rounds), seed ${seed}, xgboost CLI (1 thread), metric auc:\n`);
  console.log('| pruner | trials | pruned | boosting rounds reported | wall time (s) | best validation AUC |');
  console.log('|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);
}

if (args.part === 'all' || args.part === 'predict') await benchPredict();
if (args.part === 'all' || args.part === 'tune') await benchTune();
