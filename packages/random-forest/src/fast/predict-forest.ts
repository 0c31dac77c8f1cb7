import type { FeatureMatrix } from '../data/dataset.js';
import type { ForestData } from './fit-forest.js';
import { leafIndex } from './tree-arrays.js';

/** How a classifier turns its trees into one label. */
export type Voting = 'hard' | 'soft';

function rowAt(rows: ArrayLike<number> | undefined, i: number): number {
  return rows === undefined ? i : (rows[i] as number);
}

/**
 * Class codes for `rows` of `features` (all rows when omitted). `'hard'`: the majority of the
 * trees' labels, ties going to the label that reached the winning count first in tree order —
 * exactly `ml-array-mode`, which ml-random-forest's classifier uses, so an exported forest
 * predicts the same labels. `'soft'`: the argmax of the mean class probabilities (scikit-learn).
 */
export function predictCodes(forest: ForestData, features: FeatureMatrix, rows: ArrayLike<number> | undefined, voting: Voting): Int32Array {
  const n = rows === undefined ? features.nSamples : rows.length;
  const out = new Int32Array(n);
  if (voting === 'soft') {
    const k = forest.classes.length;
    const probabilities = predictProbabilities(forest, features, rows);
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let c = 1; c < k; c++) if ((probabilities[i * k + c] as number) > (probabilities[i * k + best] as number)) best = c;
      out[i] = best;
    }
    return out;
  }
  const counts = new Int32Array(forest.classes.length);
  const stride = features.nSamples;
  for (let i = 0; i < n; i++) {
    counts.fill(0);
    let maxCount = 0;
    let winner = 0;
    const row = rowAt(rows, i);
    for (const tree of forest.trees) {
      const c = tree.nodeClass[leafIndex(tree, features.values, row, stride)] as number;
      const count = (counts[c] as number) + 1;
      counts[c] = count;
      if (count > maxCount) {
        maxCount = count;
        winner = c;
      }
    }
    out[i] = winner;
  }
  return out;
}

/** Mean of the trees' leaf class distributions: `n * nClasses` values, row-major. */
export function predictProbabilities(forest: ForestData, features: FeatureMatrix, rows: ArrayLike<number> | undefined): Float64Array {
  const n = rows === undefined ? features.nSamples : rows.length;
  const k = forest.classes.length;
  const out = new Float64Array(n * k);
  const stride = features.nSamples;
  for (let i = 0; i < n; i++) {
    const row = rowAt(rows, i);
    for (const tree of forest.trees) {
      const base = leafIndex(tree, features.values, row, stride) * k;
      for (let c = 0; c < k; c++) out[i * k + c] = (out[i * k + c] as number) + (tree.value[base + c] as number);
    }
  }
  const trees = forest.trees.length;
  for (let j = 0; j < out.length; j++) out[j] = (out[j] as number) / trees;
  return out;
}

/** Regression: the mean of the trees' leaf means, summed in tree order (as `ml-array-mean` does). */
export function predictValues(forest: ForestData, features: FeatureMatrix, rows: ArrayLike<number> | undefined): Float64Array {
  const n = rows === undefined ? features.nSamples : rows.length;
  const out = new Float64Array(n);
  const stride = features.nSamples;
  for (let i = 0; i < n; i++) {
    const row = rowAt(rows, i);
    let sum = 0;
    for (const tree of forest.trees) sum += tree.value[leafIndex(tree, features.values, row, stride)] as number;
    out[i] = sum / forest.trees.length;
  }
  return out;
}

/**
 * Mean decrease in impurity per feature: each tree's normalised importances averaged over the
 * trees that split at least once, then normalised again (scikit-learn's `feature_importances_`).
 */
export function forestImportances(forest: ForestData): number[] {
  const sums = new Float64Array(forest.nFeatures);
  let used = 0;
  for (const tree of forest.trees) {
    if (tree.nodeCount <= 1) continue;
    used++;
    for (let f = 0; f < forest.nFeatures; f++) sums[f] = (sums[f] as number) + (tree.importances[f] as number);
  }
  if (used === 0) return Array.from(sums);
  let total = 0;
  for (const value of sums) total += value / used;
  return Array.from(sums, (value) => (total > 0 ? value / used / total : 0));
}
