import { InvalidArgumentError, SeededRandom } from '@tunekit/core';
import type { Dataset, FeatureMatrix, Label, Task } from '../data/dataset.js';
import { prepareFeatures, type FeatureRows } from '../data/prepare-dataset.js';
import type { MlRandomForestJSON } from '../export/ml-random-forest-json.js';
import type { Metric } from '../metrics/metric.js';
import { toRows, type RandomForestModel } from '../model/random-forest-model.js';
import { maxFeaturesCount, type RandomForestParams } from '../params/random-forest-params.js';
import type { ForestEngine } from './forest-engine.js';

/** The parts of an ml-random-forest model this adapter uses (ml-random-forest 2.x). */
export interface MlRandomForestInstance {
  train(x: number[][], y: number[]): void;
  predict(x: number[][]): number[];
  predictionValues(x: number[][]): { rows: number; getRow(index: number): number[] };
  toJSON(): MlRandomForestJSON;
}

interface MlRandomForestModule {
  RandomForestClassifier: new (options: object) => MlRandomForestInstance;
  RandomForestRegression: new (options: object) => MlRandomForestInstance;
}

let loaded: Promise<MlRandomForestModule> | undefined;

async function importMlRandomForest(): Promise<MlRandomForestModule> {
  loaded ??= import('ml-random-forest').then(
    (module: Record<string, unknown>) => ((module.RandomForestClassifier === undefined ? module.default : module) as MlRandomForestModule),
    (error: unknown) => {
      loaded = undefined;
      const missing = (error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND';
      if (!missing) throw error;
      throw new InvalidArgumentError('engine', 'ml-random-forest', "the ml-random-forest package installed next to @tunekit/random-forest (npm install ml-random-forest), or engine 'fast'");
    },
  );
  return loaded;
}

function rowsOf(features: FeatureMatrix, rows: ArrayLike<number> | undefined): number[][] {
  const { values, nSamples, nFeatures } = features;
  const n = rows === undefined ? nSamples : rows.length;
  const out: number[][] = new Array(n);
  for (let i = 0; i < n; i++) {
    const row = rows === undefined ? i : (rows[i] as number);
    const cells = new Array<number>(nFeatures);
    for (let f = 0; f < nFeatures; f++) cells[f] = values[f * nSamples + row] as number;
    out[i] = cells;
  }
  return out;
}

/**
 * A model trained by ml-random-forest itself (`forest` is the library's own object), behind the
 * common model interface. Labels are trained as class codes (ml-cart indexes arrays by label, so
 * strings would break it) and decoded here; probabilities are the trees' vote shares, computed
 * from `predictionValues` (the library's `predictProbability` drops the first tree's vote).
 */
export class MlRandomForestModel implements RandomForestModel {
  readonly engine = 'ml-random-forest' as const;
  readonly task: Task;
  readonly classes: readonly Label[];
  readonly nFeatures: number;
  readonly params: RandomForestParams;
  /** The genuine ml-random-forest `RandomForestClassifier` / `RandomForestRegression`. */
  readonly forest: MlRandomForestInstance;

  /** @internal */
  constructor(forest: MlRandomForestInstance, task: Task, classes: readonly Label[], nFeatures: number, params: RandomForestParams) {
    this.forest = forest;
    this.task = task;
    this.classes = classes;
    this.nFeatures = nFeatures;
    this.params = params;
  }

  predict(x: FeatureRows): Label[] {
    const rows = rowsOf(prepareFeatures(x, 'x', this.nFeatures), undefined);
    const predictions = this.forest.predict(rows);
    return this.task === 'classification' ? predictions.map((code) => this.classes[code] as Label) : predictions;
  }

  predictProba(x: FeatureRows): number[][] {
    if (this.task !== 'classification') throw new InvalidArgumentError('predictProba', 'regression', 'a classifier (a regressor predicts values: use predict)');
    return toRows(this.#votes(rowsOf(prepareFeatures(x, 'x', this.nFeatures), undefined)), this.classes.length);
  }

  predictPrepared(features: FeatureMatrix, rows: ArrayLike<number> | undefined, input: Metric['input']): Int32Array | Float64Array {
    const matrix = rowsOf(features, rows);
    if (input === 'probabilities') return this.#votes(matrix);
    const predictions = this.forest.predict(matrix);
    return this.task === 'classification' ? Int32Array.from(predictions) : Float64Array.from(predictions);
  }

  #votes(matrix: number[][]): Float64Array {
    const k = this.classes.length;
    const values = this.forest.predictionValues(matrix);
    const out = new Float64Array(matrix.length * k);
    for (let i = 0; i < matrix.length; i++) {
      const votes = values.getRow(i);
      for (const code of votes) out[i * k + code] = (out[i * k + code] as number) + 1 / votes.length;
    }
    return out;
  }

  /**
   * ml-random-forest's `featureImportance()` rule (per tree: gain × samples of each split minus
   * its children's, normalised; averaged; normalised), except that trees that never split are
   * skipped instead of turning every importance into NaN.
   */
  featureImportances(): number[] {
    const json = this.toMlRandomForestJSON().baseModel;
    const average = new Array<number>(this.nFeatures).fill(0);
    type Node = { splitColumn?: number; gain?: number | null; numberSamples?: number; left?: Node; right?: Node };
    json.estimators.forEach((estimator, t) => {
      const importance = new Array<number>(this.nFeatures).fill(0);
      const visit = (node: Node | undefined) => {
        if (node === undefined || node.splitColumn === undefined || !((node.gain ?? 0) > 0)) return;
        let value = (node.gain as number) * (node.numberSamples ?? 0);
        value -= (node.left?.gain ?? 0) * (node.left?.numberSamples ?? 0);
        value -= (node.right?.gain ?? 0) * (node.right?.numberSamples ?? 0);
        importance[node.splitColumn] = (importance[node.splitColumn] as number) + value;
        visit(node.left);
        visit(node.right);
      };
      visit(estimator.root as Node);
      const sum = importance.reduce((a, b) => a + b, 0);
      if (!(sum > 0)) return;
      const columns = json.indexes[t] ?? [];
      columns.forEach((column, x) => {
        average[column] = (average[column] as number) + (importance[x] as number) / sum;
      });
    });
    const total = average.reduce((a, b) => a + b, 0);
    return average.map((value) => (total > 0 ? value / total : 0));
  }

  toMlRandomForestJSON(): MlRandomForestJSON {
    return JSON.parse(JSON.stringify(this.forest.toJSON())) as MlRandomForestJSON;
  }
}

/**
 * The ml-random-forest engine: trains the library as is, mapping the parameters it has —
 * `nEstimators`; `maxFeatures` (drawn once per tree, not per split: the library's design);
 * `maxDepth`; `minSamplesSplit` (ml-cart's `minNumSamples = minSamplesSplit - 1`); `bootstrap`
 * (`useSampleBagging`). Its out-of-bag pass is switched off (`noOOB`: it crashes on small
 * forests and the tuner does not use it). ml-cart has no entropy criterion and no minimum leaf
 * size: `criterion: 'entropy'` or `minSamplesLeaf > 1` are errors naming the parameter.
 */
export async function createMlRandomForestEngine(): Promise<ForestEngine> {
  const library = await importMlRandomForest();
  const engine: ForestEngine = {
    name: 'ml-random-forest',
    checkParams(params: RandomForestParams, field: string) {
      if (params.criterion === 'entropy') throw new InvalidArgumentError(`${field}.criterion`, 'entropy', "'gini' with engine 'ml-random-forest' (ml-cart has no entropy criterion; engine 'fast' has)");
      if (params.minSamplesLeaf !== 1) throw new InvalidArgumentError(`${field}.minSamplesLeaf`, params.minSamplesLeaf, "1 with engine 'ml-random-forest' (ml-cart has no minimum leaf size; engine 'fast' has)");
    },
    fit(dataset: Dataset, rows: ArrayLike<number> | undefined, params: RandomForestParams, seed: number): RandomForestModel {
      engine.checkParams(params, 'params');
      const { features, target } = dataset;
      const p = features.nFeatures;
      const count = maxFeaturesCount(params.maxFeatures, p);
      const options = {
        nEstimators: params.nEstimators,
        // ml-random-forest takes floor(p * fraction) features per tree; aim half-way between counts.
        maxFeatures: count === p ? 1.0 : (count + 0.5) / p,
        replacement: false,
        seed: new SeededRandom(seed).nextUint32() >>> 1, // the library needs a 32-bit integer
        useSampleBagging: params.bootstrap,
        noOOB: true,
        treeOptions: { minNumSamples: params.minSamplesSplit - 1, maxDepth: params.maxDepth ?? Infinity },
      };
      const x = rowsOf(features, rows);
      const n = x.length;
      const y = new Array<number>(n);
      for (let i = 0; i < n; i++) {
        const row = rows === undefined ? i : (rows[i] as number);
        y[i] = target.task === 'classification' ? (target.codes[row] as number) : (target.values[row] as number);
      }
      const forest =
        target.task === 'classification'
          ? new library.RandomForestClassifier({ ...options, treeOptions: { ...options.treeOptions, gainFunction: 'gini' } })
          : new library.RandomForestRegression({ ...options, selectionMethod: 'mean' });
      forest.train(x, y);
      return new MlRandomForestModel(forest, target.task, target.task === 'classification' ? target.classes : [], p, params);
    },
  };
  return engine;
}
