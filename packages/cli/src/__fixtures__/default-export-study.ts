import type { Trial } from '@tunekit/core';

// The contract as a default export object, with an option key tunekit does not know.
export default {
  objective: (trial: Trial) => trial.suggestFloat('y', 0, 1),
  studyOptions: { direction: 'maximize', loadIfExists: false },
  optimizeOptions: { nTrial: 5 },
};
