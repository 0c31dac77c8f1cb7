import { sampleUniform } from '../../samplers/sample-uniform.js';
import type { ParamValue, SearchSpace } from '../../protocol/distribution.js';
import type { FrozenTrial } from '../../protocol/frozen-trial.js';
import type { StudyDirection, TrialState } from '../../protocol/trial-state.js';
import { createFrozenTrial } from '../../trial/create-frozen-trial.js';
import { SeededRandom } from '../../utils/seeded-random.js';
import type { ImportanceStudy } from '../get-param-importances.js';

/** A study-like object over fixed trials (what `getParamImportances` reads). */
export function fakeStudy(trials: readonly FrozenTrial[], directions: readonly StudyDirection[] = ['minimize']): ImportanceStudy {
  return {
    directions,
    getTrials: (options: { readonly states?: readonly TrialState[] } = {}) => (options.states === undefined ? trials : trials.filter((trial) => options.states?.includes(trial.state))),
  };
}

/** `n` complete trials drawn uniformly from `space` (seeded), valued by `objective`. */
export function randomTrials(space: SearchSpace, n: number, objective: (params: Record<string, ParamValue>) => number | number[], seed = 0): FrozenTrial[] {
  const random = new SeededRandom(seed);
  return Array.from({ length: n }, (_, i) => {
    const params = Object.fromEntries(Object.entries(space).map(([name, dist]) => [name, sampleUniform(dist, random)]));
    const value = objective(params);
    return createFrozenTrial({ trialId: i, number: i, state: 'complete', values: Array.isArray(value) ? value : [value], params, distributions: space, datetimeStart: 0, datetimeComplete: 1 });
  });
}
