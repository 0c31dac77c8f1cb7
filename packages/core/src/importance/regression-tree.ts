import type { SeededRandom } from '../utils/seeded-random.js';

/**
 * How a regression tree treats one input column: ordered numbers split at a threshold, or a
 * categorical index in `0..nChoices - 1` split into a subset of choices and the rest.
 */
export type FeatureKind = { readonly kind: 'numeric' } | { readonly kind: 'categorical'; readonly nChoices: number };

/** Column-major training data: `columns[f][i]` is feature `f` of sample `i`. */
export interface RegressionData {
  readonly columns: readonly Float64Array[];
  readonly y: Float64Array;
  readonly features: readonly FeatureKind[];
}

export interface RegressionTreeOptions {
  /** Nodes at this depth (the root is 0) become leaves. */
  readonly maxDepth: number;
  /** A node needs at least this many samples to be split (sklearn's `min_samples_split`). */
  readonly minSamplesSplit: number;
  /** Each child of a split keeps at least this many samples (sklearn's `min_samples_leaf`). */
  readonly minSamplesLeaf: number;
}

/**
 * A CART regression tree (squared-error splits), stored as flat arrays indexed by node; node 0 is
 * the root. A numeric split sends `x <= threshold` left; a categorical split sends the choices
 * in `leftChoices` left. Trees are immutable once fitted.
 */
export class RegressionTree {
  /** Split feature per node; -1 for a leaf. */
  readonly feature: readonly number[];
  /** Numeric split threshold (midway between two observed values); NaN for other nodes. */
  readonly threshold: readonly number[];
  /** Categorical split: `leftChoices[node][choice] === 1` goes left; undefined for other nodes. */
  readonly leftChoices: readonly (Uint8Array | undefined)[];
  readonly left: readonly number[];
  readonly right: readonly number[];
  /** Mean target of the (bootstrap) samples that reached the node. */
  readonly value: readonly number[];
  /**
   * Decrease of the summed squared error that the node's split achieved (parent's minus the
   * children's, over its samples; 0 for a leaf): what mean-decrease-impurity importance adds up.
   */
  readonly gain: readonly number[];
  readonly features: readonly FeatureKind[];

  private constructor(nodes: NodeArrays, features: readonly FeatureKind[]) {
    this.feature = nodes.feature;
    this.threshold = nodes.threshold;
    this.leftChoices = nodes.leftChoices;
    this.left = nodes.left;
    this.right = nodes.right;
    this.value = nodes.value;
    this.gain = nodes.gain;
    this.features = features;
  }

  get nodeCount(): number {
    return this.feature.length;
  }

  /**
   * Fit on the samples listed in `sampleIndices` (repeats allowed: a bootstrap sample). `random`
   * only breaks ties between equally good splits, by visiting features in a random order.
   */
  static fit(data: RegressionData, sampleIndices: Int32Array, options: RegressionTreeOptions, random: SeededRandom): RegressionTree {
    return new RegressionTree(growTree(data, sampleIndices, options, random), data.features);
  }

  /** The leaf value for one input row (`row[f]` for feature `f`). */
  predict(row: ArrayLike<number>): number {
    let node = 0;
    for (;;) {
      const feature = this.feature[node] as number;
      if (feature < 0) return this.value[node] as number;
      node = this.goesLeft(node, row[feature] as number) ? (this.left[node] as number) : (this.right[node] as number);
    }
  }

  /** Whether value `x` of the node's split feature goes to the left child. */
  goesLeft(node: number, x: number): boolean {
    const choices = this.leftChoices[node];
    return choices === undefined ? x <= (this.threshold[node] as number) : choices[x] === 1;
  }
}

interface NodeArrays {
  feature: number[];
  threshold: number[];
  leftChoices: (Uint8Array | undefined)[];
  left: number[];
  right: number[];
  value: number[];
  gain: number[];
}

interface BestSplit {
  gain: number;
  feature: number;
  threshold: number;
  leftChoices: Uint8Array | undefined;
}

// A node whose squared deviations are below this share of its sum of squares counts as pure:
// splitting it would only fit floating-point noise.
const PURE_RELATIVE_IMPURITY = 1e-12;

