import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { FrozenTrial } from '../protocol/frozen-trial.js';

/** What `describeCrashRecovery` needs from a backend's test file. */
export interface CrashRecoveryOptions {
  /** Worker processes sharing the study (one of them is SIGKILLed). */
  readonly workers: number;
  /** The study-wide `maxTrials` each worker runs with. Large enough that the dead worker's trial is found stale before the cap is reached. */
  readonly maxTrials: number;
  /**
   * A fresh place for one test: the storage URL the workers open, how to read the study's trials
   * back afterwards, and what to remove at the end.
   */
  readonly prepare: () => Promise<CrashRecoveryPlace> | CrashRecoveryPlace;
  /** Working directory of the workers: the storage package's folder, so that its URL scheme resolves. */
  readonly cwd: string;
  /** Node flags of the workers. Default: run TypeScript sources through tsx. */
  readonly execArgv?: readonly string[];
  /** Per-test timeout, ms. Default 60,000. */
  readonly timeoutMs?: number;
}

export interface CrashRecoveryPlace {
  readonly url: string;
  readTrials(studyName: string): Promise<readonly FrozenTrial[]>;
  cleanup?(): Promise<void> | void;
}

interface RunSetup {
  readonly workers: number;
  readonly maxTrials: number;
  readonly cwd: string;
  readonly execArgv: readonly string[];
}

/** The worker that gets SIGKILLed. */
const VICTIM = 1;
/** In the first test the victim dies in its KILL_AT-th trial, long before the cap. */
const KILL_AT = 3;
const fromSource = import.meta.url.endsWith('.ts');
const workerFile = fileURLToPath(new URL(`./crash-recovery/crash-worker.${fromSource ? 'ts' : 'js'}`, import.meta.url));

interface WorkerReport {
  readonly worker: number;
  readonly stoppedBy: string;
  readonly finished: readonly (readonly [number, string])[];
}

interface CrashRun {
  /** Reports of the workers that survived, by worker index. */
  readonly reports: ReadonlyMap<number, WorkerReport>;
  /** Trial numbers the victim started, in order; the last one is the trial it died in. */
  readonly victimStarted: readonly number[];
  readonly victimSignal: NodeJS.Signals | null;
}

/**
 * Start `setup.workers` crash-worker processes on one study; once all are ready, let them go at once;
 * SIGKILL the victim as soon as `killWhen` accepts the trials it has started (the last one being
 * the trial it just began); wait for the others to finish.
 */
