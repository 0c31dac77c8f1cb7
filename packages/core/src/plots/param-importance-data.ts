import { InvalidArgumentError } from '../errors/invalid-argument-error.js';

/** Importances computed elsewhere: parameter name → importance (non-negative, any scale). */
export type ParamImportances = Readonly<Record<string, number>> | ReadonlyMap<string, number>;

export interface ParamImportanceOptions {
  /** What the evaluator was (shown next to the plot), e.g. `'fANOVA'`. */
  readonly evaluator?: string;
  /** Why importances are missing, when `importances` is undefined. */
  readonly reason?: string;
}

/** One bar of the importance plot. */
export interface ParamImportanceEntry {
  readonly name: string;
  /** Share of the total, in [0, 1]; the entries sum to 1 (unless every importance is 0). */
  readonly importance: number;
}

/**
 * Optuna's `plot_param_importances`, as data: parameters by decreasing importance, normalised to
 * sum to 1. Computing importance (fANOVA, PED-ANOVA) is not a plot's job: this takes importances
 * already computed, and says plainly that none are available otherwise, rather than showing
 * numbers that were not measured.
 */
export type ParamImportanceData =
  | { readonly available: true; readonly evaluator: string | undefined; readonly importances: readonly ParamImportanceEntry[] }
  | { readonly available: false; readonly reason: string };

/** What is shown when no importances were given (and no `reason`). */
export const IMPORTANCE_UNAVAILABLE_REASON = 'Parameter importance is not available: no importances were given (compute them with getParamImportances, then pass them in).';

/** The importance bars for `importances` (see `ParamImportanceData`); unavailable when undefined. */
export function getParamImportanceData(importances: ParamImportances | undefined, options: ParamImportanceOptions = {}): ParamImportanceData {
  if (importances === undefined) return { available: false, reason: options.reason ?? IMPORTANCE_UNAVAILABLE_REASON };
  const entries = importances instanceof Map ? [...(importances as ReadonlyMap<string, number>).entries()] : Object.entries(importances);
  for (const [name, value] of entries) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new InvalidArgumentError(`importances['${name}']`, value, 'a finite number >= 0');
  }
  if (entries.length === 0) return { available: false, reason: options.reason ?? 'No parameter to rank: the study has no complete trial with parameters.' };
  const total = entries.reduce((sum, [, value]) => sum + value, 0);
  const ranked = entries.map(([name, value]) => ({ name, importance: total > 0 ? value / total : 0 })).sort((a, b) => b.importance - a.importance || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { available: true, evaluator: options.evaluator, importances: ranked };
}
