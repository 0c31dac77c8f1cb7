import { baseMargin, firstRounds, objectiveInfo, roundCount, treeDepth, type XGBoostModel, type XGBoostTransform } from '../xgboost/xgboost-model.js';
import { compileTreeCode, generateTreeCode, type TreeCodeChunk, type TreeFunction } from './generate-tree-code.js';

/** Rows per block: every tree visits a block of rows before the next tree (the block's rows stay in cache). */
const BLOCK_ROWS = 64;
// Generated code keeps each row's margins in locals: larger blocks amortise the calls.
const COMPILED_BLOCK_ROWS = 1024;
/**
 * `compile: 'auto'` generates code once the forest has evaluated this many trees per node it
 * holds: generating and compiling costs about 1.5 µs per node, and saves about 15 ns per tree
 * evaluated (measured on a 300-tree depth-6 model), so it pays for itself after ~100.
 */
const AUTO_COMPILE_EVALUATIONS_PER_NODE = 100;
/** Deeper trees stay on the array walker (deeply nested source is slow to parse). */
const MAX_COMPILED_DEPTH = 48;

/**
 * When the native evaluator generates JavaScript for the trees: `'auto'` (default) once enough
 * rows went through to pay for compiling, `'always'` at construction, `'never'`.
 */
export type CompileMode = 'auto' | 'always' | 'never';

/**
 * An XGBoost tree ensemble compiled to flat typed arrays, evaluated in JavaScript with XGBoost's
 * own arithmetic: float32 comparisons `x < threshold`, missing values (NaN) to the learned default
 * side, margins accumulated in float32 starting from the base margin, trees in model order. The
 * result is bit-identical to XGBoost's margins; transforms (sigmoid, softmax, exp) may differ from
 * XGBoost's `expf` by one float32 rounding.
 *
 * Node layout: all trees' reachable nodes in one array, each tree in depth-first order. For a
 * branch, `feature >= 0` and `value` is its threshold; for a leaf, `feature === -1` and `value` is
 * the leaf weight. `missing` is the child a NaN goes to (precomputed from the default direction).
 */
export class CompiledForest {
  readonly nFeatures: number;
  /** Margins per row. */
  readonly nGroups: number;
  readonly nRounds: number;
  readonly transform: XGBoostTransform;
  readonly baseMargin: number;
  readonly #feature: Int32Array;
  readonly #value: Float32Array;
  readonly #left: Int32Array;
  readonly #right: Int32Array;
  readonly #missing: Int32Array;
  readonly #roots: Int32Array;
  readonly #groups: Int32Array;
  /** Trees per boosting round. */
  readonly #treesPerRound: number;
  readonly #model: XGBoostModel;
  readonly #compileMode: CompileMode;
  #compiled: TreeFunction[] | undefined;
  #chunks: TreeCodeChunk[] | undefined;
  #evaluations = 0;

