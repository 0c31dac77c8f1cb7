import type { SeededRandom } from '@tunekit/core';
import type { FeatureMatrix, Target } from '../data/dataset.js';
import { sortByValue } from './sort-by-value.js';
import type { TreeArrays } from './tree-arrays.js';

/** Split quality: Gini impurity or entropy (classification), squared error (regression). */
export type SplitCriterion = 'gini' | 'entropy' | 'mse';

/** How one tree grows (scikit-learn's `DecisionTreeClassifier` / `Regressor` options). */
export interface TreeGrowthOptions {
  readonly criterion: SplitCriterion;
  /** Deepest level a node may sit at (root = 0); `Infinity` for no limit. */
  readonly maxDepth: number;
  /** A node with fewer distinct rows than this is a leaf. >= 2. */
  readonly minSamplesSplit: number;
  /** A split must leave at least this many distinct rows on each side. >= 1. */
  readonly minSamplesLeaf: number;
  /** Non-constant features examined at each node, in `[1, nFeatures]`. */
  readonly maxFeatures: number;
}

// scikit-learn's constants (sklearn/tree/_splitter.pyx, _tree.pyx): values closer than
// FEATURE_THRESHOLD count as equal (no split between them, a feature spanning less is
// constant); a node with impurity <= EPSILON is pure.
const FEATURE_THRESHOLD = 1e-7;
const EPSILON = 2.220446049250313e-16;

/**
 * Per feature: the distinct values in increasing order (`levels`) and each row's index into
 * them (`rank[feature * nSamples + row]`).
 */
export interface FeatureIndex {
  readonly levels: readonly Float64Array[];
  readonly rank: Int32Array;
  /** The largest number of distinct values of any feature. */
  readonly maxLevels: number;
}

const indexCache = new WeakMap<Float64Array, FeatureIndex>();

/** Sort every feature of `features` once (cached per matrix, shared by all trees and folds). */
export function featureIndex(features: FeatureMatrix): FeatureIndex {
  const cached = indexCache.get(features.values);
  if (cached !== undefined) return cached;
  const { values, nSamples, nFeatures } = features;
  const levels: Float64Array[] = [];
  const rank = new Int32Array(nSamples * nFeatures);
  const keys = new Float64Array(nSamples);
  let maxLevels = 0;
  for (let f = 0; f < nFeatures; f++) {
    const rows = new Int32Array(nSamples);
    for (let i = 0; i < nSamples; i++) {
      rows[i] = i;
      keys[i] = values[f * nSamples + i] as number;
    }
    sortByValue(keys, rows, 0, nSamples);
    const distinct: number[] = [];
    for (let i = 0; i < nSamples; i++) {
      const key = keys[i] as number;
      if (distinct.length === 0 || key !== distinct[distinct.length - 1]) distinct.push(key);
      rank[f * nSamples + (rows[i] as number)] = distinct.length - 1;
    }
    levels.push(Float64Array.from(distinct));
    maxLevels = Math.max(maxLevels, distinct.length);
  }
  const index = { levels, rank, maxLevels };
  indexCache.set(features.values, index);
  return index;
}

// The proxies below are scikit-learn's `proxy_impurity_improvement` (-W_right * impurity_right
// - W_left * impurity_left), written with the same operations so that candidates that tie
// mathematically also round the same way and the same split wins.

/** Gini, from the sums of squared class weights of each side. */
function giniProxy(squaresLeft: number, weightLeft: number, squaresRight: number, weightRight: number): number {
  return -weightRight * (1 - squaresRight / (weightRight * weightRight)) - weightLeft * (1 - squaresLeft / (weightLeft * weightLeft));
}

function entropyOf(counts: Float64Array, weight: number, k: number): number {
  let entropy = 0;
  for (let c = 0; c < k; c++) {
    const count = counts[c] as number;
    if (count > 0) {
      const q = count / weight;
      entropy -= q * (Math.log(q) / Math.LN2);
    }
  }
  return entropy;
}

/** Entropy (in bits, as scikit-learn computes it). */
function entropyProxy(left: Float64Array, weightLeft: number, right: Float64Array, weightRight: number, k: number): number {
  return -weightRight * entropyOf(right, weightRight, k) - weightLeft * entropyOf(left, weightLeft, k);
}

/** A threshold `t` with `a < t <= b` (rows go left when `x < t`): the midpoint, unless it rounds onto `a`. */
function threshold(a: number, b: number): number {
  const t = a / 2 + b / 2;
  return t > a && Number.isFinite(t) ? t : b;
}

