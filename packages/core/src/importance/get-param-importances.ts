import { distributionsEqual, isSingle } from '../distributions/distribution-values.js';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { Distribution } from '../protocol/distribution.js';
import type { FrozenTrial } from '../protocol/frozen-trial.js';
import type { StudyDirection, TrialState } from '../protocol/trial-state.js';
import { FanovaImportanceEvaluator } from './fanova-importance-evaluator.js';
import type { ImportanceEvaluator } from './importance-evaluator.js';

/** Anything with a study's directions and trials: a `Study` (async) or a `StudyView` (sync). */
export interface ImportanceStudy {
  readonly directions: readonly StudyDirection[];
  getTrials(options?: { readonly states?: readonly TrialState[] }): readonly FrozenTrial[] | Promise<readonly FrozenTrial[]>;
}

export interface GetParamImportancesOptions {
  /** How to measure importance. Default: `new FanovaImportanceEvaluator()` (unseeded). */
  readonly evaluator?: ImportanceEvaluator;
  /**
   * Parameters to rate. Default: those present in every complete trial with the same
   * distribution (so conditional parameters are left out). When given, only the complete trials
   * that have all of them are used, and they must have the same distribution in each. `[]`
   * gives `{}`.
   */
  readonly params?: readonly string[];
  /**
   * The number to explain, per trial. Default: the objective value. Required for a
   * multi-objective study, e.g. `(trial) => trial.values![0]!`. Trials whose target is not
   * finite are left out. With a `target`, PED-ANOVA treats lower as better (as Optuna).
   */
  readonly target?: (trial: FrozenTrial) => number;
  /** Scale the importances to sum to 1 (default `true`). When all are 0, each gets an equal share. */
  readonly normalize?: boolean;
}

/**
 * How much each parameter matters to the objective (Optuna's `get_param_importances`), from the
 * study's complete trials: parameter name → non-negative importance, keys in decreasing order of
 * importance (ties by name). By default measured with fANOVA and normalised to sum to 1.
 *
 * Parameters whose distribution has a single value (`low === high`, one choice) get importance 0
 * and are not shown to the evaluator; when every parameter is single-valued the result is `{}`
 * (both as Optuna). Keys are ordered by importance, except that JavaScript always lists
 * integer-like keys (a parameter named `'0'`) first. Throws `InvalidArgumentError` when the study
 * is multi-objective and no `target` is given (field `target`), when fewer than 2 complete trials
 * are usable (field `study`), or when `params` names a parameter no complete trial has, repeats
 * one, or names ones whose distributions differ between trials (field `params`).
 *
 * ```ts
 * const importances = await getParamImportances(study, { evaluator: new FanovaImportanceEvaluator({ seed: 0 }) });
 * // { lr: 0.71, depth: 0.22, activation: 0.07 }
 * ```
 */
