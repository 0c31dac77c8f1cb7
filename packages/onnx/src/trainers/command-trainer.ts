import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError } from '@tunekit/core';
import { TrainerProcessError } from '../errors/trainer-process-error.js';
import { parseJsonMetricLine, runTrainingProcess } from './run-training-process.js';
import type { Trainer, TrainingStep } from './trainer.js';

/** Where a trial's run happens, handed to `CommandTrainerOptions.command`. */
export interface CommandRun {
  readonly trialNumber: number;
  /** A fresh directory for this run (removed afterwards unless `keepFiles`). */
  readonly workDir: string;
  /** Where the program must write its model. */
  readonly modelPath: string;
}

/** The program to run for one parameter set. */
export interface CommandSpec {
  readonly command: string;
  readonly args?: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
}

export interface CommandTrainerOptions<Params, Model> {
  /** The program and arguments for a parameter set (pass `run.modelPath` to it). */
  readonly command: (params: Params, run: CommandRun) => CommandSpec;
  /** File name of the model inside the run's directory. Default `'model'`. */
  readonly modelFile?: string;
  /**
   * Turn the written model into what the trainer returns (read it, convert it). Default: the
   * path itself, and then the run directory of a successful run is kept.
   */
  readonly loadModel?: (modelPath: string, history: readonly TrainingStep[]) => Model | Promise<Model>;
  /** Output stream carrying the JSON metric lines. Default `'stdout'`. */
  readonly metricStream?: 'stdout' | 'stderr';
  /** Parse a metric line. Default: JSON lines `{"step": …, "value": …}`. */
  readonly parseLine?: (line: string) => TrainingStep | undefined;
  /** Every output line (for logging). */
  readonly onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** Called with the pid of each run's process when it starts. */
  readonly onStart?: (pid: number) => void;
  /** Grace period between SIGTERM and SIGKILL when a run is stopped. Default 2,000 ms. */
  readonly killTimeoutMs?: number;
  /** Keep each run's directory. Default: removed once `loadModel` has read the model, and after failed or pruned runs. */
  readonly keepFiles?: boolean;
  /** Parent of the run directories. Default: the OS temp directory. */
  readonly tmpDir?: string;
}

export interface CommandTrainingResult<Model> {
  readonly model: Model;
  /** Every step the program reported, in order. */
  readonly history: readonly TrainingStep[];
  readonly workDir: string;
}

/**
 * A trainer around any program that prints one JSON line per step, `{"step": 3, "value": 0.25}`,
 * and writes a model file: a LightGBM or CatBoost script, an LLM fine-tuning run. Each line is
 * reported to the trial; a prune kills the program (SIGTERM, then SIGKILL) and throws
 * `TrialPruned`. On a clean exit the model at `run.modelPath` is loaded with `loadModel`; a
 * missing model file or a non-zero exit is a `TrainerProcessError`.
 */
export function createCommandTrainer<Params, Model = string>(options: CommandTrainerOptions<Params, Model>): Trainer<Params, CommandTrainingResult<Model>> {
  if (typeof options.command !== 'function') throw new InvalidArgumentError('createCommandTrainer command', options.command, 'a function (params, run) => { command, args }');
  return async (params, context) => {
    const workDir = await mkdtemp(join(options.tmpDir ?? tmpdir(), `tunekit-trial-${context.trial.number}-`));
    let keep = options.keepFiles === true;
    try {
      const modelPath = join(workDir, options.modelFile ?? 'model');
      const spec = options.command(params, { trialNumber: context.trial.number, workDir, modelPath });
      const result = await runTrainingProcess(
        {
          command: spec.command,
          args: spec.args ?? [],
          cwd: spec.cwd ?? workDir,
          env: spec.env ?? process.env,
          metricStream: options.metricStream ?? 'stdout',
          parseLine: options.parseLine ?? parseJsonMetricLine,
          onLine: options.onLine,
          onStart: options.onStart,
          ...(options.killTimeoutMs === undefined ? {} : { killTimeoutMs: options.killTimeoutMs }),
        },
        context,
      );
      if (!existsSync(modelPath)) {
        throw new TrainerProcessError(spec.command, `finished without writing its model to ${modelPath}`, { exitCode: 0 });
      }
      if (options.loadModel === undefined) {
        keep = options.keepFiles !== false;
        return { model: modelPath as Model, history: result.history, workDir };
      }
      return { model: await options.loadModel(modelPath, result.history), history: result.history, workDir };
    } finally {
      if (!keep) await rm(workDir, { recursive: true, force: true });
    }
  };
}
