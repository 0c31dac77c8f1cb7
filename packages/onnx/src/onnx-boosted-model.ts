import { readFile, writeFile } from 'node:fs/promises';
import { InvalidArgumentError, TunekitError } from '@tunekit/core';
import { OnnxModelError } from './errors/onnx-model-error.js';
import { availableParallelism } from 'node:os';
import { applyTransform, CompiledForest, type CompileMode } from './evaluator/compiled-forest.js';
import { MIN_PARALLEL_ROWS, ParallelForest } from './evaluator/parallel-forest.js';
import { inspectTreeEnsemble, type TreeEnsembleSignature } from './inspect-tree-ensemble.js';
import { loadOnnxRuntime, type OrtSession, type OrtSessionOptions } from './load-onnx-runtime.js';
import { toRowMatrix, type RowMatrix, type Rows } from './to-row-matrix.js';
import { toXGBoostModel, xgboostJsonToOnnx } from './xgboost/xgboost-json-to-onnx.js';
import { firstRounds, objectiveInfo, roundCount, type XGBoostModel } from './xgboost/xgboost-model.js';

/**
 * Which evaluator runs the trees. `'onnxruntime'`: the ONNX model in onnxruntime-node (any ONNX
 * tree ensemble). `'native'`: tunekit's own JavaScript evaluator of XGBoost models (flat typed
 * arrays, XGBoost's float32 arithmetic), no native dependency.
 */
export type BoostedModelEngine = 'onnxruntime' | 'native';

export interface LoadOnnxOptions {
  /** onnxruntime session options (threads, graph optimisation level, ...). */
  readonly sessionOptions?: OrtSessionOptions;
  /** The graph output `predict` returns. Default: the classifier's probabilities, else the first float output. */
  readonly outputName?: string;
  /** Rows per `session.run` call (bounds memory on huge inputs). Default 65,536. */
  readonly batchSize?: number;
}

export interface FromXGBoostOptions {
  /** Use only the first `ntreeLimit` boosting rounds (XGBoost's `iteration_range=(0, k)`). */
  readonly ntreeLimit?: number;
  /** Default `'native'` (as fast as XGBoost's own predict, see the package README); `'onnxruntime'` runs the converted ONNX model. */
  readonly engine?: BoostedModelEngine;
  /** ai.onnx.ml opset of the ONNX model (`toOnnx()`, and what onnxruntime runs). Default 3. */
  readonly opset?: 3 | 5;
  /**
   * Native engine: generate JavaScript for the trees (`'auto'`, default: once enough rows went
   * through to pay for compiling; `'always'`; `'never'`: walk node arrays only).
   */
  readonly compile?: CompileMode;
  /**
   * Native engine: threads for calls of at least 4,096 rows (worker threads running the generated
   * code). Default: `os.availableParallelism()` up to 8, as XGBoost and onnxruntime use every core.
   */
  readonly threads?: number;
  readonly sessionOptions?: OrtSessionOptions;
  readonly batchSize?: number;
}

export interface PredictLabelsOptions {
  /**
   * Binary classifiers: predict class 1 when its probability is `> threshold` (default 0.5, as
   * XGBoost's scikit-learn wrapper). Ignored for multi-class models (argmax).
   */
  readonly threshold?: number;
}

interface Engine {
  readonly name: BoostedModelEngine;
  run(rows: RowMatrix): Promise<Float32Array>;
  dispose(): Promise<void>;
}

const DEFAULT_BATCH = 65_536;

function checkBatchSize(value: number | undefined): number {
  if (value === undefined) return DEFAULT_BATCH;
  if (!Number.isSafeInteger(value) || value < 1) throw new InvalidArgumentError('batchSize', value, 'a positive integer');
  return value;
}

class OnnxRuntimeEngine implements Engine {
  readonly name = 'onnxruntime';
  #session: OrtSession | undefined;

  constructor(
    session: OrtSession,
    readonly signature: TreeEnsembleSignature,
    readonly batchSize: number,
    readonly ort: typeof import('onnxruntime-node'),
  ) {
    this.#session = session;
  }