export async function getParamImportances(study: ImportanceStudy, options: GetParamImportancesOptions = {}): Promise<Record<string, number>> {
  const { target, params } = options;
  const evaluator = options.evaluator ?? new FanovaImportanceEvaluator();
  if (typeof evaluator !== 'object' || evaluator === null || typeof evaluator.evaluate !== 'function') {
    throw new InvalidArgumentError('evaluator', evaluator, 'an ImportanceEvaluator (an object with evaluate(input))');
  }
  if (target !== undefined && typeof target !== 'function') throw new InvalidArgumentError('target', target, 'a function (trial) => number');
  if (target === undefined && study.directions.length > 1) {
    throw new InvalidArgumentError('target', target, `a function (trial) => number for a study with ${study.directions.length} objectives, e.g. (trial) => trial.values[0]`);
  }
  const completed = await study.getTrials({ states: ['complete'] });
  if (completed.length === 0) throw new InvalidArgumentError('study', '0 complete trials', 'at least 2 complete trials');
  if (params !== undefined) checkParams(params, completed);
  if (params !== undefined && params.length === 0) return {};

  const names = params ?? intersectionParams(completed);
  const trials = completed.filter((trial) => names.every((name) => name in trial.distributions));
  const space: Record<string, Distribution> = {};
  for (const name of [...names].sort()) {
    const first = (trials[0] as FrozenTrial).distributions[name] as Distribution;
    if (params !== undefined && trials.some((trial) => !distributionsEqual(trial.distributions[name] as Distribution, first))) {
      throw new InvalidArgumentError('params', params, `parameters with one distribution in every complete trial ('${name}' changes between trials)`);
    }
    space[name] = first;
  }
  const variable = Object.fromEntries(Object.entries(space).filter(([, dist]) => !isSingle(dist)));
  const single = Object.keys(space).filter((name) => !(name in variable));
  // Nothing varies: nothing to rate (Optuna returns an empty result too).
  if (Object.keys(variable).length === 0) return {};

  const usable: FrozenTrial[] = [];
  const targets: number[] = [];
  for (const trial of trials) {
    const value = target === undefined ? trial.values?.[0] : target(trial);
    if (typeof value === 'number' && Number.isFinite(value)) {
      usable.push(trial);
      targets.push(value);
    }
  }
  if (usable.length < 2) {
    throw new InvalidArgumentError('study', `${usable.length} usable complete trial${usable.length === 1 ? '' : 's'}`, `at least 2 complete trials with every parameter rated${target === undefined ? '' : ' and a finite target'}`);
  }
  const raw = evaluator.evaluate({ trials: usable, space: variable, targets, direction: target === undefined ? (study.directions[0] as StudyDirection) : 'minimize' });
  const result: Record<string, number> = {};
  for (const name of Object.keys(variable)) {
    const value = raw[name];
    if (typeof value !== 'number' || !(value >= 0) || !Number.isFinite(value)) {
      throw new InvalidArgumentError(`${evaluator.name ?? 'evaluator'}.evaluate()['${name}']`, value, 'a finite number >= 0');
    }
    result[name] = value;
  }
  for (const name of single) result[name] = 0;
  return normalizeAndSort(result, options.normalize ?? true);
}

/** Names present in every complete trial, with the same distribution in each (Optuna's intersection search space). */
function intersectionParams(trials: readonly FrozenTrial[]): string[] {
  const first = trials[0] as FrozenTrial;
  return Object.keys(first.distributions).filter((name) =>
    trials.every((trial) => {
      const dist = trial.distributions[name];
      return dist !== undefined && distributionsEqual(dist, first.distributions[name] as Distribution);
    }),
  );
}

function checkParams(params: readonly string[], completed: readonly FrozenTrial[]): void {
  if (!Array.isArray(params)) throw new InvalidArgumentError('params', params, 'an array of parameter names');
  const known = new Set(completed.flatMap((trial) => Object.keys(trial.distributions)));
  const seen = new Set<string>();
  for (const [i, name] of params.entries()) {
    if (typeof name !== 'string' || !known.has(name)) {
      const list = [...known].sort();
      throw new InvalidArgumentError(`params[${i}]`, name, `a parameter of a complete trial (${list.length === 0 ? 'the complete trials have none' : `one of ${list.map((n) => `'${n}'`).join(', ')}`})`);
    }
    if (seen.has(name)) throw new InvalidArgumentError(`params[${i}]`, name, 'each parameter once');
    seen.add(name);
  }
  if (params.length > 0 && !completed.some((trial) => params.every((name) => name in trial.distributions))) {
    throw new InvalidArgumentError('params', params, 'parameters that appear together in at least one complete trial');
  }
}

function normalizeAndSort(importances: Record<string, number>, normalize: boolean): Record<string, number> {
  const entries = Object.entries(importances);
  const total = entries.reduce((sum, [, value]) => sum + value, 0);
  const scaled = !normalize ? entries : total > 0 ? entries.map(([name, value]): [string, number] => [name, value / total]) : entries.map(([name]): [string, number] => [name, 1 / entries.length]);
  scaled.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return Object.fromEntries(scaled);
}