async function crashRun(setup: RunSetup, storageUrl: string, studyName: string, killWhen: (started: readonly number[]) => boolean): Promise<CrashRun> {
  const { workers: WORKERS, maxTrials: MAX_TRIALS, cwd, execArgv } = setup;
  const children: ChildProcessWithoutNullStreams[] = [];
  const victimStarted: number[] = [];
  const ready: Promise<void>[] = [];
  const exits: Promise<{ worker: number; report?: WorkerReport; signal: NodeJS.Signals | null }>[] = [];
  for (let worker = 0; worker < WORKERS; worker++) {
    const child = spawn(process.execPath, [...execArgv, workerFile, storageUrl, studyName, String(MAX_TRIALS), String(worker)], { cwd });
    children.push(child);
    let stdout = '';
    let stderr = '';
    let pending = '';
    let killed = false;
    let onReady!: () => void;
    ready.push(new Promise<void>((resolve) => (onReady = resolve)));
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      pending += chunk;
      let newline = pending.indexOf('\n');
      while (newline >= 0) {
        const line = pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        newline = pending.indexOf('\n');
        if (line === 'ready') onReady();
        if (worker === VICTIM && line.startsWith('start ') && !killed) {
          victimStarted.push(Number(line.split(' ')[1]));
          // Mid-trial: its params are stored, its objective is sleeping, its heartbeat is ticking.
          if (killWhen(victimStarted)) {
            killed = true;
            child.kill('SIGKILL');
          }
        }
      }
    });
    child.stderr.on('data', (chunk) => (stderr += chunk));
    exits.push(
      new Promise((resolve, reject) => {
        child.on('error', reject);
        child.on('close', (code, signal) => {
          if (worker === VICTIM) return resolve({ worker, signal });
          const doneLine = stdout.split('\n').find((line) => line.startsWith('done '));
          if (code !== 0 || doneLine === undefined) return reject(new Error(`worker ${worker} exited with ${code ?? signal}: ${stderr}\n${stdout.slice(-2000)}`));
          resolve({ worker, report: JSON.parse(doneLine.slice('done '.length)) as WorkerReport, signal });
        });
      }),
    );
  }
  try {
    await Promise.race([Promise.all(ready), Promise.all(exits)]);
    for (const child of children) child.stdin.end('go\n');
    const results = await Promise.all(exits);
    const reports = new Map<number, WorkerReport>();
    for (const result of results) if (result.report !== undefined) reports.set(result.worker, result.report);
    return { reports, victimStarted, victimSignal: results[VICTIM]?.signal ?? null };
  } finally {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

/**
 * The checks a crash must pass on any storage, given every trial of the study afterwards.
 * `retryMayBeDisplaced`: see the second test.
 */
function expectRecovered(setup: RunSetup, trials: readonly FrozenTrial[], run: CrashRun, { retryMayBeDisplaced = false } = {}): void {
  const { workers: WORKERS, maxTrials: MAX_TRIALS } = setup;
  const byState = (state: string) => trials.filter((trial) => trial.state === state);
  const killedNumber = run.victimStarted.at(-1) as number;
  // Exactly the cap completed; nothing is left running; the only failure is the killed trial.
  expect(byState('complete')).toHaveLength(MAX_TRIALS);
  expect(byState('running')).toEqual([]);
  expect(byState('pruned')).toEqual([]);
  expect(byState('fail').map((trial) => trial.number)).toEqual([killedNumber]);
  // Dense, unique numbers and ids.
  expect(trials.map((trial) => trial.number)).toEqual(trials.map((_, index) => index));
  expect(new Set(trials.map((trial) => trial.trialId)).size).toBe(trials.length);
  // The victim really ran before it died: it finished the trials it started earlier.
  expect(run.victimSignal).toBe('SIGKILL');
  for (const number of run.victimStarted.slice(0, -1)) expect(trials[number]?.state).toBe('complete');

  const killed = trials[killedNumber] as FrozenTrial;
  expect(String(killed.systemAttrs.fail_reason)).toMatch(/^Heartbeat stopped/);
  expect(Object.keys(killed.params).sort()).toEqual(['k', 'x']);

  const retries = trials.filter((trial) => trial.systemAttrs.failed_trial !== undefined);
  expect(retries).toHaveLength(1);
  const retry = retries[0] as FrozenTrial;
  expect(retry.number).toBeGreaterThan(killed.number);
  expect(retry.systemAttrs.failed_trial).toBe(killed.number);
  expect(retry.systemAttrs.retry_history).toEqual([killed.number]);
  if (retryMayBeDisplaced && retry.state === 'waiting') {
    // Another worker's new trial took the freed place first; the retry waits (with the params
    // still to be applied) for a later optimize.
    expect(retry.systemAttrs.fixed_params).toEqual(killed.params);
    expect(byState('waiting')).toEqual([retry]);
  } else {
    expect(retry.state).toBe('complete');
    expect(retry.params).toEqual(killed.params);
    expect(byState('waiting')).toEqual([]);
  }

  // Every complete trial was finished by exactly one worker (the victim's before it died), with the value of its own params.
  const told = [...run.reports.values()].flatMap((report) => report.finished);
  for (const [, state] of told) expect(state).toBe('complete');
  const finishers = [...told.map(([number]) => number), ...run.victimStarted.slice(0, -1)];
  expect(finishers.sort((a, b) => a - b)).toEqual(byState('complete').map((trial) => trial.number));
  for (const trial of byState('complete')) {
    const { x, k } = trial.params as { x: number; k: number };
    expect(trial.values).toEqual([x * x + k]);
  }
  expect(run.reports.size).toBe(WORKERS - 1);
  for (const report of run.reports.values()) {
    expect(report.stoppedBy).toBe('maxTrials');
    expect(report.finished.length, `worker ${report.worker} ran trials`).toBeGreaterThan(0);
  }
}

/**
 * Crash recovery through the public Study API, for any persistent storage: `workers` processes
 * share one study (`loadIfExists`, heartbeats, `retryFailedTrials`, a study-wide `maxTrials`), one
 * of them is SIGKILLed mid-trial. Afterwards exactly `maxTrials` trials are complete, numbers are
 * dense and unique, nothing is left running, the killed trial failed with a heartbeat reason and
 * its retry ran (or, killed near the cap, waits with) the same params.
 */
export function describeCrashRecovery(name: string, options: CrashRecoveryOptions): void {
  const setup: RunSetup = {
    workers: options.workers,
    maxTrials: options.maxTrials,
    cwd: options.cwd,
    execArgv: options.execArgv ?? (fromSource ? ['--import', 'tsx', '--conditions=source'] : []),
  };
  const timeout = options.timeoutMs ?? 60_000;
  const withPlace = async (body: (place: CrashRecoveryPlace) => Promise<void>) => {
    const place = await options.prepare();
    try {
      await body(place);
    } finally {
      await place.cleanup?.();
    }
  };

  describe(`crash recovery through the Study API: ${name}`, () => {
    it(`${setup.workers} worker processes, one SIGKILLed mid-trial: exactly maxTrials complete, the dead trial failed and retried`, async () => {
      await withPlace(async (place) => {
        const run = await crashRun(setup, place.url, 'crash', (started) => started.length === KILL_AT);
        expect(run.victimStarted).toHaveLength(KILL_AT);
        expectRecovered(setup, await place.readTrials('crash'), run);
      });
    }, timeout);

    it('a worker killed in one of the last trials: the others wait at the cap for its heartbeat to expire, then replace it', async () => {
      // The survivors reach maxTrials while the dead trial still counts as running. Stopping there
      // would leave maxTrials - 1 complete and a zombie RUNNING trial; they must wait, fail it and
      // run its retry. (Failing a trial and enqueuing its retry are two transactions: a survivor
      // that asks between them may take the freed place with a new trial, leaving the retry waiting.)
      await withPlace(async (place) => {
        const run = await crashRun(setup, place.url, 'crash-at-cap', (started) => (started.at(-1) as number) >= setup.maxTrials - 3 * setup.workers);
        expect(run.victimSignal, 'the victim started one of the last trials and was killed').toBe('SIGKILL');
        expectRecovered(setup, await place.readTrials('crash-at-cap'), run, { retryMayBeDisplaced: true });
      });
    }, timeout);
  });
}
