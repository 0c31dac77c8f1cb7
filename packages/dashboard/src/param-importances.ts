import * as core from '@tunekit/core';
import type { FrozenTrial, ParamImportances, StudyDirection, StudyView } from '@tunekit/core';

/** Importances, or why there are none. */
export type ImportanceResult = { readonly importances: ParamImportances; readonly evaluator: string } | { readonly importances: undefined; readonly reason: string };

type ImportanceFunction = (study: StudyView & { readonly trials: readonly FrozenTrial[] }, options?: { readonly evaluator?: unknown }) => unknown;
type EvaluatorClass = new (options: { readonly seed?: number }) => { readonly name?: string };

/**
 * Parameter importances from `@tunekit/core`'s `getParamImportances`, when the installed core has
 * it (it arrives with the importance evaluators); otherwise a reason, so the report says that
 * importance is unavailable rather than showing numbers nobody measured. The function receives a
 * read-only view of the trials (sync `getTrials` and a `trials` array); it may return a Promise.
 * fANOVA is seeded (0), so the same trials always give the same bars.
 */
export async function computeParamImportances(study: { readonly studyId: number; readonly studyName: string; readonly directions: readonly StudyDirection[] }, trials: readonly FrozenTrial[]): Promise<ImportanceResult> {
  const candidate = (core as unknown as Record<string, unknown>).getParamImportances;
  if (typeof candidate !== 'function') return { importances: undefined, reason: core.IMPORTANCE_UNAVAILABLE_REASON };
  if (study.directions.length > 1) return { importances: undefined, reason: 'Parameter importance is computed for single-objective studies.' };
  if (!trials.some((trial) => trial.state === 'complete' && Object.keys(trial.params).length > 0)) {
    return { importances: undefined, reason: 'Parameter importance needs complete trials with parameters.' };
  }
  const view: StudyView & { readonly trials: readonly FrozenTrial[] } = {
    studyId: study.studyId,
    studyName: study.studyName,
    directions: study.directions,
    trials,
    systemAttrs: {},
    getTrials: (options = {}) => (options.states === undefined ? trials : trials.filter((trial) => options.states?.includes(trial.state))),
    setTrialSystemAttr: () => Promise.reject(new Error('the dashboard is read-only')),
    stop: () => undefined,
  };
  const Fanova = (core as unknown as Record<string, unknown>).FanovaImportanceEvaluator;
  try {
    const evaluator = typeof Fanova === 'function' ? new (Fanova as EvaluatorClass)({ seed: 0 }) : undefined;
    const result = await (candidate as ImportanceFunction)(view, evaluator === undefined ? undefined : { evaluator });
    // fANOVA is also getParamImportances' default evaluator.
    if (result instanceof Map || (typeof result === 'object' && result !== null)) return { importances: result as ParamImportances, evaluator: evaluator?.name ?? 'fANOVA' };
    return { importances: undefined, reason: `getParamImportances returned ${typeof result}, not importances.` };
  } catch (error) {
    return { importances: undefined, reason: `Parameter importance could not be computed: ${error instanceof Error ? error.message : String(error)}` };
  }
}
