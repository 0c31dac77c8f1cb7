import type { Trial } from '@tunekit/core';

// Two objectives in tension: accuracy rises with `size`, so does latency.
export function objective(trial: Trial): number[] {
  const size = trial.suggestInt('size', 1, 100);
  return [1 - 1 / size, size * 0.5];
}

export const studyOptions = { studyName: 'pareto', directions: ['maximize', 'minimize'] as const };
