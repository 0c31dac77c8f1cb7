import type { Trial } from '@tunekit/core';

// Declares `maximize`, to clash with a study created as `minimize`.
export const objective = (trial: Trial) => trial.suggestFloat('z', 0, 1);
export const studyOptions = { direction: 'maximize' as const };
