import type { TrialState } from '../protocol/trial-state.js';
import { TunekitError } from './tunekit-error.js';

/** A write to a trial that has already finished (finished trials never change). */
export class UpdateFinishedTrialError extends TunekitError {
  readonly trialId: number;
  readonly trialNumber: number | undefined;
  readonly state: TrialState;

  constructor(trialId: number, trialNumber: number | undefined, state: TrialState, action: string) {
    const name = trialNumber === undefined ? `id ${trialId}` : `${trialNumber}`;
    super(`Cannot ${action}: trial ${name} is already finished (state '${state}')`, {
      code: 'UPDATE_FINISHED_TRIAL',
    });
    this.trialId = trialId;
    this.trialNumber = trialNumber;
    this.state = state;
  }
}