/**
 * Grows decision trees on one data set the way scikit-learn's `BestSplitter` and depth-first
 * builder do: at every node, draw features without replacement until `maxFeatures` non-constant
 * ones were examined (constant features do not count, and stay known-constant below), sort the
 * node's rows by each, and take the split with the best impurity decrease among all thresholds
 * between distinct values that leave `minSamplesLeaf` rows per side. Scratch buffers are
 * allocated once and reused for every tree of a forest.
 */
export class TreeGrower {
  readonly #x: Float64Array;
  readonly #n: number;
  readonly #p: number;
  readonly #k: number;
  readonly #codes: Int32Array;
  readonly #y: Float64Array;
  readonly #levels: readonly Float64Array[];
  readonly #rank: Int32Array;
  // Histograms by value rank (all zero between uses): weighted class counts (rank * k + class),
  // or weighted target sums; weights; distinct rows.
  readonly #binClassWeights: Float64Array;
  readonly #binSums: Float64Array;
  readonly #binWeights: Float64Array;
  readonly #binRows: Int32Array;
  readonly #xf: Float64Array;
  readonly #features: Int32Array;
  readonly #constantFeatures: Int32Array;
  readonly #nodeCounts: Float64Array;
  readonly #leftCounts: Float64Array;
  readonly #rightCounts: Float64Array;
  // The best split of the node being searched.
  #bestProxy = -Infinity;
  #bestFeature = -1;
  #bestPos = 0;
  #bestThreshold = 0;
  /** The feature `samples` of the searched node were last sorted by. */
  #lastSorted = -1;
  // Statistics of the node being searched (W = sum of weights).
  #nodeWeight = 0;
  #nodeSum = 0;

  constructor(features: FeatureMatrix, target: Target) {
    this.#x = features.values;
    this.#n = features.nSamples;
    this.#p = features.nFeatures;
    this.#k = target.task === 'classification' ? target.classes.length : 0;
    this.#codes = target.task === 'classification' ? target.codes : new Int32Array(0);
    this.#y = target.task === 'regression' ? target.values : new Float64Array(0);
    const index = featureIndex(features);
    this.#levels = index.levels;
    this.#rank = index.rank;
    this.#binClassWeights = new Float64Array(index.maxLevels * this.#k);
    this.#binSums = new Float64Array(this.#k > 0 ? 0 : index.maxLevels);
    this.#binWeights = new Float64Array(this.#k > 0 ? 0 : index.maxLevels);
    this.#binRows = new Int32Array(index.maxLevels);
    this.#xf = new Float64Array(this.#n);
    this.#features = new Int32Array(this.#p);
    this.#constantFeatures = new Int32Array(this.#p);
    this.#nodeCounts = new Float64Array(this.#k);
    this.#leftCounts = new Float64Array(this.#k);
    this.#rightCounts = new Float64Array(this.#k);
  }

