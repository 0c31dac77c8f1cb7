import { categoricalDistribution, InvalidArgumentError, intDistribution, type Distribution, type Trial } from '@tunekit/core';
import type { Task } from '../data/dataset.js';
import type { EngineName } from '../model/random-forest-model.js';
import { resolveParams, type RandomForestParams } from '../params/random-forest-params.js';

/**
 * How one parameter is chosen: a fixed value, a tunekit distribution (suggested under the
 * parameter's name), or a function of the trial (for conditional choices).
 */
export type ParamSpec<T> = T | Distribution | ((trial: Trial) => T);

/** Per-parameter overrides of the default search space; parameters left out keep their default spec. */
export type RandomForestSearchSpace = { readonly [K in keyof RandomForestParams]?: ParamSpec<RandomForestParams[K]> };

/** Either per-parameter overrides, or a function returning all parameters (unset ones take scikit-learn's defaults). */
export type SearchSpaceInput = RandomForestSearchSpace | ((trial: Trial) => Partial<RandomForestParams>);

const ORDER = ['nEstimators', 'maxDepth', 'maxFeatures', 'minSamplesLeaf', 'minSamplesSplit', 'bootstrap', 'criterion'] as const;

/** `'sqrt'`, `'log2'`, or a fraction in [0.1, 1] (parameters `maxFeatures`, then `maxFeaturesFraction`). */
function maxFeaturesSpec(trial: Trial): RandomForestParams['maxFeatures'] {
  const rule = trial.suggestCategorical('maxFeatures', ['sqrt', 'log2', 'fraction'] as const);
  return rule === 'fraction' ? trial.suggestFloat('maxFeaturesFraction', 0.1, 1) : rule;
}

/**
 * The default search space, modelled on what practitioners tune (and on the Optuna reference
 * study of this repository's benchmark):
 *
 * | parameter | default spec |
 * |---|---|
 * | `nEstimators` | int 10–300, log scale (accuracy saturates; cost grows linearly) |
 * | `maxDepth` | int 2–32, log scale |
 * | `maxFeatures` | `'sqrt'`, `'log2'` or `'fraction'`; a fraction is a float 0.1–1 (`maxFeaturesFraction`) |
 * | `minSamplesLeaf` | int 1–20, log scale (engine `'ml-random-forest'`: fixed 1) |
 * | `minSamplesSplit` | int 2–20, log scale |
 * | `bootstrap` | `true` / `false` |
 * | `criterion` | `'gini'` / `'entropy'` (engine `'ml-random-forest'`: `'gini'`; regression: `'mse'`) |
 */
export function defaultSearchSpace(task: Task, engine: EngineName = 'fast'): Required<RandomForestSearchSpace> {
  const ml = engine === 'ml-random-forest';
  return {
    nEstimators: intDistribution(10, 300, { log: true }),
    maxDepth: intDistribution(2, 32, { log: true }),
    maxFeatures: maxFeaturesSpec,
    minSamplesLeaf: ml ? 1 : intDistribution(1, 20, { log: true }),
    minSamplesSplit: intDistribution(2, 20, { log: true }),
    bootstrap: categoricalDistribution([true, false]),
    criterion: task === 'regression' ? 'mse' : ml ? 'gini' : categoricalDistribution(['gini', 'entropy']),
  };
}

function isDistribution(spec: unknown): spec is Distribution {
  if (spec === null || typeof spec !== 'object') return false;
  const type = (spec as { type?: unknown }).type;
  return type === 'int' || type === 'float' || type === 'categorical';
}

/** Check a search space before any trial runs: known keys, valid fixed values, engine support. */
export function checkSearchSpace(space: SearchSpaceInput | undefined, task: Task, engine: EngineName, field = 'searchSpace'): void {
  if (space === undefined || typeof space === 'function') return;
  if (space === null || typeof space !== 'object') throw new InvalidArgumentError(field, space, 'per-parameter specs { nEstimators: ..., ... } or a function (trial) => params');
  const fixed: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(space)) {
    if (!(ORDER as readonly string[]).includes(key)) throw new InvalidArgumentError(`${field}.${key}`, spec, `no such parameter (known: ${ORDER.join(', ')})`);
    if (spec !== undefined && !isDistribution(spec) && typeof spec !== 'function') fixed[key] = spec;
  }
  resolveParams(fixed as Partial<RandomForestParams>, task, field);
  if (engine === 'ml-random-forest') {
    const leaf = space.minSamplesLeaf;
    if (leaf !== undefined && leaf !== 1) throw new InvalidArgumentError(`${field}.minSamplesLeaf`, isDistribution(leaf) ? leaf.type : leaf, "left out or 1 with engine 'ml-random-forest' (ml-cart has no minimum leaf size)");
    const criterion = space.criterion;
    if (criterion !== undefined && criterion !== 'gini' && task === 'classification') {
      throw new InvalidArgumentError(`${field}.criterion`, isDistribution(criterion) ? criterion.type : criterion, "left out or 'gini' with engine 'ml-random-forest' (ml-cart has no entropy criterion)");
    }
  }
}

/** Draw one trial's parameters: overrides over the default space, validated. */
export function suggestParams(trial: Trial, space: SearchSpaceInput | undefined, task: Task, engine: EngineName = 'fast'): RandomForestParams {
  if (typeof space === 'function') return resolveParams(space(trial), task, 'searchSpace(trial)');
  const defaults = defaultSearchSpace(task, engine);
  const chosen: Record<string, unknown> = {};
  for (const key of ORDER) {
    // `null` is a value (maxDepth: null = unlimited), so only `undefined` falls back to the default.
    const spec = (space?.[key] === undefined ? defaults[key] : space[key]) as ParamSpec<unknown>;
    chosen[key] = isDistribution(spec) ? trial.suggest(key, spec) : typeof spec === 'function' ? (spec as (trial: Trial) => unknown)(trial) : spec;
  }
  return resolveParams(chosen as Partial<RandomForestParams>, task, 'searchSpace');
}
