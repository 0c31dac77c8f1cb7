// The study file of the README ("The study file"), kept here so that it is type-checked and run.
import { TrialPruned, type Trial } from '@tunekit/core';
import type { StudyFileOptimizeOptions, StudyFileStudyOptions } from '@tunekit/cli';

export async function objective(trial: Trial): Promise<number> {
  const x = trial.suggestFloat('x', -10, 10);
  const steps = trial.suggestInt('steps', 1, 20);
  let loss = Infinity;
  for (let step = 0; step < steps; step++) {
    loss = (x - 2) ** 2 + 1 / (step + 1);
    trial.report(loss, step);
    if (await trial.shouldPrune()) throw new TrialPruned();
  }
  return loss;
}

export const studyOptions: StudyFileStudyOptions = { studyName: 'quadratic', direction: 'minimize' };
export const optimizeOptions: StudyFileOptimizeOptions = { nTrials: 50, catch: [RangeError] };
