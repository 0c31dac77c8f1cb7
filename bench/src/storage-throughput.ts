/**
 * Persistent storages under load: finished trials per second with several worker processes
 * sharing one study, and the per-trial cost with 1000 trials in the study, for SQLite and
 * PostgreSQL, next to Optuna 3.1's figures measured on this machine
 * (bench/data/optuna-overhead.json: results.sqlite_multiprocess and results.sqlite).
 *
 * Throughput, as Optuna's script measures it: a study is created, N worker processes load it
 * (RandomSampler seeded 1000 + worker, trivial objective: the sum of squares of 10
 * `suggestFloat(-5, 5)`), wait at a barrier (a `go` line on stdin once all are ready), then each
 * runs `study.optimize` for a fixed number of trials. Trials per second = all trials / (last
 * worker's end - first worker's start). Afterwards the study is checked: exactly N x trials, all
 * complete, trial numbers dense and unique, every trial a worker was told present with its
 * number and value, no worker errors. The script exits with status 1 when a check fails.
 *
 * Per-trial overhead: one process, `study.ask()` + 10 `suggestFloat` + `study.tell()` timed trial
 * by trial from an empty study to size + window / 2; the median of the window of trials around
 * `--overhead-size` (Optuna: the same, "continuous" mode, window 100).
 *
 *   pnpm --filter @tunekit/bench run storage-throughput
 *   pnpm --filter @tunekit/bench run storage-throughput -- --trials 20 --workers 1,2 --overhead-size 50   # smoke
 *
 * Flags: --trials (per worker, default 300), --workers (overrides both lists below),
 * --sqlite-workers (default 1,2,4), --postgres-workers (default 1,4,8), --backends
 * (sqlite,postgres), --overhead-size (default 1000; 0 skips), --overhead-window (default 100),
 * --postgres-url (default $TUNEKIT_POSTGRES_URL or postgres://postgres@127.0.0.1:5432/test; the
 * studies go into the schema `tunekit_bench` unless the URL names one, and are deleted afterwards),
 * --json FILE (also write the results as JSON).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createStudy, deleteStudy, loadStudy, NopPruner, RandomSampler, type Trial } from '@tunekit/core';
import { scriptArgs } from './script-args.js';

const DIM = 10;
const LOW = -5;
const HIGH = 5;

/** The objective of both measurements, and of Optuna's: 10 uniform floats, sum of squares. */
function sumOfSquares(trial: Trial): number {
  let sum = 0;
  for (let i = 0; i < DIM; i++) {
    const x = trial.suggestFloat(`x${i}`, LOW, HIGH);
    sum += x * x;
  }
  return sum;
}

/** Wall-clock ms with sub-ms precision, comparable across processes. */
const now = () => performance.timeOrigin + performance.now();

// ---------------------------------------------------------------- worker process

interface WorkerTask {
  readonly storage: string;
  readonly studyName: string;
  readonly trials: number;
  readonly worker: number;
}

interface WorkerReport {
  readonly worker: number;
  readonly t0: number;
  readonly t1: number;
  /** [number, trialId, value] of each trial this worker finished. */
  readonly told: readonly (readonly [number, number, number])[];
  readonly errors: readonly string[];
}

async function runWorker(task: WorkerTask): Promise<void> {
  const study = await loadStudy({ studyName: task.studyName, storage: task.storage, sampler: new RandomSampler({ seed: 1000 + task.worker }), pruner: new NopPruner() });
  process.stdout.write('ready\n');
  await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
  process.stdin.pause();
  const t0 = now();
  const told: [number, number, number][] = [];
  const errors: string[] = [];
  try {
    const result = await study.optimize(sumOfSquares, { nTrials: task.trials, progress: false, logger: (message) => errors.push(message) });
    for (const trial of result.trials) told.push([trial.number, trial.trialId, trial.values?.[0] ?? Number.NaN]);
  } catch (error) {
    errors.push(String(error).slice(0, 300));
  }
  const t1 = now();
  await study.close();
  const report: WorkerReport = { worker: task.worker, t0, t1, told, errors };
  process.stdout.write(`report ${JSON.stringify(report)}\n`);
}

if (process.argv[2] === '--worker') {
  await runWorker(JSON.parse(process.argv[3] as string) as WorkerTask);
  process.exit(0);
}

