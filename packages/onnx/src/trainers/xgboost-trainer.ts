import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError, TunekitError } from '@tunekit/core';
import { TrainerProcessError } from '../errors/trainer-process-error.js';
import { metricDirection } from '../metrics/evaluate-metric.js';
import { OnnxBoostedModel } from '../onnx-boosted-model.js';
import { toXGBoostModel } from '../xgboost/xgboost-json-to-onnx.js';
import { firstRounds, roundCount, type XGBoostModel } from '../xgboost/xgboost-model.js';
import { writeLibsvm, type Dataset } from './dataset.js';
import { parseXGBoostEvalLine } from './parse-xgboost-eval-line.js';
import { parseJsonMetricLine, runTrainingProcess } from './run-training-process.js';
import type { Trainer, TrainingStep } from './trainer.js';
import { XGBOOST_PYTHON_SCRIPT } from './xgboost-python-script.js';

/** An XGBoost parameter value as written to a config file. */
export type XGBoostParamValue = number | string | boolean;

/**
 * XGBoost parameters of one training run (`eta`, `max_depth`, `subsample`, ...), as XGBoost names
 * them, plus `num_round`: the number of boosting rounds.
 */
export type XGBoostParams = Readonly<Record<string, XGBoostParamValue>> & { readonly num_round: number };

export interface XGBoostTrainerOptions {
  readonly train: Dataset;
  readonly valid: Dataset;
  /** `binary:logistic`, `multi:softprob` (needs `num_class` in params or here), `reg:squarederror`, ... */
  readonly objective: string;
  /** Number of classes of a `multi:*` objective. */
  readonly numClass?: number;
  /** XGBoost `eval_metric` reported each round on `valid` (e.g. `'logloss'`, `'auc'`, `'rmse'`). */
  readonly metric: string;
  /**
   * `'cli'`: Debian's `xgboost` program with a config file; `'python'`: Python's `xgboost`
   * package; `'auto'` (default): the CLI when found, else Python.
   */
  readonly runner?: 'auto' | 'cli' | 'python';
  /** The `xgboost` program. Default: `xgboost` on PATH, else `/usr/bin/xgboost`. */
  readonly xgboostPath?: string;
  /** Python with the xgboost package. Default: `python3` on PATH if it has xgboost, else `/usr/bin/python3`. */
  readonly pythonPath?: string;
  /** `nthread` of each training run. Default 1 (trials may run concurrently). */
  readonly threads?: number;
  /**
   * Stop a run when the metric has not improved for this many rounds: the process is killed and
   * the best round's model is recovered from the `save_period` checkpoints. Default: off.
   */
  readonly earlyStoppingRounds?: number;
  /** Parameters every run gets (params given per run win). */
  readonly baseParams?: Readonly<Record<string, XGBoostParamValue>>;
  /** Engine of the returned models. Default `'native'`. */
  readonly engine?: 'native' | 'onnxruntime';
  /** Every output line of the XGBoost process. */
  readonly onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** Called with the pid of each XGBoost process when it starts. */
  readonly onStart?: (pid: number) => void;
  /** Keep data, configs and checkpoints (under `trainer.workDir`). */
  readonly keepFiles?: boolean;
}

/** What one XGBoost training run produced. */
export interface XGBoostTrainingResult {
  /** The best round's model (rounds after the best one dropped), ready to predict in Node. */
  readonly model: OnnxBoostedModel;
  /** The full parsed model as trained (or as recovered from its last checkpoint). */
  readonly xgboostModel: XGBoostModel;
  /** 0-based index of the best round; the model keeps rounds `0..bestRound`. */
  readonly bestRound: number;
  /** XGBoost's validation metric at the best round. */
  readonly bestValue: number;
  /** Rounds trained before the run ended. */
  readonly roundsTrained: number;
  readonly stoppedEarly: boolean;
  readonly history: readonly TrainingStep[];
  readonly runner: 'cli' | 'python';
}