function growTree(data: RegressionData, sampleIndices: Int32Array, options: RegressionTreeOptions, random: SeededRandom): NodeArrays {
  const { columns, y, features } = data;
  const nSlots = sampleIndices.length;
  const nFeatures = features.length;
  // One slot per bootstrap draw. For each feature, slots sorted by that feature; a node
  // owns the same range [start, end) of every feature's order, kept by stable partitioning, so a
  // split costs O(samples × features) instead of a sort per node.
  const slotY = new Float64Array(nSlots);
  for (let s = 0; s < nSlots; s++) slotY[s] = y[sampleIndices[s] as number] as number;
  const slotX = features.map((_, f) => {
    const column = columns[f] as Float64Array;
    const values = new Float64Array(nSlots);
    for (let s = 0; s < nSlots; s++) values[s] = column[sampleIndices[s] as number] as number;
    return values;
  });
  const orders = features.map((_, f) => {
    const order = new Int32Array(nSlots);
    for (let s = 0; s < nSlots; s++) order[s] = s;
    const values = slotX[f] as Float64Array;
    order.sort((a, b) => (values[a] as number) - (values[b] as number) || a - b);
    return order;
  });
  const goesLeft = new Uint8Array(nSlots);
  const scratch = new Int32Array(nSlots);
  const nodes: NodeArrays = { feature: [], threshold: [], leftChoices: [], left: [], right: [], value: [], gain: [] };
  const featureOrder = Array.from({ length: nFeatures }, (_, f) => f);

  const addNode = (value: number): number => {
    nodes.feature.push(-1);
    nodes.threshold.push(Number.NaN);
    nodes.leftChoices.push(undefined);
    nodes.left.push(-1);
    nodes.right.push(-1);
    nodes.value.push(value);
    nodes.gain.push(0);
    return nodes.feature.length - 1;
  };

  const sumsOf = (start: number, end: number): { sum: number; sumSquares: number } => {
    const order = orders[0] as Int32Array;
    let sum = 0;
    let sumSquares = 0;
    for (let i = start; i < end; i++) {
      const v = slotY[order[i] as number] as number;
      sum += v;
      sumSquares += v * v;
    }
    return { sum, sumSquares };
  };

  const stack: { node: number; start: number; end: number; depth: number }[] = [];
  const rootStats = sumsOf(0, nSlots);
  stack.push({ node: addNode(rootStats.sum / nSlots), start: 0, end: nSlots, depth: 0 });
  while (stack.length > 0) {
    const { node, start, end, depth } = stack.pop() as (typeof stack)[number];
    const count = end - start;
    if (depth >= options.maxDepth || count < options.minSamplesSplit || count < 2 * options.minSamplesLeaf) continue;
    const { sum, sumSquares } = sumsOf(start, end);
    const parentScore = (sum * sum) / count;
    // Impurity (sum of squared deviations) is zero: every target equal, nothing to explain.
    if (sumSquares - parentScore <= PURE_RELATIVE_IMPURITY * Math.max(1, Math.abs(sumSquares))) continue;
    // Like sklearn, an impure node takes its best split even when no split reduces the error
    // (the root of an XOR-like interaction): the children may.
    const best: BestSplit = { gain: Number.NEGATIVE_INFINITY, feature: -1, threshold: Number.NaN, leftChoices: undefined };
    for (const f of random.shuffled(featureOrder)) {
      const kind = features[f] as FeatureKind;
      if (kind.kind === 'numeric') findNumericSplit(f, orders[f] as Int32Array, slotX[f] as Float64Array, slotY, start, end, sum, parentScore, options.minSamplesLeaf, best);
      else findCategoricalSplit(f, kind.nChoices, orders[0] as Int32Array, slotX[f] as Float64Array, slotY, start, end, sum, parentScore, options.minSamplesLeaf, best);
    }
    if (best.feature < 0) continue;

    // Mark each slot's side, then partition every feature's order stably.
    const splitOrder = orders[best.feature] as Int32Array;
    const splitValues = slotX[best.feature] as Float64Array;
    let nLeft = 0;
    for (let i = start; i < end; i++) {
      const slot = splitOrder[i] as number;
      const x = splitValues[slot] as number;
      const left = best.leftChoices === undefined ? x <= best.threshold : best.leftChoices[x] === 1;
      goesLeft[slot] = left ? 1 : 0;
      if (left) nLeft++;
    }
    for (const order of orders) {
      let l = start;
      let r = 0;
      for (let i = start; i < end; i++) {
        const slot = order[i] as number;
        if (goesLeft[slot] === 1) order[l++] = slot;
        else scratch[r++] = slot;
      }
      for (let i = 0; i < r; i++) order[l + i] = scratch[i] as number;
    }
    const leftStats = sumsOf(start, start + nLeft);
    const leftNode = addNode(leftStats.sum / nLeft);
    const rightNode = addNode((sum - leftStats.sum) / (count - nLeft));
    nodes.feature[node] = best.feature;
    nodes.threshold[node] = best.threshold;
    nodes.leftChoices[node] = best.leftChoices;
    nodes.gain[node] = Math.max(0, best.gain);
    nodes.left[node] = leftNode;
    nodes.right[node] = rightNode;
    stack.push({ node: rightNode, start: start + nLeft, end, depth: depth + 1 });
    stack.push({ node: leftNode, start, end: start + nLeft, depth: depth + 1 });
  }
  return nodes;
}

