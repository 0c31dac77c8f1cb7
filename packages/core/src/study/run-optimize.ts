import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { TrialPruned } from '../errors/trial-pruned.js';
import { TunekitError } from '../errors/tunekit-error.js';
import { UpdateFinishedTrialError } from '../errors/update-finished-trial-error.js';
import type { FrozenTrial } from '../protocol/frozen-trial.js';
import type { Trial } from '../trial/trial.js';
import { ProgressBar, type ProgressOptions } from './progress-bar.js';
import type { Study, TellOptions } from './study.js';

/** The function under optimisation: returns a number, or one number per objective. */
export type Objective = (trial: Trial) => number | readonly number[] | Promise<number | readonly number[]>;

/** Called after each trial this `optimize` call finishes (in this process). */
export type OptimizeCallback = (study: Study, trial: FrozenTrial) => void | Promise<void>;

// biome-ignore lint: constructors of any error class
type ErrorClass = abstract new (...args: never[]) => Error;

export interface OptimizeOptions {
  /** Trials this call runs (across its concurrent slots). Default: until another limit stops it. */
  readonly nTrials?: number;
  /** Start no new trial after this many ms; running trials finish. */
  readonly timeout?: number;
  /** Trials in flight at once in this process. Default 1. */
  readonly concurrency?: number;
  /**
   * Study-wide cap: stop once the study holds this many `running` + `complete` + `pruned` trials,
   * counting every worker and process. Exact under concurrency (the storage checks it atomically).
   */
  readonly maxTrials?: number;
  /** Error classes that fail the trial but not the study. Other errors are rethrown after the running trials end. */
  readonly catch?: readonly ErrorClass[];
  readonly callbacks?: readonly OptimizeCallback[];
  /**
   * Abort to stop gracefully: no new trials; running ones see `trial.signal` aborted (as on a
   * timeout or another trial's uncaught error), end, and are recorded. `optimize` then resolves
   * with `stoppedBy: 'signal'`; an objective that gives up by throwing the abort reason or an
   * `AbortError` is recorded as failed without making `optimize` throw.
   */
  readonly signal?: AbortSignal;
  /** A progress line on a TTY (default true; never drawn when the stream is not a TTY). */
  readonly progress?: boolean | ProgressOptions;
  /** Where failed-trial warnings go. Default: one line on stderr per failed trial. `false` silences them. */
  readonly logger?: ((message: string) => void) | false;
}

/** Why `optimize` returned. */
export type StopReason = 'nTrials' | 'timeout' | 'maxTrials' | 'signal' | 'stop' | 'error';

export interface OptimizeResult {
  /** The trials this call finished, in the order they finished. */
  readonly trials: readonly FrozenTrial[];
  readonly stoppedBy: StopReason;
  readonly elapsedMs: number;
}

function checkOptions(options: OptimizeOptions): void {
  const positiveInt = (field: string, value: unknown, allowZero = false) => {
    if (value !== undefined && (!Number.isSafeInteger(value) || (value as number) < (allowZero ? 0 : 1))) {
      throw new InvalidArgumentError(`optimize ${field}`, value, allowZero ? 'a non-negative integer' : 'a positive integer');
    }
  };
  positiveInt('nTrials', options.nTrials, true);
  positiveInt('concurrency', options.concurrency);
  positiveInt('maxTrials', options.maxTrials, true);
  if (options.timeout !== undefined && (typeof options.timeout !== 'number' || !(options.timeout >= 0))) {
    throw new InvalidArgumentError('optimize timeout', options.timeout, 'a number of milliseconds >= 0');
  }
  if (options.catch !== undefined && (!Array.isArray(options.catch) || options.catch.some((item) => typeof item !== 'function'))) {
    throw new InvalidArgumentError('optimize catch', options.catch, 'an array of error classes, e.g. [RangeError]');
  }
  if (options.callbacks !== undefined && (!Array.isArray(options.callbacks) || options.callbacks.some((item) => typeof item !== 'function'))) {
    throw new InvalidArgumentError('optimize callbacks', options.callbacks, 'an array of functions (study, trial) => void');
  }
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) {
    throw new InvalidArgumentError('optimize signal', options.signal, 'an AbortSignal');
  }
}