  /**
   * Grow one tree on `samples[0:count)` (distinct row indices, each with `weights[row] > 0`: its
   * bootstrap multiplicity). `samples` is reordered in place.
   */
  grow(samples: Int32Array, count: number, weights: Float64Array, options: TreeGrowthOptions, rng: SeededRandom): TreeArrays {
    const k = this.#k;
    const classification = k > 0;
    const feature: number[] = [];
    const thresholdOut: number[] = [];
    const left: number[] = [];
    const right: number[] = [];
    const impurityOut: number[] = [];
    const nNodeSamples: number[] = [];
    const weighted: number[] = [];
    const value: number[] = [];
    const nodeClass: number[] = [];
    const importances = new Float64Array(this.#p);
    for (let f = 0; f < this.#p; f++) this.#features[f] = f;

    // Depth-first, left child first (scikit-learn pushes right, then left).
    const stack: number[] = [0, count, 0, -1, 0, 0]; // start, end, depth, parent, isLeft, nConstant
    while (stack.length > 0) {
      const nConstant = stack.pop() as number;
      const isLeft = stack.pop() as number;
      const parent = stack.pop() as number;
      const depth = stack.pop() as number;
      const end = stack.pop() as number;
      const start = stack.pop() as number;
      const n = end - start;
      const impurity = this.#nodeStatistics(samples, start, end, weights, options.criterion);
      let isLeaf = depth >= options.maxDepth || n < options.minSamplesSplit || n < 2 * options.minSamplesLeaf || impurity <= EPSILON;
      let childConstants = nConstant;
      if (!isLeaf) {
        childConstants = this.#findSplit(samples, start, end, weights, nConstant, options, rng);
        isLeaf = this.#bestFeature < 0;
      }
      const id = feature.length;
      if (parent >= 0) {
        if (isLeft === 1) left[parent] = id;
        else right[parent] = id;
      }
      feature.push(isLeaf ? -1 : this.#bestFeature);
      thresholdOut.push(isLeaf ? 0 : this.#bestThreshold);
      left.push(-1);
      right.push(-1);
      impurityOut.push(impurity);
      nNodeSamples.push(n);
      const nodeWeight = this.#nodeWeight;
      weighted.push(nodeWeight);
      if (classification) {
        let best = 0;
        for (let c = 0; c < k; c++) {
          const countC = this.#nodeCounts[c] as number;
          value.push(countC / nodeWeight);
          if (countC > (this.#nodeCounts[best] as number)) best = c;
        }
        nodeClass.push(best);
      } else {
        value.push(this.#nodeSum / nodeWeight);
      }
      if (isLeaf) continue;
      const pos = this.#bestPos;
      const splitFeature = this.#bestFeature;
      if (this.#lastSorted !== splitFeature) this.#partition(samples, start, end, splitFeature, this.#bestThreshold);
      const leftImpurity = this.#nodeStatistics(samples, start, pos, weights, options.criterion);
      const leftWeight = this.#nodeWeight;
      const rightImpurity = this.#nodeStatistics(samples, pos, end, weights, options.criterion);
      const rightWeight = this.#nodeWeight;
      importances[splitFeature] = (importances[splitFeature] as number) + nodeWeight * impurity - leftWeight * leftImpurity - rightWeight * rightImpurity;
      stack.push(pos, end, depth + 1, id, 0, childConstants);
      stack.push(start, pos, depth + 1, id, 1, childConstants);
    }

    let total = 0;
    for (let f = 0; f < this.#p; f++) total += Math.max(0, importances[f] as number);
    for (let f = 0; f < this.#p; f++) importances[f] = total > 0 ? Math.max(0, importances[f] as number) / total : 0;
    return {
      nodeCount: feature.length,
      feature: Int32Array.from(feature),
      threshold: Float64Array.from(thresholdOut),
      left: Int32Array.from(left),
      right: Int32Array.from(right),
      impurity: Float64Array.from(impurityOut),
      nNodeSamples: Int32Array.from(nNodeSamples),
      weightedNNodeSamples: Float64Array.from(weighted),
      value: Float64Array.from(value),
      nodeClass: Int32Array.from(nodeClass),
      importances,
    };
  }

  /** Weighted statistics of `samples[start:end)` into the node fields; returns the impurity. */
  #nodeStatistics(samples: Int32Array, start: number, end: number, weights: Float64Array, criterion: SplitCriterion): number {
    let w = 0;
    if (this.#k > 0) {
      const counts = this.#nodeCounts;
      counts.fill(0);
      const codes = this.#codes;
      for (let p = start; p < end; p++) {
        const s = samples[p] as number;
        const ws = weights[s] as number;
        const c = codes[s] as number;
        counts[c] = (counts[c] as number) + ws;
        w += ws;
      }
      this.#nodeWeight = w;
      if (criterion === 'entropy') return entropyOf(counts, w, this.#k);
      let sq = 0;
      for (let c = 0; c < this.#k; c++) sq += (counts[c] as number) * (counts[c] as number);
      return 1 - sq / (w * w);
    }
    const y = this.#y;
    let sum = 0;
    let sumSq = 0;
    for (let p = start; p < end; p++) {
      const s = samples[p] as number;
      const ws = weights[s] as number;
      const ys = y[s] as number;
      w += ws;
      sum += ws * ys;
      sumSq += ws * ys * ys;
    }
    this.#nodeWeight = w;
    this.#nodeSum = sum;
    const mean = sum / w;
    return Math.max(0, sumSq / w - mean * mean);
  }

  /**
   * Search the best split of `samples[start:end)`, whose statistics are in the node fields.
   * Leaves it in the `#best*` fields (`#bestFeature < 0`: none) and returns the number of
   * known-constant features for the children (scikit-learn's `node_split` bookkeeping).
   */
  #findSplit(samples: Int32Array, start: number, end: number, weights: Float64Array, nKnownConstants: number, options: TreeGrowthOptions, rng: SeededRandom): number {
    const features = this.#features;
    const constantFeatures = this.#constantFeatures;
    const x = this.#x;
    const n = this.#n;
    const xf = this.#xf;
    this.#bestProxy = -Infinity;
    this.#bestFeature = -1;
    this.#lastSorted = -1;
    const k = this.#k;
    const count = end - start;
    const sortCost = 2 * count * Math.log2(count);
    const nodeWeight = this.#nodeWeight;
    let nodeSquares = 0;
    if (this.#k > 0) for (let c = 0; c < this.#k; c++) nodeSquares += (this.#nodeCounts[c] as number) ** 2;

    let fi = this.#p;
    let nVisited = 0;
    let nFound = 0;
    let nDrawn = 0;
    let nTotal = nKnownConstants;
    while (fi > nTotal && (nVisited < options.maxFeatures || nVisited <= nFound + nDrawn)) {
      nVisited++;
      let fj = rng.int(nDrawn, fi - nFound - 1);
      if (fj < nKnownConstants) {
        const t = features[nDrawn] as number;
        features[nDrawn] = features[fj] as number;
        features[fj] = t;
        nDrawn++;
        continue;
      }
      fj += nFound;
      const f = features[fj] as number;
      const base = f * n;
      const levels = this.#levels[f] as Float64Array;
      // Cheapest exact way to order the node by this feature: a histogram over its distinct
      // values (few levels: pixel counts, categories coded as numbers), else a sort.
      const useHistogram = levels.length * (k > 0 ? k : 2) <= sortCost;
      let minRank = 0;
      let maxRank = 0;
      let constant: boolean;
      if (useHistogram) {
        minRank = this.#fillHistogram(samples, start, end, weights, f);
        maxRank = this.#histogramMax;
        constant = (levels[maxRank] as number) <= (levels[minRank] as number) + FEATURE_THRESHOLD;
        if (constant) this.#clearHistogram(minRank, maxRank);
      } else {
        let min = Infinity;
        let max = -Infinity;
        for (let p = start; p < end; p++) {
          const v = x[base + (samples[p] as number)] as number;
          if (v < min) min = v;
          if (v > max) max = v;
        }
        constant = max <= min + FEATURE_THRESHOLD;
      }
      if (constant) {
        // Newly found constant: move it into the constant block.
        features[fj] = features[nTotal] as number;
        features[nTotal] = f;
        nFound++;
        nTotal++;
        continue;
      }
      // Examined: move it into the visited block at the end.
      fi--;
      features[fj] = features[fi] as number;
      features[fi] = f;
      if (useHistogram) {
        this.#scanHistogram(start, end, f, minRank, maxRank, options, nodeWeight, nodeSquares);
        continue;
      }

      for (let p = start; p < end; p++) xf[p] = x[base + (samples[p] as number)] as number;
      sortByValue(xf, samples, start, end);
      this.#lastSorted = f;
      if (k === 0) this.#evaluateSquaredError(samples, start, end, weights, f, options.minSamplesLeaf);
      else if (options.criterion === 'entropy') this.#evaluateEntropy(samples, start, end, weights, f, options.minSamplesLeaf);
      else this.#evaluateGini(samples, start, end, weights, f, options.minSamplesLeaf, nodeWeight, nodeSquares);
    }

    // Keep the known constants first, in their order, for the sibling; record the new ones.
    for (let i = 0; i < nKnownConstants; i++) features[i] = constantFeatures[i] as number;
    for (let i = nKnownConstants; i < nKnownConstants + nFound; i++) constantFeatures[i] = features[i] as number;
    if (this.#bestFeature >= 0 && this.#bestPos >= end) this.#bestFeature = -1;
    return nTotal;
  }

  /** Keep the split at `pos` (rows left of it: values up to `below`; right: from `above`) if it beats the best. */
  #consider(proxy: number, pos: number, f: number, below: number, above: number): void {
    if (proxy > this.#bestProxy) {
      this.#bestProxy = proxy;
      this.#bestPos = pos;
      this.#bestFeature = f;
      this.#bestThreshold = threshold(below, above);
    }
  }

  #histogramMax = 0;

  /** Accumulate the node's rows into the histograms of feature `f`; returns the lowest rank seen (highest in `#histogramMax`). */
  #fillHistogram(samples: Int32Array, start: number, end: number, weights: Float64Array, f: number): number {
    const rank = this.#rank;
    const base = f * this.#n;
    const rowsPerBin = this.#binRows;
    let minRank = 0x7fffffff;
    let maxRank = -1;
    const k = this.#k;
    if (k > 0) {
      const codes = this.#codes;
      const bins = this.#binClassWeights;
      for (let p = start; p < end; p++) {
        const s = samples[p] as number;
        const r = rank[base + s] as number;
        const cell = r * k + (codes[s] as number);
        bins[cell] = (bins[cell] as number) + (weights[s] as number);
        rowsPerBin[r] = (rowsPerBin[r] as number) + 1;
        if (r < minRank) minRank = r;
        if (r > maxRank) maxRank = r;
      }
    } else {
      const y = this.#y;
      const sums = this.#binSums;
      const binWeights = this.#binWeights;
      for (let p = start; p < end; p++) {
        const s = samples[p] as number;
        const r = rank[base + s] as number;
        const ws = weights[s] as number;
        sums[r] = (sums[r] as number) + ws * (y[s] as number);
        binWeights[r] = (binWeights[r] as number) + ws;
        rowsPerBin[r] = (rowsPerBin[r] as number) + 1;
        if (r < minRank) minRank = r;
        if (r > maxRank) maxRank = r;
      }
    }
    this.#histogramMax = maxRank;
    return minRank;
  }

  #clearHistogram(minRank: number, maxRank: number): void {
    const k = this.#k;
    this.#binRows.fill(0, minRank, maxRank + 1);
    if (k > 0) this.#binClassWeights.fill(0, minRank * k, (maxRank + 1) * k);
    else {
      this.#binSums.fill(0, minRank, maxRank + 1);
      this.#binWeights.fill(0, minRank, maxRank + 1);
    }
  }

  /**
   * Evaluate every split of a filled histogram, bin by bin (the same candidates and statistics
   * as walking the sorted rows: neighbouring values closer than FEATURE_THRESHOLD stay together),
   * clearing the bins as it goes.
   */
  #scanHistogram(start: number, end: number, f: number, minRank: number, maxRank: number, options: TreeGrowthOptions, nodeWeight: number, nodeSquares: number): void {
    const k = this.#k;
    const levels = this.#levels[f] as Float64Array;
    const rowsPerBin = this.#binRows;
    const minLeaf = options.minSamplesLeaf;
    const n = end - start;
    const entropy = options.criterion === 'entropy';
    const leftCounts = this.#leftCounts;
    const rightCounts = this.#rightCounts;
    const bins = this.#binClassWeights;
    const sums = this.#binSums;
    const binWeights = this.#binWeights;
    const total = this.#nodeSum;
    if (k > 0) {
      leftCounts.fill(0);
      rightCounts.set(this.#nodeCounts);
    }
    let squaresLeft = 0;
    let squaresRight = nodeSquares;
    let weightLeft = 0;
    let sumLeft = 0;
    let rowsLeft = 0;
    let previous = 0;
    for (let r = minRank; r <= maxRank; r++) {
      const rows = rowsPerBin[r] as number;
      if (rows === 0) continue;
      const value = levels[r] as number;
      if (rowsLeft > 0 && value > previous + FEATURE_THRESHOLD && rowsLeft >= minLeaf && n - rowsLeft >= minLeaf) {
        let proxy: number;
        const weightRight = nodeWeight - weightLeft;
        if (k === 0) {
          const sumRight = total - sumLeft;
          proxy = (sumLeft * sumLeft) / weightLeft + (sumRight * sumRight) / weightRight;
        } else if (entropy) {
          proxy = entropyProxy(leftCounts, weightLeft, rightCounts, weightRight, k);
        } else {
          proxy = giniProxy(squaresLeft, weightLeft, squaresRight, weightRight);
        }
        this.#consider(proxy, start + rowsLeft, f, previous, value);
      }
      if (k > 0) {
        const base = r * k;
        for (let c = 0; c < k; c++) {
          const w = bins[base + c] as number;
          if (w === 0) continue;
          bins[base + c] = 0;
          const l = leftCounts[c] as number;
          squaresLeft += w * (2 * l + w);
          leftCounts[c] = l + w;
          const right = rightCounts[c] as number;
          squaresRight += w * (w - 2 * right);
          rightCounts[c] = right - w;
          weightLeft += w;
        }
      } else {
        sumLeft += sums[r] as number;
        weightLeft += binWeights[r] as number;
        sums[r] = 0;
        binWeights[r] = 0;
      }
      rowsLeft += rows;
      rowsPerBin[r] = 0;
      previous = value;
    }
  }

  // Gini. Integer (bootstrap) weights keep the running sums of squared class weights exact.
  #evaluateGini(samples: Int32Array, start: number, end: number, weights: Float64Array, f: number, minLeaf: number, nodeWeight: number, nodeSquares: number): void {
    const xf = this.#xf;
    const codes = this.#codes;
    const leftCounts = this.#leftCounts;
    const rightCounts = this.#rightCounts;
    leftCounts.fill(0);
    rightCounts.set(this.#nodeCounts);
    let squaresLeft = 0;
    let squaresRight = nodeSquares;
    let weightLeft = 0;
    let p = start;
    while (p < end) {
      do {
        const s = samples[p] as number;
        const c = codes[s] as number;
        const ws = weights[s] as number;
        const l = leftCounts[c] as number;
        squaresLeft += ws * (2 * l + ws);
        leftCounts[c] = l + ws;
        const r = rightCounts[c] as number;
        squaresRight += ws * (ws - 2 * r);
        rightCounts[c] = r - ws;
        weightLeft += ws;
        p++;
      } while (p < end && (xf[p] as number) <= (xf[p - 1] as number) + FEATURE_THRESHOLD);
      if (p >= end) break;
      if (p - start < minLeaf) continue;
      if (end - p < minLeaf) break;
      this.#consider(giniProxy(squaresLeft, weightLeft, squaresRight, nodeWeight - weightLeft), p, f, xf[p - 1] as number, xf[p] as number);
    }
  }

  // Entropy.
  #evaluateEntropy(samples: Int32Array, start: number, end: number, weights: Float64Array, f: number, minLeaf: number): void {
    const xf = this.#xf;
    const codes = this.#codes;
    const k = this.#k;
    const leftCounts = this.#leftCounts;
    const rightCounts = this.#rightCounts;
    leftCounts.fill(0);
    rightCounts.set(this.#nodeCounts);
    let weightLeft = 0;
    let weightRight = this.#nodeWeight;
    let p = start;
    while (p < end) {
      do {
        const s = samples[p] as number;
        const c = codes[s] as number;
        const ws = weights[s] as number;
        leftCounts[c] = (leftCounts[c] as number) + ws;
        rightCounts[c] = (rightCounts[c] as number) - ws;
        weightLeft += ws;
        weightRight -= ws;
        p++;
      } while (p < end && (xf[p] as number) <= (xf[p - 1] as number) + FEATURE_THRESHOLD);
      if (p >= end) break;
      if (p - start < minLeaf) continue;
      if (end - p < minLeaf) break;
      this.#consider(entropyProxy(leftCounts, weightLeft, rightCounts, weightRight, k), p, f, xf[p - 1] as number, xf[p] as number);
    }
  }

  // Squared error: maximise sum_left^2 / W_left + sum_right^2 / W_right (scikit-learn's MSE proxy).
  #evaluateSquaredError(samples: Int32Array, start: number, end: number, weights: Float64Array, f: number, minLeaf: number): void {
    const xf = this.#xf;
    const y = this.#y;
    const total = this.#nodeSum;
    const nodeWeight = this.#nodeWeight;
    let sumLeft = 0;
    let weightLeft = 0;
    let p = start;
    while (p < end) {
      do {
        const s = samples[p] as number;
        const ws = weights[s] as number;
        sumLeft += ws * (y[s] as number);
        weightLeft += ws;
        p++;
      } while (p < end && (xf[p] as number) <= (xf[p - 1] as number) + FEATURE_THRESHOLD);
      if (p >= end) break;
      if (p - start < minLeaf) continue;
      if (end - p < minLeaf) break;
      const sumRight = total - sumLeft;
      this.#consider((sumLeft * sumLeft) / weightLeft + (sumRight * sumRight) / (nodeWeight - weightLeft), p, f, xf[p - 1] as number, xf[p] as number);
    }
  }

  /** Reorder `samples[start:end)`: rows with `x[f] < t` first (their count is `#bestPos - start`). */
  #partition(samples: Int32Array, start: number, end: number, f: number, t: number): void {
    const x = this.#x;
    const base = f * this.#n;
    let i = start;
    let j = end;
    while (i < j) {
      if ((x[base + (samples[i] as number)] as number) < t) i++;
      else {
        j--;
        const tmp = samples[i] as number;
        samples[i] = samples[j] as number;
        samples[j] = tmp;
      }
    }
  }
}