// ---------------------------------------------------------------- coordinator

const { values: args } = parseArgs({
  args: scriptArgs(),
  options: {
    trials: { type: 'string', default: '300' },
    workers: { type: 'string' },
    'sqlite-workers': { type: 'string', default: '1,2,4' },
    'postgres-workers': { type: 'string', default: '1,4,8' },
    backends: { type: 'string', default: 'sqlite,postgres' },
    'overhead-size': { type: 'string', default: '1000' },
    'overhead-window': { type: 'string', default: '100' },
    'postgres-url': { type: 'string', default: process.env.TUNEKIT_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test' },
    json: { type: 'string' },
  },
});

function positiveInts(flag: string, text: string): number[] {
  const list = text.split(',').map((item) => Number(item.trim()));
  if (list.length === 0 || list.some((n) => !Number.isSafeInteger(n) || n < 1)) throw new Error(`--${flag} must be a comma-separated list of positive integers, got '${text}'`);
  return list;
}
function nonNegativeInt(flag: string, text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`--${flag} must be a non-negative integer, got '${text}'`);
  return n;
}

type Backend = 'sqlite' | 'postgres';
const backends = args.backends.split(',').map((name) => name.trim());
for (const name of backends) if (name !== 'sqlite' && name !== 'postgres') throw new Error(`--backends: unknown backend '${name}' (sqlite, postgres)`);
const trialsPerWorker = positiveInts('trials', args.trials)[0] as number;
const workerCounts: Record<Backend, number[]> = {
  sqlite: positiveInts(args.workers === undefined ? 'sqlite-workers' : 'workers', args.workers ?? args['sqlite-workers']),
  postgres: positiveInts(args.workers === undefined ? 'postgres-workers' : 'workers', args.workers ?? args['postgres-workers']),
};
const overheadSize = nonNegativeInt('overhead-size', args['overhead-size']);
const halfWindow = Math.max(1, Math.floor(nonNegativeInt('overhead-window', args['overhead-window']) / 2));
if (overheadSize > 0 && overheadSize < halfWindow) throw new Error(`--overhead-size (${overheadSize}) must be at least half the window (${halfWindow})`);

const postgresUrl = (() => {
  const url = new URL(args['postgres-url']);
  if (!url.searchParams.has('schema') && !url.searchParams.has('options')) url.searchParams.set('schema', 'tunekit_bench');
  return url.toString();
})();
const tempDir = mkdtempSync(join(tmpdir(), 'tunekit-storage-throughput-'));
const runId = `${Date.now().toString(36)}-${process.pid}`;

function storageUrl(backend: Backend, label: string): string {
  return backend === 'sqlite' ? `sqlite://${join(tempDir, `${label}.db`)}` : postgresUrl;
}