let lastYield = 0;

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * A synchronous objective on a fast storage never gives timers and signal handlers a turn; yield
 * to the event loop every few milliseconds so `timeout`, `signal` and Ctrl-C still work.
 */
async function yieldToEventLoop(): Promise<void> {
  const now = performance.now();
  if (now - lastYield < 10) return;
  lastYield = now;
  await new Promise<void>((resolve) => setImmediate(resolve));
}

/** @internal The loop behind `study.optimize`: `concurrency` slots, each ask → objective → tell. */
export async function runOptimize(study: Study, objective: Objective, options: OptimizeOptions): Promise<OptimizeResult> {
  if (typeof objective !== 'function') throw new InvalidArgumentError('optimize objective', objective, 'a function (trial) => number');
  checkOptions(options);
  study.resetStop();
  const started = Date.now();
  const concurrency = options.concurrency ?? 1;
  const controller = new AbortController();
  let stoppedBy: StopReason | undefined;
  const stop = (reason: StopReason) => {
    stoppedBy ??= reason;
    // Only an interruption cuts running trials short (trial.signal). Reaching nTrials or maxTrials, or
    // study.stop(), just starts no new trial: the last ones in flight must finish normally.
    const interrupt = reason === 'signal' || reason === 'timeout' || reason === 'error';
    if (interrupt && !controller.signal.aborted) controller.abort(new TunekitError(`optimize stopped: ${reason}`, { code: 'OPTIMIZE_STOPPED' }));
  };
  const onAbort = () => stop('signal');
  if (options.signal?.aborted) stop('signal');
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const timer = options.timeout === undefined ? undefined : setTimeout(() => stop('timeout'), options.timeout);
  timer?.unref?.();
  const progressOptions = options.progress === false ? undefined : options.progress === true || options.progress === undefined ? {} : options.progress;
  const progress = progressOptions === undefined ? undefined : new ProgressBar({ total: options.nTrials, timeoutMs: options.timeout, direction: study.directions.length === 1 ? study.directions[0] : undefined, progress: progressOptions });
  const log = options.logger === false ? undefined : (options.logger ?? ((message: string) => process.stderr.write(`[tunekit] ${message}\n`)));
  const finished: FrozenTrial[] = [];
  let launched = 0;
  let capReached = false;
  let fatal: { error: unknown } | undefined;

  // Trials this call is running, and slots parked at the maxTrials cap waiting for one of them to
  // end (a trial that fails frees its place under the cap and must be replaced).
  let running = 0;
  let parked: (() => void)[] = [];
  const release = () => {
    running--;
    const wake = parked;
    parked = [];
    for (const resume of wake) resume();
  };

  const slot = async () => {
    for (;;) {
      await yieldToEventLoop();
      // Interruptions end every slot; reaching nTrials or the cap only ends the slot that sees it.
      if (fatal !== undefined || controller.signal.aborted) return;
      if (study.stopRequested) return stop('stop');
      // Reaching nTrials only ends this slot: the others may still be asking for trials within budget.
      if (options.nTrials !== undefined && launched >= options.nTrials) return;
      launched++;
      let trial: Trial | undefined;
      try {
        trial = await study.askInternal(undefined, { maxTrials: options.maxTrials, signal: controller.signal, shouldStop: () => controller.signal.aborted || fatal !== undefined || study.stopRequested });
      } catch (error) {
        fatal ??= { error };
        return stop('error');
      }
      if (trial === undefined) {
        // The cap is reached (or optimize began stopping while this slot was asking).
        launched--;
        if (controller.signal.aborted || fatal !== undefined || study.stopRequested) continue;
        if (running > 0) {
          await new Promise<void>((resume) => parked.push(resume));
          continue;
        }
        // Other workers' trials still hold places under the cap. With heartbeats we can tell a live
        // worker from a dead one: wait, and the next ask fails the dead one's trial and replaces it.
        if (study.heartbeat !== undefined && (await study.storage.countTrials(study.studyId, ['running'])) > 0) {
          await sleep(study.heartbeat.intervalMs, controller.signal);
          continue;
        }
        capReached = true;
        return;
      }
      running++;
      let frozen: FrozenTrial;
      try {
        frozen = await runTrial(study, trial, objective, options, controller.signal, log);
      } catch (error) {
        fatal ??= { error };
        return stop('error');
      } finally {
        release();
      }
      finished.push(frozen);
      if (frozen.state === 'fail' && log !== undefined) log(`Trial ${frozen.number} failed: ${String(frozen.systemAttrs.fail_reason ?? 'unknown reason')}`);
      progress?.update(frozen);
      try {
        for (const callback of options.callbacks ?? []) await callback(study, frozen);
      } catch (error) {
        fatal ??= { error };
        return stop('error');
      }
    }
  };

  try {
    await Promise.all(Array.from({ length: concurrency }, slot));
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    progress?.finish();
  }
  if (fatal !== undefined) throw fatal.error;
  return Object.freeze({ trials: Object.freeze(finished), stoppedBy: stoppedBy ?? (capReached ? 'maxTrials' : 'nTrials'), elapsedMs: Date.now() - started });
}