  private constructor(model: XGBoostModel, compile: CompileMode) {
    this.#model = model;
    this.#compileMode = model.trees.some((tree) => treeDepth(tree) > MAX_COMPILED_DEPTH) ? 'never' : compile;
    this.nFeatures = model.nFeatures;
    this.nGroups = model.nGroups;
    this.nRounds = roundCount(model);
    this.transform = objectiveInfo(model).transform;
    this.baseMargin = baseMargin(model);
    this.#treesPerRound = model.nGroups * model.numParallelTree;
    let total = 0;
    const orders = model.trees.map((tree) => {
      const order: number[] = [];
      const stack = [0];
      while (stack.length > 0) {
        const node = stack.pop() as number;
        order.push(node);
        if (tree.left[node] !== -1) stack.push(tree.right[node] as number, tree.left[node] as number);
      }
      total += order.length;
      return order;
    });
    this.#feature = new Int32Array(total);
    this.#value = new Float32Array(total);
    this.#left = new Int32Array(total);
    this.#right = new Int32Array(total);
    this.#missing = new Int32Array(total);
    this.#roots = new Int32Array(model.trees.length);
    this.#groups = Int32Array.from(model.treeGroups);
    let offset = 0;
    model.trees.forEach((tree, treeIndex) => {
      const order = orders[treeIndex] as number[];
      const position = new Map<number, number>();
      order.forEach((node, index) => position.set(node, offset + index));
      this.#roots[treeIndex] = offset;
      for (const node of order) {
        const at = position.get(node) as number;
        const left = tree.left[node] as number;
        this.#value[at] = tree.threshold[node] as number;
        if (left === -1) {
          this.#feature[at] = -1;
          continue;
        }
        const leftAt = position.get(left) as number;
        const rightAt = position.get(tree.right[node] as number) as number;
        this.#feature[at] = tree.feature[node] as number;
        this.#left[at] = leftAt;
        this.#right[at] = rightAt;
        this.#missing[at] = tree.defaultLeft[node] === 1 ? leftAt : rightAt;
      }
      offset += order.length;
    });
    if (this.#compileMode === 'always') this.compile();
  }

  /** Compile an XGBoost model, optionally restricted to its first `ntreeLimit` rounds. */
  static fromXGBoost(model: XGBoostModel, options: { readonly ntreeLimit?: number; readonly compile?: CompileMode } = {}): CompiledForest {
    return new CompiledForest(options.ntreeLimit === undefined ? model : firstRounds(model, options.ntreeLimit), options.compile ?? 'auto');
  }

  /** Whether the trees run as generated code (else by walking the node arrays). */
  get isCompiled(): boolean {
    return this.#compiled !== undefined;
  }

  /** Generate and compile JavaScript for the trees now (no-op when done, or when code generation is disabled). */
  compile(): void {
    if (this.#compiled !== undefined || this.#compileMode === 'never') return;
    const chunks = generateTreeCode(this.#model);
    this.#compiled = compileTreeCode(chunks);
    if (this.#compiled !== undefined) this.#chunks = chunks;
  }

  /** @internal The generated sources and their compiled functions (after `compile()`). */
  get compiledCode(): { readonly chunks: readonly TreeCodeChunk[]; readonly functions: readonly TreeFunction[] } | undefined {
    return this.#compiled === undefined || this.#chunks === undefined ? undefined : { chunks: this.#chunks, functions: this.#compiled };
  }

  /** Total reachable nodes. */
  get nNodes(): number {
    return this.#feature.length;
  }

  /** Number of trees. */
  get nTrees(): number {
    return this.#roots.length;
  }

  /**
   * Raw margins of `nRows` row-major rows (`x.length >= nRows * nFeatures`), `nGroups` per row,
   * using trees `[firstTree, lastTree)` added onto `out` (which the caller initialised).
   */
  accumulate(x: Float32Array, nRows: number, out: Float32Array, firstTree = 0, lastTree = this.#roots.length): void {
    const feature = this.#feature;
    const value = this.#value;
    const left = this.#left;
    const right = this.#right;
    const missing = this.#missing;
    const roots = this.#roots;
    const groups = this.#groups;
    const nFeatures = this.nFeatures;
    const nGroups = this.nGroups;
    for (let start = 0; start < nRows; start += BLOCK_ROWS) {
      const end = Math.min(nRows, start + BLOCK_ROWS);
      for (let tree = firstTree; tree < lastTree; tree++) {
        const root = roots[tree] as number;
        const group = groups[tree] as number;
        for (let row = start; row < end; row++) {
          const base = row * nFeatures;
          let node = root;
          let split = feature[node] as number;
          while (split >= 0) {
            const v = x[base + split] as number;
            // NaN fails `<` and `===`: it takes the precomputed default side.
            node = v < (value[node] as number) ? (left[node] as number) : v === v ? (right[node] as number) : (missing[node] as number);
            split = feature[node] as number;
          }
          // Float32Array stores round to float32: XGBoost's float accumulation, in tree order.
          const slot = row * nGroups + group;
          out[slot] = (out[slot] as number) + (value[node] as number);
        }
      }
    }
  }

  /** Margins (`nRows * nGroups`), XGBoost's `output_margin=True`. */
  margins(x: Float32Array, nRows: number, rounds = this.nRounds): Float32Array {
    const out = new Float32Array(nRows * this.nGroups).fill(this.baseMargin);
    const lastTree = this.#treeEnd(rounds);
    if (this.#compileMode === 'auto' && this.#compiled === undefined) {
      this.#evaluations += nRows * lastTree;
      if (this.#evaluations >= AUTO_COMPILE_EVALUATIONS_PER_NODE * this.nNodes) this.compile();
    }
    const compiled = this.#compiled;
    if (compiled === undefined || lastTree !== this.nTrees) {
      this.accumulate(x, nRows, out, 0, lastTree);
      return out;
    }
    for (let start = 0; start < nRows; start += COMPILED_BLOCK_ROWS) {
      const end = Math.min(nRows, start + COMPILED_BLOCK_ROWS);
      for (const trees of compiled) trees(x, out, start, end);
    }
    return out;
  }

  #treeEnd(rounds: number): number {
    if (!Number.isSafeInteger(rounds) || rounds < 0 || rounds > this.nRounds) throw new RangeError(`rounds must be an integer in [0, ${this.nRounds}], got ${rounds}`);
    return rounds * this.#treesPerRound;
  }

  /**
   * Call `visit(round, margins)` after each boosting round `1..nRounds` (margins of the model
   * truncated to that round), in one pass over the trees: how the number of trees is tuned
   * without retraining. `margins` is reused between calls.
   */
  forEachRound(x: Float32Array, nRows: number, visit: (round: number, margins: Float32Array) => void): void {
    const out = new Float32Array(nRows * this.nGroups).fill(this.baseMargin);
    for (let round = 1; round <= this.nRounds; round++) {
      this.accumulate(x, nRows, out, (round - 1) * this.#treesPerRound, round * this.#treesPerRound);
      visit(round, out);
    }
  }
}

/**
 * Turn margins into predictions as XGBoost's `PredTransform` does, in float32: `identity`;
 * `logistic` → `1 / (1 + exp(-m))`; `exp`; `softmax` per row (max-shifted, as XGBoost). With
 * `twoColumns` a logistic output becomes `[1 - p, p]` per row (class probabilities).
 */
export function applyTransform(transform: XGBoostTransform, margins: Float32Array, nGroups: number, twoColumns = false): Float32Array {
  const n = margins.length;
  switch (transform) {
    case 'identity':
      return Float32Array.from(margins);
    case 'exp': {
      const out = new Float32Array(n);
      for (let index = 0; index < n; index++) out[index] = Math.exp(margins[index] as number);
      return out;
    }
    case 'logistic': {
      const out = new Float32Array(twoColumns ? 2 * n : n);
      for (let index = 0; index < n; index++) {
        const p = Math.fround(1 / Math.fround(1 + Math.fround(Math.exp(-(margins[index] as number)))));
        if (twoColumns) {
          out[2 * index] = 1 - p;
          out[2 * index + 1] = p;
        } else {
          out[index] = p;
        }
      }
      return out;
    }
    case 'softmax': {
      const out = new Float32Array(n);
      for (let start = 0; start < n; start += nGroups) {
        let max = margins[start] as number;
        for (let k = 1; k < nGroups; k++) max = Math.max(max, margins[start + k] as number);
        // XGBoost sums the float32 exponentials in double.
        let sum = 0;
        for (let k = 0; k < nGroups; k++) {
          const e = Math.fround(Math.exp(Math.fround((margins[start + k] as number) - max)));
          out[start + k] = e;
          sum += e;
        }
        const total = Math.fround(sum);
        for (let k = 0; k < nGroups; k++) out[start + k] = (out[start + k] as number) / total;
      }
      return out;
    }
  }
}
