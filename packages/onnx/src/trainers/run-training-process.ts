import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { TrialPruned } from '@tunekit/core';
import { TrainerProcessError } from '../errors/trainer-process-error.js';
import type { TrainerContext, TrainingStep } from './trainer.js';

/** How to run one training process. */
export interface TrainingProcessSpec {
  readonly command: string;
  readonly args?: readonly string[];
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Which output carries the metric lines. */
  readonly metricStream: 'stdout' | 'stderr';
  /** A metric from one line of output, or `undefined` for other lines. */
  readonly parseLine: (line: string) => TrainingStep | undefined;
  /** Every output line, for logs. */
  readonly onLine?: ((line: string, stream: 'stdout' | 'stderr') => void) | undefined;
  /**
   * Called after each reported step that was not pruned; return `true` to stop training early
   * (the process is killed and the run counts as finished, e.g. for early stopping).
   */
  readonly stopAfter?: ((history: readonly TrainingStep[]) => boolean) | undefined;
  /** Called once the process has started, with its pid. */
  readonly onStart?: ((pid: number) => void) | undefined;
  /** Grace period between SIGTERM and SIGKILL. Default 2,000 ms. */
  readonly killTimeoutMs?: number;
}

/** How a training process ended (when it did not throw). */
export interface TrainingProcessResult {
  readonly history: readonly TrainingStep[];
  /** `true` when `stopAfter` ended it. */
  readonly stoppedEarly: boolean;
  readonly pid: number | undefined;
}

const TAIL_LINES = 30;

/**
 * Run a training program as a child process and put it under the trial's control: each metric
 * line becomes `trial.report(value, step)` followed by `await trial.shouldPrune()`; a prune
 * decision (or an aborted signal) kills the process, waits until it has exited, and throws
 * `TrialPruned` (or the abort reason). Lines are handled one at a time, in order, while the
 * process keeps running. A non-zero exit the trainer did not cause throws `TrainerProcessError`
 * with the last lines of output.
 */
export function runTrainingProcess(spec: TrainingProcessSpec, context: TrainerContext): Promise<TrainingProcessResult> {
  const { trial, signal } = context;
  if (signal?.aborted === true) return Promise.reject(signal.reason);
  const label = [spec.command, ...(spec.args ?? []).map((arg) => (arg.includes('\n') ? '<script>' : arg))].join(' ').slice(0, 300);
  return new Promise<TrainingProcessResult>((resolve, reject) => {
    const child = spawn(spec.command, spec.args ?? [], { cwd: spec.cwd, env: spec.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.once('spawn', () => {
      if (child.pid !== undefined) spec.onStart?.(child.pid);
    });
    const history: TrainingStep[] = [];
    const tail: string[] = [];
    let outcome: { kind: 'pruned'; error: TrialPruned } | { kind: 'aborted'; reason: unknown } | { kind: 'stopped' } | { kind: 'failed'; error: unknown } | undefined;
    let queue: Promise<void> = Promise.resolve();
    let killTimer: ReturnType<typeof setTimeout> | undefined;
    let exited = false;

    const kill = () => {
      if (exited || child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      killTimer = setTimeout(() => {
        if (!exited) child.kill('SIGKILL');
      }, spec.killTimeoutMs ?? 2000);
    };
    const onAbort = () => {
      outcome ??= { kind: 'aborted', reason: signal?.reason };
      kill();
    };
    signal?.addEventListener('abort', onAbort, { once: true });

    const handleStep = async (step: TrainingStep) => {
      if (outcome !== undefined) return;
      history.push(step);
      trial.report(step.value, step.step);
      if (await trial.shouldPrune()) {
        outcome ??= { kind: 'pruned', error: new TrialPruned(`Trial ${trial.number} pruned at step ${step.step} (value ${step.value})`) };
        kill();
        return;
      }
      if (spec.stopAfter?.(history) === true) {
        outcome ??= { kind: 'stopped' };
        kill();
      }
    };

    const watch = (stream: NodeJS.ReadableStream, name: 'stdout' | 'stderr') => {
      const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
      lines.on('line', (line) => {
        tail.push(`[${name}] ${line}`);
        if (tail.length > TAIL_LINES) tail.shift();
        spec.onLine?.(line, name);
        if (name !== spec.metricStream) return;
        let step: TrainingStep | undefined;
        try {
          step = spec.parseLine(line);
        } catch (error) {
          outcome ??= { kind: 'failed', error };
          kill();
          return;
        }
        if (step === undefined) return;
        const current = step;
        queue = queue.then(() => handleStep(current)).catch((error: unknown) => {
          outcome ??= { kind: 'failed', error };
          kill();
        });
      });
    };
    watch(child.stdout, 'stdout');
    watch(child.stderr, 'stderr');

    child.on('error', (error) => {
      exited = true;
      signal?.removeEventListener('abort', onAbort);
      const hint = (error as NodeJS.ErrnoException).code === 'ENOENT' ? ' (program not found: is it installed and on PATH?)' : '';
      reject(new TrainerProcessError(label, `could not start: ${error.message}${hint}`, { cause: error }));
    });
    // 'close' fires after the process exited and its output streams ended (all lines seen).
    child.on('close', (code, exitSignal) => {
      exited = true;
      if (killTimer !== undefined) clearTimeout(killTimer);
      signal?.removeEventListener('abort', onAbort);
      void queue.then(() => {
        const pid = child.pid;
        if (outcome?.kind === 'pruned') return reject(outcome.error);
        if (outcome?.kind === 'aborted') return reject(outcome.reason);
        if (outcome?.kind === 'failed') return reject(outcome.error);
        if (outcome?.kind === 'stopped') return resolve({ history, stoppedEarly: true, pid });
        if (code !== 0) {
          const how = exitSignal === null ? `exited with code ${code}` : `was killed by ${exitSignal}`;
          return reject(new TrainerProcessError(label, how, { exitCode: code, signal: exitSignal, stderrTail: tail.join('\n') }));
        }
        resolve({ history, stoppedEarly: false, pid });
      });
    });
  });
}

/** The JSON-lines metric protocol: `{"step": 3, "value": 0.25}` (other keys and other lines ignored). */
export function parseJsonMetricLine(line: string): TrainingStep | undefined {
  const text = line.trim();
  if (!text.startsWith('{')) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { step, value } = parsed as { step?: unknown; value?: unknown };
  if (typeof step !== 'number' || !Number.isSafeInteger(step) || step < 0 || typeof value !== 'number') return undefined;
  return { step, value };
}