async function runTrial(study: Study, trial: Trial, objective: Objective, options: OptimizeOptions, signal: AbortSignal, log: ((message: string) => void) | undefined): Promise<FrozenTrial> {
  let values: number | readonly number[] | undefined;
  let caught: unknown;
  let threw = false;
  try {
    values = await objective(trial);
  } catch (error) {
    threw = true;
    caught = error;
  }
  if (!threw) return tellOnce(study, trial, log, values as number | readonly number[]);
  if (caught instanceof TrialPruned || (TunekitError.isInstance(caught) && caught.code === 'TRIAL_PRUNED')) {
    return tellOnce(study, trial, log, undefined, { state: 'pruned' });
  }
  const reason = caught instanceof Error ? `${caught.name}: ${caught.message}` : `Thrown value: ${String(caught)}`;
  const frozen = await tellOnce(study, trial, log, undefined, { state: 'fail', failReason: reason });
  // An objective that gave up because optimize was stopping has failed cleanly, not crashed.
  const stopping =
    signal.aborted && (caught === signal.reason || (options.signal?.aborted === true && caught === options.signal.reason) || (caught as { name?: string } | undefined)?.name === 'AbortError');
  const listed = (options.catch ?? []).some((errorClass) => caught instanceof errorClass);
  if (!stopping && !listed) throw caught;
  return frozen;
}

/**
 * `study.tell`, tolerating a trial that was finished elsewhere meanwhile (another worker failed it
 * because its heartbeat went silent during a long synchronous step, or `tunekit tell` ended it):
 * the record stands, this result is dropped with a log line, and the loop goes on instead of
 * throwing `UpdateFinishedTrialError` out of `optimize`.
 */
async function tellOnce(study: Study, trial: Trial, log: ((message: string) => void) | undefined, values: number | readonly number[] | undefined, options: TellOptions = {}): Promise<FrozenTrial> {
  try {
    return await study.tell(trial, values, options);
  } catch (error) {
    if (!(error instanceof UpdateFinishedTrialError) || error.trialId !== trial.trialId) throw error;
    const stored = await study.storage.getTrial(trial.trialId);
    log?.(`Trial ${trial.number} was already finished elsewhere (state '${stored.state}'); its result is discarded`);
    return stored;
  }
}