  async run(rows: RowMatrix): Promise<Float32Array> {
    const session = this.#session;
    if (session === undefined) throw new TunekitError('predict after dispose(): the model was disposed (its onnxruntime session is released)', { code: 'MODEL_DISPOSED' });
    const { inputName, inputType, outputName, nFeatures } = this.signature;
    if (rows.nRows === 0) return new Float32Array(0);
    const parts: Float32Array[] = [];
    let total = 0;
    for (let start = 0; start < rows.nRows; start += this.batchSize) {
      const count = Math.min(this.batchSize, rows.nRows - start);
      const slice = rows.data.subarray(start * nFeatures, (start + count) * nFeatures);
      const data = inputType === 'float64' ? Float64Array.from(slice) : slice;
      const tensor = new this.ort.Tensor(inputType, data, [count, nFeatures]);
      const result = await session.run({ [inputName]: tensor }, [outputName]);
      const output = result[outputName];
      if (output === undefined) throw new OnnxModelError('runtime', 'onnxruntime', `no output '${outputName}' in the session result`);
      const values = output.data;
      parts.push(values instanceof Float32Array ? values : Float32Array.from(values as ArrayLike<number>));
      total += values.length;
    }
    if (parts.length === 1) return parts[0] as Float32Array;
    const out = new Float32Array(total);
    let offset = 0;
    for (const part of parts) {
      out.set(part, offset);
      offset += part.length;
    }
    return out;
  }

  async dispose(): Promise<void> {
    const session = this.#session;
    this.#session = undefined;
    await session?.release();
  }
}

class NativeEngine implements Engine {
  readonly name = 'native';
  #parallel: ParallelForest | undefined;
  #disposed = false;

  constructor(
    readonly forest: CompiledForest,
    readonly twoColumns: boolean,
    readonly threads: number,
  ) {}