/** A trainer of real XGBoost models; `dispose()` removes its working files. */
export type XGBoostTrainer = Trainer<XGBoostParams, XGBoostTrainingResult> & {
  readonly workDir: Promise<string>;
  dispose(): Promise<void>;
};

function findOnPath(program: string): string | undefined {
  const found = spawnSync('sh', ['-c', `command -v ${program}`], { encoding: 'utf8' });
  const path = found.stdout.trim();
  return found.status === 0 && path !== '' ? path : undefined;
}

/** Resolve which runner and program to use. */
export function resolveXGBoostRunner(options: Pick<XGBoostTrainerOptions, 'runner' | 'xgboostPath' | 'pythonPath'>): { runner: 'cli' | 'python'; program: string } {
  const runner = options.runner ?? 'auto';
  if (runner !== 'auto' && runner !== 'cli' && runner !== 'python') throw new InvalidArgumentError('runner', runner, "'auto', 'cli' or 'python'");
  if (runner !== 'python') {
    const cli = options.xgboostPath ?? findOnPath('xgboost') ?? (existsSync('/usr/bin/xgboost') ? '/usr/bin/xgboost' : undefined);
    if (cli !== undefined) return { runner: 'cli', program: cli };
    if (runner === 'cli') throw new TrainerProcessError('xgboost', 'the xgboost command-line program was not found (Debian/Ubuntu: apt-get install xgboost)');
  }
  // The first Python that has xgboost: python3 on PATH may be a virtualenv without it.
  const candidates = options.pythonPath === undefined ? ['python3', '/usr/bin/python3'] : [options.pythonPath];
  const python = candidates.find((candidate) => spawnSync(candidate, ['-c', 'import xgboost'], { stdio: 'ignore' }).status === 0);
  if (python === undefined) {
    const what = runner === 'python' ? `Python xgboost was not found (tried ${candidates.join(', ')})` : `neither the xgboost program nor Python xgboost (${candidates.join(', ')}) was found`;
    throw new TrainerProcessError(candidates[0] as string, `${what}: apt-get install xgboost python3-xgboost, or pip install xgboost`);
  }
  return { runner: 'python', program: python };
}

function configValue(value: XGBoostParamValue): string {
  if (typeof value === 'boolean') return value ? '1' : '0';
  return String(value);
}

const RESERVED = new Set(['num_round', 'data', 'model_out', 'model_dir', 'save_period', 'task', 'eval_train', 'test:data', 'model_in']);

/** Checkpoint files of a run, newest first: `[rounds, path]`. */
async function checkpoints(directory: string): Promise<[number, string][]> {
  const names = existsSync(directory) ? await readdir(directory) : [];
  return names
    .map((name) => /^(\d+)\.(model|json)$/.exec(name))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => [Number(match[1]), join(directory, match[0])] as [number, string])
    .sort((a, b) => b[0] - a[0]);
}

/**
 * Train real XGBoost models under a trial's control. Each call writes a config, starts XGBoost as
 * a child process (the `xgboost` CLI, or Python), reports the validation metric of every round to
 * the trial (`step` = 0-based round), kills the process when the trial is pruned (or on
 * `earlyStoppingRounds`), and returns the best round's model parsed from XGBoost's own file
 * (CLI: legacy binary; Python: JSON), converted for evaluation in Node.
 *
 * The metric's direction decides the best round: `auc`, `aucpr`, `map`, `ndcg` are maximised, the
 * rest minimised. The study's direction must agree with it (`tuneXGBoost` sees to that).
 */
