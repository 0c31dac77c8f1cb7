import type { Label } from '../data/dataset.js';
import type { ForestData } from '../fast/fit-forest.js';
import { maxFeaturesCount } from '../params/random-forest-params.js';
import type { TreeArrays } from '../fast/tree-arrays.js';

/**
 * The JSON formats of ml-random-forest 2.x and ml-cart 2.x, as their `toJSON()` writes them and
 * their `load()` reads them (read from their sources: `RandomForestBase#toJSON`,
 * `TreeNode#setNodeParameters`). A node with `distribution` is a leaf; an internal node sends a
 * row left when `row[splitColumn] < splitValue`.
 */
export interface MlCartNodeJSON {
  splitValue?: number;
  splitColumn?: number;
  /** Impurity decrease of the split (informative; `load` keeps it). */
  gain?: number;
  numberSamples?: number;
  left?: MlCartNodeJSON;
  right?: MlCartNodeJSON;
  /** Leaf: class probabilities as a one-row matrix (classifier), or the predicted value (regression). */
  distribution?: number[][] | number;
}

export interface MlCartOptionsJSON {
  gainFunction: 'gini' | 'regression';
  splitFunction: 'mean';
  minNumSamples: number;
  maxDepth: number | null;
  gainThreshold?: number;
  kind: 'classifier' | 'regression';
}

export interface MlCartTreeJSON {
  name: 'DTClassifier' | 'DTRegression';
  options: MlCartOptionsJSON;
  root: MlCartNodeJSON;
}

export interface MlRandomForestBaseModelJSON {
  /** Per tree, the columns it reads (identity here: features are drawn per split, not per tree). */
  indexes: number[][];
  n: number;
  replacement: boolean;
  maxFeatures: number;
  nEstimators: number;
  treeOptions?: Partial<MlCartOptionsJSON>;
  isClassifier: boolean;
  seed: number;
  estimators: MlCartTreeJSON[];
  useSampleBagging: boolean;
}

/** What `RandomForestClassifier.load(json)` accepts. */
export interface MlRandomForestClassifierJSON {
  name: 'RFClassifier';
  baseModel: MlRandomForestBaseModelJSON;
}

/** What `RandomForestRegression.load(json)` accepts. */
export interface MlRandomForestRegressionJSON {
  name: 'RFRegression';
  selectionMethod: 'mean' | 'median';
  baseModel: MlRandomForestBaseModelJSON;
}

export type MlRandomForestJSON = MlRandomForestClassifierJSON | MlRandomForestRegressionJSON;

// Leaves store one probability per label value up to the largest; beyond this, codes are used.
const MAX_LABEL_AS_INDEX = 65_535;

/**
 * What an exported classifier predicts. ml-cart predicts the column index of a leaf's largest
 * probability, so labels that are small non-negative integers are exported as themselves
 * (`'labels'`: the loaded model predicts your labels); any other labels (strings, negative or
 * fractional numbers, booleans) as their index in `classes` (`'codes'`: map predictions back
 * with `classes[prediction]`).
 */
export function mlRandomForestLabelMode(classes: readonly Label[]): 'labels' | 'codes' {
  return classes.every((label) => typeof label === 'number' && Number.isInteger(label) && label >= 0 && label <= MAX_LABEL_AS_INDEX) ? 'labels' : 'codes';
}

function treeToJSON(tree: TreeArrays, classes: readonly Label[], columns: number[] | undefined, node = 0): MlCartNodeJSON {
  const k = classes.length;
  if ((tree.feature[node] as number) < 0) {
    if (k === 0) return { distribution: tree.value[node] as number, numberSamples: tree.nNodeSamples[node] as number };
    const probabilities = Array.from(tree.value.subarray(node * k, node * k + k));
    let row = probabilities;
    if (columns !== undefined) {
      row = new Array<number>((columns[k - 1] as number) + 1).fill(0);
      for (let c = 0; c < k; c++) row[columns[c] as number] = probabilities[c] as number;
    }
    return { distribution: [row], numberSamples: tree.nNodeSamples[node] as number };
  }
  const left = tree.left[node] as number;
  const right = tree.right[node] as number;
  const weight = tree.weightedNNodeSamples[node] as number;
  const childImpurity = ((tree.weightedNNodeSamples[left] as number) * (tree.impurity[left] as number) + (tree.weightedNNodeSamples[right] as number) * (tree.impurity[right] as number)) / weight;
  return {
    splitValue: tree.threshold[node] as number,
    splitColumn: tree.feature[node] as number,
    gain: (tree.impurity[node] as number) - childImpurity,
    numberSamples: tree.nNodeSamples[node] as number,
    left: treeToJSON(tree, classes, columns, left),
    right: treeToJSON(tree, classes, columns, right),
  };
}

/**
 * Export a fast-engine forest in ml-random-forest's own format: `RandomForestClassifier.load` /
 * `RandomForestRegression.load` give a genuine ml-random-forest model that predicts the same
 * labels (majority vote, as the fast engine's default `'hard'` voting) or the same values.
 */
export function forestToMlRandomForestJSON(forest: ForestData): MlRandomForestJSON {
  const classification = forest.task === 'classification';
  const columns = classification && mlRandomForestLabelMode(forest.classes) === 'labels' ? (forest.classes as number[]) : undefined;
  const { params } = forest;
  const treeOptions: MlCartOptionsJSON = {
    gainFunction: classification ? 'gini' : 'regression',
    splitFunction: 'mean',
    minNumSamples: params.minSamplesSplit - 1,
    maxDepth: params.maxDepth,
    kind: classification ? 'classifier' : 'regression',
  };
  const identity = Array.from({ length: forest.nFeatures }, (_, f) => f);
  const baseModel: MlRandomForestBaseModelJSON = {
    indexes: forest.trees.map(() => identity.slice()),
    n: forest.nFeatures,
    replacement: false,
    maxFeatures: maxFeaturesCount(params.maxFeatures, forest.nFeatures) / forest.nFeatures,
    nEstimators: forest.trees.length,
    treeOptions,
    isClassifier: classification,
    seed: forest.seed,
    estimators: forest.trees.map((tree) => ({ name: classification ? 'DTClassifier' : 'DTRegression', options: treeOptions, root: treeToJSON(tree, forest.classes, columns) })),
    useSampleBagging: params.bootstrap,
  };
  return classification ? { name: 'RFClassifier', baseModel } : { name: 'RFRegression', selectionMethod: 'mean', baseModel };
}