const redact = (url: string) => url.replace(/(\/\/[^:/@?#]+):[^/?#]*@/, '$1:***@');

interface Integrity {
  readonly expectedTrials: number;
  readonly trialsInStudy: number;
  readonly states: Record<string, number>;
  readonly toldByWorkers: number;
  readonly duplicateNumbers: number;
  readonly duplicateIds: number;
  readonly numbersDense: boolean;
  readonly toldButMissingOrMismatched: number;
  readonly duplicateToldNumbers: number;
  readonly workerErrors: number;
  readonly errorSamples: readonly string[];
  readonly ok: boolean;
}

interface ThroughputResult {
  readonly backend: Backend;
  readonly workers: number;
  readonly trialsPerWorker: number;
  readonly elapsedS: number;
  readonly trialsPerS: number;
  readonly perWorkerTrialsPerS: readonly number[];
  readonly integrity: Integrity;
  readonly loadavgBefore: number;
  readonly loadavgAfter: number;
}

const self = fileURLToPath(import.meta.url);
const benchRoot = fileURLToPath(new URL('..', import.meta.url));

/** Start `workers` processes on one study, release them together, collect their reports. */
async function runWorkers(storage: string, studyName: string, workers: number): Promise<WorkerReport[]> {
  const ready: Promise<void>[] = [];
  const children = Array.from({ length: workers }, (_, worker) => {
    const task: WorkerTask = { storage, studyName, trials: trialsPerWorker, worker };
    return spawn(process.execPath, ['--import', 'tsx', '--conditions=source', self, '--worker', JSON.stringify(task)], { cwd: benchRoot, stdio: ['pipe', 'pipe', 'pipe'] });
  });
  const reports = children.map(
    (child, worker) =>
      new Promise<WorkerReport>((resolve, reject) => {
        let stdout = '';
        let stderr = '';
        let onReady!: () => void;
        ready.push(new Promise<void>((resolve) => (onReady = resolve)));
        child.stdout.setEncoding('utf8');
        child.stdout.on('data', (chunk: string) => {
          stdout += chunk;
          if (stdout.startsWith('ready\n')) onReady();
        });
        child.stderr.on('data', (chunk) => (stderr += chunk));
        child.on('error', reject);
        child.on('close', (code) => {
          const line = stdout.split('\n').find((candidate) => candidate.startsWith('report '));
          if (code !== 0 || line === undefined) reject(new Error(`worker ${worker} exited with status ${code}: ${stderr.slice(-2000)}`));
          else resolve(JSON.parse(line.slice('report '.length)) as WorkerReport);
        });
      }),
  );
  try {
    await Promise.race([Promise.all(ready), Promise.all(reports)]);
    for (const child of children) child.stdin.end('go\n');
    return await Promise.all(reports);
  } finally {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

async function measureThroughput(backend: Backend, workers: number): Promise<ThroughputResult> {
  const studyName = `throughput-${backend}-${workers}-${runId}`;
  const storage = storageUrl(backend, studyName);
  const setup = await createStudy({ studyName, storage, direction: 'minimize' });
  await setup.close();
  const loadavgBefore = loadavg()[0] as number;
  try {
    const reports = await runWorkers(storage, studyName, workers);
    const loadavgAfter = loadavg()[0] as number;
    const t0 = Math.min(...reports.map((report) => report.t0));
    const t1 = Math.max(...reports.map((report) => report.t1));
    const told = reports.flatMap((report) => report.told);
    const elapsedS = (t1 - t0) / 1000;
    const integrity = await checkIntegrity(storage, studyName, workers * trialsPerWorker, reports);
    return {
      backend,
      workers,
      trialsPerWorker,
      elapsedS,
      trialsPerS: told.length / elapsedS,
      perWorkerTrialsPerS: reports.map((report) => report.told.length / ((report.t1 - report.t0) / 1000)),
      integrity,
      loadavgBefore,
      loadavgAfter,
    };
  } finally {
    if (backend === 'postgres') await deleteStudy({ studyName, storage });
  }
}

async function checkIntegrity(storage: string, studyName: string, expected: number, reports: readonly WorkerReport[]): Promise<Integrity> {
  const study = await loadStudy({ studyName, storage });
  try {
    const trials = await study.getTrials();
    const states: Record<string, number> = {};
    for (const trial of trials) states[trial.state] = (states[trial.state] ?? 0) + 1;
    const numbers = trials.map((trial) => trial.number);
    const ids = trials.map((trial) => trial.trialId);
    const byId = new Map(trials.map((trial) => [trial.trialId, trial]));
    const told = reports.flatMap((report) => report.told);
    const missing = told.filter(([number, id, value]) => byId.get(id)?.number !== number || byId.get(id)?.values?.[0] !== value);
    const errors = reports.flatMap((report) => report.errors);
    const integrity = {
      expectedTrials: expected,
      trialsInStudy: trials.length,
      states,
      toldByWorkers: told.length,
      duplicateNumbers: numbers.length - new Set(numbers).size,
      duplicateIds: ids.length - new Set(ids).size,
      numbersDense: [...numbers].sort((a, b) => a - b).every((number, index) => number === index),
      toldButMissingOrMismatched: missing.length,
      duplicateToldNumbers: told.length - new Set(told.map(([number]) => number)).size,
      workerErrors: errors.length,
      errorSamples: errors.slice(0, 5),
    };
    const ok =
      integrity.trialsInStudy === expected &&
      states.complete === expected &&
      integrity.toldByWorkers === expected &&
      integrity.duplicateNumbers === 0 &&
      integrity.duplicateIds === 0 &&
      integrity.numbersDense &&
      integrity.toldButMissingOrMismatched === 0 &&
      integrity.duplicateToldNumbers === 0 &&
      integrity.workerErrors === 0;
    return { ...integrity, ok };
  } finally {
    await study.close();
  }
}

interface OverheadResult {
  readonly backend: Backend | 'memory';
  readonly size: number;
  readonly timedTrials: number;
  readonly msMedian: number;
  readonly msMean: number;
  readonly msP90: number;
  readonly msAskMean: number;
  readonly msSuggestMean: number;
  readonly msTellMean: number;
}

/** ask + 10 suggestFloat + tell, trial by trial, from an empty study to size + halfWindow. */
async function measureOverhead(backend: Backend | 'memory'): Promise<OverheadResult> {
  const studyName = `overhead-${backend}-${runId}`;
  const storage = backend === 'memory' ? 'memory:' : storageUrl(backend, studyName);
  const study = await createStudy({ studyName, storage, direction: 'minimize', sampler: new RandomSampler({ seed: 0 }), pruner: new NopPruner() });
  const rows: [number, number, number][] = [];
  try {
    for (let i = 0; i < overheadSize + halfWindow; i++) {
      const t0 = performance.now();
      const trial = await study.ask();
      const t1 = performance.now();
      let sum = 0;
      for (let k = 0; k < DIM; k++) {
        const x = trial.suggestFloat(`x${k}`, LOW, HIGH);
        sum += x * x;
      }
      const t2 = performance.now();
      await study.tell(trial, sum);
      rows.push([t1 - t0, t2 - t1, performance.now() - t2]);
    }
  } finally {
    await study.close();
    if (backend === 'postgres') await deleteStudy({ studyName, storage });
  }
  const window = rows.slice(overheadSize - halfWindow, overheadSize + halfWindow);
  const totals = window.map(([ask, suggest, tell]) => ask + suggest + tell).sort((a, b) => a - b);
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const quantile = (q: number) => totals[Math.min(totals.length - 1, Math.floor(q * totals.length))] as number;
  return {
    backend,
    size: overheadSize,
    timedTrials: window.length,
    msMedian: quantile(0.5),
    msMean: mean(totals),
    msP90: quantile(0.9),
    msAskMean: mean(window.map((row) => row[0])),
    msSuggestMean: mean(window.map((row) => row[1])),
    msTellMean: mean(window.map((row) => row[2])),
  };
}

/** A JIT warm-up on a throwaway in-memory study, so that the overhead windows see steady state (Python has no JIT to warm). */
async function warmUp(): Promise<void> {
  const study = await createStudy({ sampler: new RandomSampler({ seed: 1 }), pruner: new NopPruner() });
  for (let i = 0; i < 500; i++) {
    const trial = await study.ask();
    await study.tell(trial, sumOfSquares(trial));
  }
  await study.close();
}

// ---------------------------------------------------------------- Optuna's figures

interface OptunaMultiprocess {
  readonly trials_per_s: number;
  readonly trials_per_worker: number;
  readonly integrity?: { readonly ok?: boolean };
}
interface OptunaWindow {
  readonly ms_per_trial_median: number;
  readonly ms_per_trial_mean: number;
}
const optuna = JSON.parse(readFileSync(new URL('../data/optuna-overhead.json', import.meta.url), 'utf8')) as {
  meta: { optuna_version: string; date_utc: string };
  results: {
    sqlite_multiprocess?: Record<string, OptunaMultiprocess>;
    sqlite?: { random?: { windows?: Record<string, OptunaWindow> } };
  };
};

function optunaThroughput(backend: Backend, workers: number): OptunaMultiprocess | undefined {
  return backend === 'sqlite' ? optuna.results.sqlite_multiprocess?.[String(workers)] : undefined;
}

// ---------------------------------------------------------------- main

const fmt = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '–');
const pad = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;

console.log(`storage-throughput: ${trialsPerWorker} trials per worker; backends ${backends.join(', ')}; node ${process.version}`);
console.log(`SQLite files in ${tempDir}; PostgreSQL at ${redact(postgresUrl)}`);
console.log(`load average at start: ${loadavg().map((value) => value.toFixed(2)).join(' ')} (2-core machine shared with other jobs)`);

const throughput: ThroughputResult[] = [];
const overhead: OverheadResult[] = [];
try {
  for (const backend of backends as Backend[]) {
    for (const workers of workerCounts[backend]) {
      const result = await measureThroughput(backend, workers);
      throughput.push(result);
      const check = result.integrity;
      console.log(
        `  ${backend} x${workers}: ${check.toldByWorkers} trials in ${fmt(result.elapsedS, 2)} s = ${fmt(result.trialsPerS)} trials/s; integrity ${check.ok ? 'ok' : 'FAILED'} (in study ${check.trialsInStudy}, duplicate numbers ${check.duplicateNumbers}, errors ${check.workerErrors}); load ${fmt(result.loadavgBefore, 2)} → ${fmt(result.loadavgAfter, 2)}`,
      );
      if (!check.ok) console.log(`    ${JSON.stringify(check)}`);
    }
  }
  if (overheadSize > 0) {
    await warmUp();
    for (const backend of ['memory', ...backends] as (Backend | 'memory')[]) {
      const result = await measureOverhead(backend);
      overhead.push(result);
      console.log(`  overhead ${backend} at ${overheadSize} trials: median ${fmt(result.msMedian, 3)} ms per trial (ask ${fmt(result.msAskMean, 3)}, suggest ${fmt(result.msSuggestMean, 3)}, tell ${fmt(result.msTellMean, 3)})`);
    }
  }
} finally {
  rmSync(tempDir, { recursive: true, force: true });
}

console.log(`\nFinished trials per second (trivial objective, RandomSampler, ${trialsPerWorker} trials per worker process; Optuna ${optuna.meta.optuna_version}: results.sqlite_multiprocess, 300 trials per worker):\n`);
console.log(pad(['backend', 'workers', 'tunekit trials/s', 'per worker', 'Optuna 3.1 trials/s', 'ratio', 'integrity', 'load 1 min']));
console.log(pad(['---', '---:', '---:', '---:', '---:', '---:', '---', '---:']));
for (const result of throughput) {
  const reference = optunaThroughput(result.backend, result.workers);
  console.log(
    pad([
      result.backend,
      String(result.workers),
      fmt(result.trialsPerS),
      result.perWorkerTrialsPerS.map((value) => fmt(value, 0)).join(' / '),
      reference === undefined ? '–' : fmt(reference.trials_per_s),
      reference === undefined ? '–' : `${fmt(result.trialsPerS / reference.trials_per_s, 0)}x`,
      result.integrity.ok ? `ok (${result.integrity.trialsInStudy} complete)` : 'FAILED',
      `${fmt(result.loadavgBefore, 2)} → ${fmt(result.loadavgAfter, 2)}`,
    ]),
  );
}

if (overhead.length > 0) {
  const reference = optuna.results.sqlite?.random?.windows?.[String(overheadSize)];
  console.log(`\nPer-trial overhead with ${overheadSize} trials in the study (ask + ${DIM} suggestFloat + tell, ms, the ${2 * halfWindow} trials around trial ${overheadSize}; Optuna: results.sqlite.random):\n`);
  console.log(pad(['backend', 'tunekit median', 'mean', 'p90', 'ask / suggest / tell (mean)', 'Optuna 3.1 SQLite median', 'ratio']));
  console.log(pad(['---', '---:', '---:', '---:', '---:', '---:', '---:']));
  for (const result of overhead) {
    const compare = result.backend === 'sqlite' && reference !== undefined;
    console.log(
      pad([
        result.backend,
        fmt(result.msMedian, 3),
        fmt(result.msMean, 3),
        fmt(result.msP90, 3),
        `${fmt(result.msAskMean, 3)} / ${fmt(result.msSuggestMean, 3)} / ${fmt(result.msTellMean, 3)}`,
        compare ? fmt(reference.ms_per_trial_median, 2) : '–',
        compare ? `${fmt(reference.ms_per_trial_median / result.msMedian, 0)}x faster` : '–',
      ]),
    );
  }
}
console.log(`\nload average at end: ${loadavg().map((value) => value.toFixed(2)).join(' ')}`);

if (args.json !== undefined) {
  writeFileSync(args.json, `${JSON.stringify({ meta: { date: new Date().toISOString(), node: process.version, trialsPerWorker, overheadSize, window: 2 * halfWindow }, throughput, overhead }, null, 1)}\n`);
}
if (throughput.some((result) => !result.integrity.ok)) {
  console.error('integrity check FAILED: see above');
  process.exitCode = 1;
}
