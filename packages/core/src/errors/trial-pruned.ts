import { TunekitError } from './tunekit-error.js';

/**
 * Throw from an objective to end the trial as `pruned`. Not a failure: control flow, as in
 * Optuna. `optimize` records the trial's last reported value (if any) and continues.
 */
export class TrialPruned extends TunekitError {
  constructor(message = 'Trial was pruned') {
    super(message, { code: 'TRIAL_PRUNED' });
  }
}