export function createXGBoostTrainer(options: XGBoostTrainerOptions): XGBoostTrainer {
  if (typeof options.metric !== 'string' || options.metric === '') throw new InvalidArgumentError('metric', options.metric, "an XGBoost eval_metric such as 'logloss' or 'auc'");
  if (typeof options.objective !== 'string' || options.objective === '') throw new InvalidArgumentError('objective', options.objective, "an XGBoost objective such as 'binary:logistic'");
  const threads = options.threads ?? 1;
  if (!Number.isSafeInteger(threads) || threads < 1) throw new InvalidArgumentError('threads', threads, 'a positive integer');
  const patience = options.earlyStoppingRounds;
  if (patience !== undefined && (!Number.isSafeInteger(patience) || patience < 1)) throw new InvalidArgumentError('earlyStoppingRounds', patience, 'a positive integer');
  const { runner, program } = resolveXGBoostRunner(options);
  const direction = metricDirection(options.metric);
  const better = (a: number, b: number) => (direction === 'maximize' ? a > b : a < b);

  let prepared: Promise<{ workDir: string; train: string; valid: string; nFeatures: number }> | undefined;
  const prepare = () => {
    prepared ??= (async () => {
      const workDir = await mkdtemp(join(tmpdir(), 'tunekit-xgboost-'));
      const train = join(workDir, 'train.libsvm');
      const valid = join(workDir, 'valid.libsvm');
      const trainShape = await writeLibsvm(train, options.train, 'train');
      const validShape = await writeLibsvm(valid, options.valid, 'valid');
      if (trainShape.nFeatures !== validShape.nFeatures) throw new InvalidArgumentError('valid.x', `${validShape.nFeatures} features`, `the ${trainShape.nFeatures} features of train.x`);
      return { workDir, train, valid, nFeatures: trainShape.nFeatures };
    })();
    return prepared;
  };

  let runs = 0;
  const train: Trainer<XGBoostParams, XGBoostTrainingResult> = async (params, context) => {
    const numRound = params.num_round;
    if (!Number.isSafeInteger(numRound) || numRound < 1) throw new InvalidArgumentError('params.num_round', numRound, 'a positive integer');
    const data = await prepare();
    const runDir = join(data.workDir, `run-${runs++}-trial-${context.trial.number}`);
    const checkpointDir = join(runDir, 'checkpoints');
    await mkdir(checkpointDir, { recursive: true });
    // Checkpoints only matter when a run is cut short on purpose; close enough that one exists
    // at or after the best round when early stopping kills the process (a checkpoint being
    // written at that moment may be incomplete, hence half the patience).
    const savePeriod = patience === undefined ? 0 : Math.max(1, Math.floor(patience / 2));
    const merged: Record<string, XGBoostParamValue> = {
      objective: options.objective,
      eval_metric: options.metric,
      nthread: threads,
      num_feature: data.nFeatures,
      ...(options.numClass === undefined ? {} : { num_class: options.numClass }),
      ...options.baseParams,
      ...params,
    };
    for (const key of Object.keys(merged)) if (RESERVED.has(key)) delete merged[key];
    const metricKey = `valid-${options.metric}`;
    const stopAfter = patience === undefined ? undefined : (history: readonly TrainingStep[]) => {
      let best = 0;
      for (let index = 1; index < history.length; index++) if (better((history[index] as TrainingStep).value, (history[best] as TrainingStep).value)) best = index;
      return history.length - 1 - best >= patience;
    };
    let modelOut: string;
    let spec: Parameters<typeof runTrainingProcess>[0];
    if (runner === 'cli') {
      modelOut = join(runDir, 'final.model');
      const lines = [
        'task = train',
        ...Object.entries(merged).map(([key, value]) => `${key} = ${configValue(value)}`),
        `num_round = ${numRound}`,
        `save_period = ${savePeriod}`,
        `data = "${data.train}?format=libsvm"`,
        `eval[valid] = "${data.valid}?format=libsvm"`,
        `model_dir = ${checkpointDir}`,
        `model_out = ${modelOut}`,
      ];
      const configPath = join(runDir, 'train.conf');
      await writeFile(configPath, `${lines.join('\n')}\n`);
      spec = {
        command: program,
        args: [configPath],
        cwd: runDir,
        metricStream: 'stderr',
        parseLine: (line) => {
          const parsed = parseXGBoostEvalLine(line);
          if (parsed === undefined) return undefined;
          const value = parsed.values[metricKey];
          if (value === undefined) throw new TrainerProcessError(program, `no '${metricKey}' in the evaluation line: ${line}`);
          return { step: parsed.round, value };
        },
        onLine: options.onLine,
        onStart: options.onStart,
        stopAfter,
      };
    } else {
      modelOut = join(runDir, 'final.json');
      const configPath = join(runDir, 'train.json');
      await writeFile(configPath, JSON.stringify({ params: merged, num_round: numRound, train: data.train, valid: data.valid, metric: options.metric, save_period: savePeriod, checkpoint_dir: checkpointDir, model_out: modelOut }));
      spec = { command: program, args: ['-c', XGBOOST_PYTHON_SCRIPT, configPath], cwd: runDir, metricStream: 'stdout', parseLine: parseJsonMetricLine, onLine: options.onLine, onStart: options.onStart, stopAfter };
    }
    try {
      const run = await runTrainingProcess(spec, context);
      const history = run.history;
      if (history.length === 0) throw new TrainerProcessError(program, `reported no '${metricKey}' values`, { exitCode: 0 });
      let bestRound = 0;
      for (let index = 1; index < history.length; index++) if (better((history[index] as TrainingStep).value, (history[bestRound] as TrainingStep).value)) bestRound = index;
      const xgboostModel = await readTrainedModel(run.stoppedEarly, modelOut, checkpointDir, numRound, bestRound + 1, program);
      const best = firstRounds(xgboostModel, Math.min(bestRound + 1, roundCount(xgboostModel)));
      const model = await OnnxBoostedModel.fromXGBoost(best, { engine: options.engine ?? 'native' });
      return {
        model,
        xgboostModel,
        bestRound,
        bestValue: (history[bestRound] as TrainingStep).value,
        roundsTrained: history.length,
        stoppedEarly: run.stoppedEarly,
        history,
        runner,
      };
    } finally {
      if (options.keepFiles !== true) await rm(runDir, { recursive: true, force: true });
    }
  };

  return Object.assign(train, {
    get workDir() {
      return prepare().then((data) => data.workDir);
    },
    async dispose() {
      if (prepared === undefined || options.keepFiles === true) return;
      const { workDir } = await prepared.catch(() => ({ workDir: undefined }));
      if (workDir !== undefined) await rm(workDir, { recursive: true, force: true });
      prepared = undefined;
    },
  });
}

/**
 * The model of a finished run: the final model (`model_out`, or the CLI's last checkpoint when
 * `save_period` divides `num_round`), else, after early stopping killed the process, the newest
 * readable checkpoint holding at least `neededRounds` rounds (the one being written when the
 * process was killed may be cut off).
 */
async function readTrainedModel(stoppedEarly: boolean, modelOut: string, checkpointDir: string, numRound: number, neededRounds: number, program: string): Promise<XGBoostModel> {
  const candidates: [number, string][] = [...(existsSync(modelOut) ? [[numRound, modelOut] as [number, string]] : []), ...(await checkpoints(checkpointDir))];
  for (const [rounds, path] of candidates) {
    if (rounds < neededRounds) break;
    try {
      return toXGBoostModel(new Uint8Array(await readFile(path)));
    } catch (error) {
      if (!stoppedEarly) throw error;
      // Cut off while being written when the process was killed: try the previous one.
    }
  }
  if (!stoppedEarly) throw new TrainerProcessError(program, `finished without writing its model (${modelOut})`, { exitCode: 0 });
  throw new TunekitError(`no checkpoint in ${checkpointDir} holds the best round (${neededRounds} rounds)`, { code: 'CHECKPOINT_MISSING' });
}