/** Best threshold on a numeric feature: maximise sL²/nL + sR²/nR (= minimise the children's SSE). */
function findNumericSplit(feature: number, order: Int32Array, values: Float64Array, slotY: Float64Array, start: number, end: number, sum: number, parentScore: number, minLeaf: number, best: BestSplit): void {
  const count = end - start;
  let leftSum = 0;
  for (let i = start; i < end - 1; i++) {
    const slot = order[i] as number;
    leftSum += slotY[slot] as number;
    const nLeft = i - start + 1;
    const x = values[slot] as number;
    const next = values[order[i + 1] as number] as number;
    if (next <= x || nLeft < minLeaf || count - nLeft < minLeaf) continue;
    const rightSum = sum - leftSum;
    const gain = (leftSum * leftSum) / nLeft + (rightSum * rightSum) / (count - nLeft) - parentScore;
    if (gain > best.gain) {
      best.gain = gain;
      best.feature = feature;
      // Midway, as sklearn; fall back to x when the midpoint rounds up to `next`.
      const middle = x + (next - x) / 2;
      best.threshold = middle < next ? middle : x;
      best.leftChoices = undefined;
    }
  }
}

/**
 * Best subset split of a categorical feature. Ordering the choices present by their mean target
 * and cutting that order is optimal for squared error (Breiman et al. 1984, CART §9.4), so only
 * `choices - 1` cuts are scanned. Choices absent from the node go right.
 */
function findCategoricalSplit(feature: number, nChoices: number, order: Int32Array, values: Float64Array, slotY: Float64Array, start: number, end: number, sum: number, parentScore: number, minLeaf: number, best: BestSplit): void {
  const sums = new Float64Array(nChoices);
  const counts = new Int32Array(nChoices);
  for (let i = start; i < end; i++) {
    const slot = order[i] as number;
    const choice = values[slot] as number;
    sums[choice] = (sums[choice] as number) + (slotY[slot] as number);
    counts[choice] = (counts[choice] as number) + 1;
  }
  const present: number[] = [];
  for (let c = 0; c < nChoices; c++) if ((counts[c] as number) > 0) present.push(c);
  if (present.length < 2) return;
  present.sort((a, b) => (sums[a] as number) / (counts[a] as number) - (sums[b] as number) / (counts[b] as number) || a - b);
  const count = end - start;
  let leftSum = 0;
  let nLeft = 0;
  let bestCut = -1;
  for (let k = 0; k < present.length - 1; k++) {
    const c = present[k] as number;
    leftSum += sums[c] as number;
    nLeft += counts[c] as number;
    if (nLeft < minLeaf || count - nLeft < minLeaf) continue;
    const rightSum = sum - leftSum;
    const gain = (leftSum * leftSum) / nLeft + (rightSum * rightSum) / (count - nLeft) - parentScore;
    if (gain > best.gain) {
      best.gain = gain;
      bestCut = k;
    }
  }
  if (bestCut < 0) return;
  const leftChoices = new Uint8Array(nChoices);
  for (let k = 0; k <= bestCut; k++) leftChoices[present[k] as number] = 1;
  best.feature = feature;
  best.threshold = Number.NaN;
  best.leftChoices = leftChoices;
}
