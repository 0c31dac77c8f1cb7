import type { Trial } from '@tunekit/core';

// The objective fails on its second trial with an error the study file does not `catch`.
export function objective(trial: Trial): number {
  trial.suggestFloat('x', 0, 1);
  if (trial.number === 1) throw new TypeError('model.fit is not a function');
  return trial.number;
}
