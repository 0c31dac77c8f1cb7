/**
 * One fitted decision tree as flat arrays (scikit-learn's `Tree` layout). Node 0 is the root; a
 * leaf has `feature[node] === -1`. An internal node sends a row left when
 * `row[feature] < threshold` (ml-cart's rule, so that the tree exports to ml-random-forest
 * unchanged), else right.
 */
export interface TreeArrays {
  readonly nodeCount: number;
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  /** Impurity of each node (Gini, entropy in bits, or variance). */
  readonly impurity: Float64Array;
  /** Distinct training rows that reached the node. */
  readonly nNodeSamples: Int32Array;
  /** Training rows that reached the node, counted with their bootstrap multiplicity. */
  readonly weightedNNodeSamples: Float64Array;
  /**
   * Classification: `nodeCount * nClasses` class probabilities (weighted class counts over
   * their sum). Regression: `nodeCount` means.
   */
  readonly value: Float64Array;
  /** Classification: the most frequent class of each node (lowest code on ties); empty for regression. */
  readonly nodeClass: Int32Array;
  /** Mean decrease in impurity per feature, normalised to sum 1 (all zeros for a single-leaf tree). */
  readonly importances: Float64Array;
}

/**
 * The leaf that a row reaches. Feature `f` of the row is `values[offset + f * featureStride]`:
 * column-major data passes `(row, nSamples)`, row-major data `(row * nFeatures, 1)`.
 */
export function leafIndex(tree: TreeArrays, values: Float64Array, offset: number, featureStride: number): number {
  const feature = tree.feature;
  const threshold = tree.threshold;
  const left = tree.left;
  const right = tree.right;
  let node = 0;
  let f = feature[0] as number;
  while (f >= 0) {
    node = (values[offset + f * featureStride] as number) < (threshold[node] as number) ? (left[node] as number) : (right[node] as number);
    f = feature[node] as number;
  }
  return node;
}
