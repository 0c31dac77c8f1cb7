import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { encodeParams, type EncodedParams } from './encode-params.js';
import type { ImportanceInput } from './importance-evaluator.js';
import { RandomForestRegressor } from './random-forest-regressor.js';
import type { RegressionTree } from './regression-tree.js';

/** The forest settings the forest-based evaluators (fANOVA, mean decrease impurity) share. */
export interface ForestImportanceOptions {
  readonly nTrees: number;
  readonly maxDepth: number;
  readonly seed: number | undefined;
}

/**
 * Validate an evaluator's forest options eagerly (a bad option fails at construction, not at the
 * first `evaluate`), applying Optuna's defaults of 64 trees of depth at most 64.
 */
export function forestImportanceOptions(options: { readonly nTrees?: number; readonly maxDepth?: number; readonly seed?: number }): ForestImportanceOptions {
  const forest = new RandomForestRegressor({ ...options, nTrees: options.nTrees ?? 64, maxDepth: options.maxDepth ?? 64 });
  return { nTrees: forest.nTrees, maxDepth: forest.maxDepth, seed: options.seed };
}

/**
 * Fit a fresh forest on `input` (so a seeded evaluator gives the same answer every call) and
 * average each parameter's per-tree share over the trees where `sharesOf` gives one (undefined:
 * the tree has nothing to share out, e.g. a constant prediction). Throws `InvalidArgumentError`
 * (field `target`) naming `why` when no tree does.
 */
export function meanTreeShares(
  input: ImportanceInput,
  options: ForestImportanceOptions,
  sharesOf: (tree: RegressionTree, encoded: EncodedParams) => ArrayLike<number> | undefined,
  why: string,
): Record<string, number> {
  const names = Object.keys(input.space);
  const encoded = encodeParams(input.space, input.trials, input.targets);
  const forest = new RandomForestRegressor({ nTrees: options.nTrees, maxDepth: options.maxDepth, ...(options.seed === undefined ? {} : { seed: options.seed }) }).fit(encoded.data);
  const sums = new Float64Array(names.length);
  let nUsed = 0;
  for (const tree of forest.trees) {
    const shares = sharesOf(tree, encoded);
    if (shares === undefined) continue;
    nUsed++;
    for (let f = 0; f < names.length; f++) sums[f] = (sums[f] as number) + (shares[f] as number);
  }
  if (nUsed === 0) throw new InvalidArgumentError('target', input.targets[0], `target values that vary between the ${input.trials.length} trials (${why})`);
  return Object.fromEntries(names.map((name, f) => [name, (sums[f] as number) / nUsed]));
}
