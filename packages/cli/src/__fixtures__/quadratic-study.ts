import { RandomSampler, type Trial } from '@tunekit/core';

// A study file as `tunekit run` documents it: minimise (x - 2)^2 + a penalty for one choice.
export async function objective(trial: Trial): Promise<number> {
  const x = trial.suggestFloat('x', -10, 10);
  const kind = trial.suggestCategorical('kind', ['plain', 'comma, "quoted"']);
  return (x - 2) ** 2 + (kind === 'plain' ? 0 : 1);
}

export const studyOptions = { direction: 'minimize' as const, sampler: new RandomSampler({ seed: 7 }) };
export const optimizeOptions = { nTrials: 3 };