  async run(rows: RowMatrix): Promise<Float32Array> {
    if (this.#disposed) throw new TunekitError('predict after dispose(): the model was disposed', { code: 'MODEL_DISPOSED' });
    const forest = this.forest;
    let margins: Float32Array | undefined;
    if (this.threads > 1 && rows.nRows >= MIN_PARALLEL_ROWS) {
      forest.compile();
      const code = forest.compiledCode;
      if (code !== undefined) {
        this.#parallel ??= new ParallelForest(code.chunks, code.functions, this.threads);
        margins = new Float32Array(rows.nRows * forest.nGroups).fill(forest.baseMargin);
        await this.#parallel.accumulate(rows.data, rows.nRows, forest.nFeatures, margins);
      }
    }
    margins ??= forest.margins(rows.data, rows.nRows);
    return applyTransform(forest.transform, margins, forest.nGroups, this.twoColumns);
  }

  async dispose(): Promise<void> {
    this.#disposed = true;
    await this.#parallel?.dispose();
    this.#parallel = undefined;
  }
}

function checkThreads(value: number | undefined): number {
  if (value === undefined) return Math.min(8, availableParallelism());
  if (!Number.isSafeInteger(value) || value < 1) throw new InvalidArgumentError('threads', value, 'a positive integer');
  return value;
}

async function createSession(bytes: Uint8Array, source: string, sessionOptions: OrtSessionOptions | undefined): Promise<{ session: OrtSession; ort: typeof import('onnxruntime-node') }> {
  const ort = await loadOnnxRuntime();
  try {
    return { session: await ort.InferenceSession.create(bytes, sessionOptions ?? {}), ort };
  } catch (error) {
    throw new OnnxModelError('runtime', source, `onnxruntime could not load the model: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * A gradient-boosted tree model ready to predict in Node: an ONNX tree ensemble run by
 * onnxruntime-node (`load`), or an XGBoost model (`fromXGBoostJson`) run by tunekit's native
 * evaluator or, converted to ONNX, by onnxruntime.
 *
 * `predict(rows)` returns a flat `Float32Array` with `nOutputs` values per row: the prediction of
 * a regressor (after the objective's transform: a probability for `reg:logistic`, a rate for
 * `count:poisson`, a raw score for `binary:logitraw`), or the class probabilities of a
 * classifier (`[1 - p, p]` for a binary one). Missing values (NaN or `null`) follow the
 * model's learned default directions.
 */
export class OnnxBoostedModel {
  readonly task: 'regression' | 'classification';
  readonly nFeatures: number;
  /** Class labels of a classifier, in the order of the probability columns. */
  readonly classLabels: readonly (number | string)[] | undefined;
  /** The XGBoost objective, for models converted from XGBoost. */
  readonly objective: string | undefined;
  /** Boosting rounds in use, for models converted from XGBoost. */
  readonly nRounds: number | undefined;
  #nOutputs: number | undefined;
  readonly #engine: Engine;
  readonly #xgboost: XGBoostModel | undefined;
  readonly #options: FromXGBoostOptions;
  #onnx: Uint8Array | undefined;

  private constructor(parts: {
    task: 'regression' | 'classification';
    nFeatures: number;
    nOutputs: number | undefined;
    classLabels: readonly (number | string)[] | undefined;
    engine: Engine;
    xgboost?: XGBoostModel;
    onnx?: Uint8Array;
    options?: FromXGBoostOptions;
  }) {
    this.task = parts.task;
    this.nFeatures = parts.nFeatures;
    this.#nOutputs = parts.nOutputs;
    this.classLabels = parts.classLabels;
    this.#engine = parts.engine;
    this.#xgboost = parts.xgboost;
    this.#onnx = parts.onnx;
    this.#options = parts.options ?? {};
    this.objective = parts.xgboost?.objective;
    this.nRounds = parts.xgboost === undefined ? undefined : roundCount(parts.xgboost);
  }

  /**
   * Load an ONNX tree-ensemble model (a file path or its bytes) into onnxruntime. Accepts
   * `ai.onnx.ml` `TreeEnsembleRegressor` / `TreeEnsembleClassifier` (opsets 1-3) and the opset-5
   * `TreeEnsemble`, with any standard operators around them. Throws `OnnxModelError` for a file
   * that is not ONNX (`corrupt`), has no tree ensemble (`not-tree-ensemble`), or that onnxruntime
   * refuses (`runtime`).
   */
  static async load(pathOrBytes: string | URL | Uint8Array, options: LoadOnnxOptions = {}): Promise<OnnxBoostedModel> {
    const batchSize = checkBatchSize(options.batchSize);
    let bytes: Uint8Array;
    let source: string;
    if (pathOrBytes instanceof Uint8Array) {
      bytes = pathOrBytes;
      source = '<bytes>';
    } else if (typeof pathOrBytes === 'string' || pathOrBytes instanceof URL) {
      source = String(pathOrBytes);
      bytes = await readFile(pathOrBytes);
    } else {
      throw new InvalidArgumentError('OnnxBoostedModel.load pathOrBytes', pathOrBytes, 'a file path, a file URL or a Uint8Array of ONNX bytes');
    }
    const { signature } = inspectTreeEnsemble(bytes, source, options.outputName);
    const { session, ort } = await createSession(bytes, source, options.sessionOptions);
    return new OnnxBoostedModel({
      task: signature.task,
      nFeatures: signature.nFeatures,
      nOutputs: signature.nOutputs,
      classLabels: signature.classLabels,
      engine: new OnnxRuntimeEngine(session, signature, batchSize, ort),
      onnx: bytes,
    });
  }

  /**
   * An XGBoost model from its JSON (`booster.save_model('m.json')`, XGBoost 1.7+; text or the
   * parsed document). Objectives: `reg:squarederror`, `reg:logistic`, `binary:logistic`,
   * `binary:logitraw`, `multi:softprob`, `multi:softmax`, `count:poisson`. Throws
   * `XGBoostModelError` naming the field for anything else.
   */
  static async fromXGBoostJson(json: string | object, options: FromXGBoostOptions = {}): Promise<OnnxBoostedModel> {
    return OnnxBoostedModel.fromXGBoost(toXGBoostModel(json), options);
  }

  /** An XGBoost model file: JSON, or the legacy binary format the `xgboost` CLI writes. */
  static async fromXGBoostFile(path: string | URL, options: FromXGBoostOptions = {}): Promise<OnnxBoostedModel> {
    return OnnxBoostedModel.fromXGBoost(toXGBoostModel(new Uint8Array(await readFile(path))), options);
  }

  /** An already parsed XGBoost model, JSON text or document, or legacy binary bytes. */
  static async fromXGBoost(input: XGBoostModel | string | object | Uint8Array, options: FromXGBoostOptions = {}): Promise<OnnxBoostedModel> {
    const batchSize = checkBatchSize(options.batchSize);
    let model = toXGBoostModel(input);
    if (options.ntreeLimit !== undefined) model = firstRounds(model, options.ntreeLimit);
    const info = objectiveInfo(model);
    const classification = info.task === 'classification';
    const nClasses = classification ? Math.max(2, model.nClasses) : 0;
    const common = {
      task: info.task,
      nFeatures: model.nFeatures,
      nOutputs: classification ? nClasses : 1,
      classLabels: classification ? Array.from({ length: nClasses }, (_, index) => index) : undefined,
      xgboost: model,
      options: { ...options, ntreeLimit: undefined },
    };
    const engineName = options.engine ?? 'native';
    if (engineName === 'native') {
      const forest = CompiledForest.fromXGBoost(model, { compile: options.compile ?? 'auto' });
      return new OnnxBoostedModel({ ...common, engine: new NativeEngine(forest, classification && model.nGroups === 1, checkThreads(options.threads)) });
    }
    if (engineName !== 'onnxruntime') throw new InvalidArgumentError('engine', engineName, "'native' or 'onnxruntime'");
    const bytes = xgboostJsonToOnnx(model, { opset: options.opset ?? 3 });
    const { signature } = inspectTreeEnsemble(bytes, `XGBoost ${model.objective} model`);
    const { session, ort } = await createSession(bytes, `XGBoost ${model.objective} model`, options.sessionOptions);
    return new OnnxBoostedModel({ ...common, onnx: bytes, engine: new OnnxRuntimeEngine(session, signature, batchSize, ort) });
  }

  /** The engine evaluating the trees. */
  get engine(): BoostedModelEngine {
    return this.#engine.name;
  }

  /** Values per row in `predict`'s output (known after the first prediction for some ONNX models). */
  get nOutputs(): number | undefined {
    return this.#nOutputs;
  }

  /** Values (regressors) or class probabilities (classifiers), `nOutputs` per row, row-major. */
  async predict(rows: Rows): Promise<Float32Array> {
    const matrix = toRowMatrix(rows, this.nFeatures);
    const out = await this.#engine.run(matrix);
    if (matrix.nRows > 0) {
      const width = out.length / matrix.nRows;
      if (!Number.isInteger(width)) throw new OnnxModelError('runtime', 'predict', `output of ${out.length} values for ${matrix.nRows} rows`);
      this.#nOutputs ??= width;
    }
    return out;
  }

  /** Class labels (classifiers only): argmax of the probabilities, or `p > threshold` for binary models. */
  async predictLabels(rows: Rows, options: PredictLabelsOptions = {}): Promise<(number | string)[]> {
    if (this.task !== 'classification') {
      throw new TunekitError(`predictLabels needs a classifier; this model is a regressor${this.objective === 'binary:logitraw' ? ' (binary:logitraw outputs raw scores: threshold them at 0)' : ''}`, { code: 'NOT_A_CLASSIFIER' });
    }
    const threshold = options.threshold ?? 0.5;
    if (!(threshold >= 0 && threshold <= 1)) throw new InvalidArgumentError('predictLabels threshold', threshold, 'a number in [0, 1]');
    const probabilities = await this.predict(rows);
    const width = this.#nOutputs ?? 1;
    const nRows = probabilities.length / width;
    const labels = this.classLabels ?? Array.from({ length: width }, (_, index) => index);
    const out: (number | string)[] = new Array(nRows);
    for (let row = 0; row < nRows; row++) {
      let best = 0;
      if (width === 2) best = (probabilities[row * 2 + 1] as number) > threshold ? 1 : 0;
      else for (let k = 1; k < width; k++) if ((probabilities[row * width + k] as number) > (probabilities[row * width + best] as number)) best = k;
      out[row] = labels[best] as number | string;
    }
    return out;
  }

  /**
   * The same model using only its first `rounds` boosting rounds (models from XGBoost): the
   * number of trees, tuned without retraining.
   */
  async withRounds(rounds: number): Promise<OnnxBoostedModel> {
    if (this.#xgboost === undefined) throw new TunekitError('withRounds needs a model converted from XGBoost (an ONNX file does not record its rounds)', { code: 'NOT_AN_XGBOOST_MODEL' });
    return OnnxBoostedModel.fromXGBoost(firstRounds(this.#xgboost, rounds), { ...this.#options, engine: this.engine });
  }

  /** The model as ONNX protobuf bytes (converted on first call for native XGBoost models). */
  toOnnx(): Uint8Array {
    if (this.#onnx === undefined) this.#onnx = xgboostJsonToOnnx(this.#xgboost as XGBoostModel, { opset: this.#options.opset ?? 3 });
    return this.#onnx;
  }

  /** Write `toOnnx()` to a file. */
  async save(path: string | URL): Promise<void> {
    await writeFile(path, this.toOnnx());
  }

  /** The parsed XGBoost model this was built from, if any. */
  get xgboostModel(): XGBoostModel | undefined {
    return this.#xgboost;
  }

  /** Release the onnxruntime session (no-op for the native engine). */
  async dispose(): Promise<void> {
    await this.#engine.dispose();
  }
}
