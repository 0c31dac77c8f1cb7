import type { Trial } from '@tunekit/core';

// Odd trials throw RangeError, listed in `catch`: they fail, the study goes on.
export function objective(trial: Trial): number {
  const x = trial.suggestInt('x', 0, 10);
  if (trial.number % 2 === 1) throw new RangeError(`diverged at x=${x}`);
  return x;
}
export const optimizeOptions = { nTrials: 4, catch: [RangeError], progress: false };
